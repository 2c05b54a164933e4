/**
 * The household book (src/chain/ledger.ts) built from real logs in the cases the family year
 * does not reach: a release() that settles due fixed costs before it pays living money (creditors
 * and the resident paid in one transaction), close() paying a bucket's arrears in part, and one
 * split of several deposits and a plain transfer together (with income still waiting after it).
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Log } from "ethers";
import { buildLedger, Ledger, LedgerContext } from "../../src/chain";
import { deploySystem, EXIT_NOTICE, utc, WEEK } from "../helpers/fixtures";

const sixDecimals = () => deploySystem(6);

describe("the household book from the chain's logs", function () {
  let s: Awaited<ReturnType<typeof deploySystem>>;
  let ledger: Ledger;
  let releaseHash: string;
  let closeHash: string;

  before(async function () {
    s = await loadFixture(sixDecimals);
    const { vault, eur, accounts } = s;
    // The living-money weeks count from the vault's creation: one week before the first release.
    const start = Number((await vault.livingMoneySchedule()).nextReleaseAt) - WEEK;
    const fromBlock = await ethers.provider.getBlockNumber();
    const senders = new Map<string, string>();
    const record = recorder(senders);
    const sent = async (role: string, tx: Promise<ContractTransactionResponse>) => (await record(role, tx)).hash;

    // No income in January: on 1 February water (January), rent and insurance are missed.
    await time.increaseTo(utc(2027, 2, 1, 12));
    await sent("keeper", vault.connect(accounts.keeper).settle());
    // 5 February: income fills the arrears, energy's February payment and three weeks of living money;
    // release() then settles first (energy is due) and pays the resident, all in one transaction.
    await time.increaseTo(utc(2027, 2, 5, 12));
    await sent("svb", vault.connect(accounts.svb).deposit(eur("2000")));
    releaseHash = await sent("keeper", vault.connect(accounts.keeper).release());
    // The resident leaves; close() settles March (rent falls due with 630 of 750) and pays the
    // landlord what the rent bucket holds toward its arrears: in part.
    await sent("resident", vault.connect(accounts.resident).requestExit());
    await time.increase(EXIT_NOTICE + 86_400);
    closeHash = await sent("keeper", vault.connect(accounts.keeper).close());

    ledger = await readBook(s, fromBlock, senders, start);
  });

  it("explains each transfer of a release() that settled first by the event before it", () => {
    const inRelease = ledger.movements.filter((m) => m.txHash === releaseHash);
    expect(inRelease.map((m) => [m.toRole, m.kind, m.amount, m.bucket ?? null, m.weeks ?? null])).to.deep.equal([
      ["landlord", "fixed-cost", s.eur("750").toString(), "RENT", null],
      ["energy", "fixed-cost", s.eur("150").toString(), "ENERGY", null],
      ["insurer", "fixed-cost", s.eur("140").toString(), "INSURANCE", null],
      ["water", "fixed-cost", s.eur("30").toString(), "WATER", null],
      ["resident", "living-money", s.eur("300").toString(), null, 3],
    ]);
    expect(inRelease.every((m) => m.sentBy === "keeper")).to.equal(true);
    // The months missed on 1 February were paid late by that release.
    const late = ledger.payments.filter((p) => p.status === "late").map((p) => [p.bucket, p.month, p.amount]);
    expect(late).to.deep.equal([
      ["RENT", "2027-02", s.eur("750").toString()],
      ["INSURANCE", "2027-02", s.eur("140").toString()],
      ["WATER", "2027-01", s.eur("30").toString()],
    ]);
  });

  it("records arrears that close() paid in part against the month, which stays open", () => {
    const toLandlord = ledger.movements.filter((m) => m.txHash === closeHash && m.toRole === "landlord");
    expect(toLandlord.map((m) => [m.kind, m.amount])).to.deep.equal([["fixed-cost", s.eur("630").toString()]]);
    const march = ledger.payments.find((p) => p.bucket === "RENT" && p.month === "2027-03")!;
    expect([march.status, march.amount, march.owed]).to.deep.equal([
      "missed",
      s.eur("630").toString(),
      s.eur("750").toString(),
    ]);
    expect(ledger.movements.filter((m) => m.kind === "other")).to.deep.equal([]);
  });

  it("keeps the book whole: what came in went out or is still held", async () => {
    let flow = 0n;
    for (const m of ledger.movements)
      flow += ["income", "advance", "transfer-in"].includes(m.kind) ? BigInt(m.amount) : -BigInt(m.amount);
    expect(flow).to.equal(await s.token.balanceOf(await s.vault.getAddress()));
  });
});

/** The household book of the fixture's vault from the logs since `fromBlock`, as the runner reads them. */
async function readBook(
  s: Awaited<ReturnType<typeof deploySystem>>,
  fromBlock: number,
  senders: Map<string, string>,
  start: number,
): Promise<Ledger> {
  const { vault, token, factory, eur, accounts } = s;
  const vaultAddress = await vault.getAddress();
  const range = { fromBlock, toBlock: await ethers.provider.getBlockNumber() };
  const pad = ethers.zeroPadValue(vaultAddress, 32);
  const transfer = token.interface.getEvent("Transfer").topicHash;
  const logs: Log[] = [
    ...(await ethers.provider.getLogs({ ...range, address: vaultAddress })),
    ...(await ethers.provider.getLogs({ ...range, address: await token.getAddress(), topics: [transfer, pad] })),
    ...(await ethers.provider.getLogs({
      ...range,
      address: await token.getAddress(),
      topics: [transfer, null, pad],
    })),
  ];
  const timestamps = new Map<number, number>();
  for (const l of logs) timestamps.set(l.blockNumber, (await ethers.provider.getBlock(l.blockNumber))!.timestamp);

  const roles = new Map<string, string>();
  for (const [role, signer] of Object.entries(accounts)) roles.set(signer.address.toLowerCase(), role);
  const codes: Record<string, string> = { landlord: "RENT", energy: "ENERGY", insurer: "INSURANCE", water: "WATER" };
  const amounts: Record<string, string> = { RENT: "750", ENERGY: "150", INSURANCE: "140", WATER: "30" };
  const dueDays: Record<string, number> = { RENT: 1, ENERGY: 5, INSURANCE: 1, WATER: 20 };
  const ctx: LedgerContext = {
    vault: vaultAddress,
    resident: accounts.resident.address,
    treasury: accounts.treasury.address,
    roles,
    creditorBucket: new Map(
      Object.entries(codes).map(([role, code]) => [
        accounts[role as keyof typeof accounts].address.toLowerCase(),
        code,
      ]),
    ),
    dueDayAt: (bucket) => dueDays[bucket],
    amountAt: (bucket) => eur(amounts[bucket]),
    weeklyAt: () => eur("100"),
    senders,
    start,
    labels: new Map(),
    vaultInterface: vault.interface,
    tokenInterface: token.interface,
    factoryInterface: factory.interface,
  };
  return buildLedger(logs, timestamps, ctx);
}

/** Sends a transaction and records who sent it, as the runner does. */
function recorder(senders: Map<string, string>) {
  return async (role: string, tx: Promise<ContractTransactionResponse>) => {
    const receipt = (await (await tx).wait())!;
    senders.set(receipt.hash, role);
    return receipt;
  };
}

describe("the household book: income waits for the keeper's split", function () {
  let s: Awaited<ReturnType<typeof deploySystem>>;
  let ledger: Ledger;
  let splitAt: number;

  before(async function () {
    s = await loadFixture(sixDecimals);
    const { vault, token, eur, accounts } = s;
    const start = Number((await vault.livingMoneySchedule()).nextReleaseAt) - WEEK;
    const fromBlock = (await ethers.provider.getBlockNumber()) + 1;
    const senders = new Map<string, string>();
    const sent = recorder(senders);
    // Two tagged deposits with a plain transfer between them; one split takes all three.
    await sent("svb", vault.connect(accounts.svb).deposit(eur("600")));
    await sent("admin", token.connect(accounts.admin).transfer(await vault.getAddress(), eur("400")));
    await sent("toeslagen", vault.connect(accounts.toeslagen).deposit(eur("300")));
    const split = await sent("keeper", vault.connect(accounts.keeper).allocate());
    splitAt = (await ethers.provider.getBlock(split.blockNumber))!.timestamp;
    // A deposit after the split still waits.
    await sent("wi", vault.connect(accounts.wi).deposit(eur("200")));
    ledger = await readBook(s, fromBlock, senders, start);
  });

  it("tags a deposit by its IncomeReceived event and a plain transfer as untagged income", () => {
    const incoming = ledger.movements.filter((m) => m.toRole === "vault");
    expect(incoming.map((m) => [m.fromRole, m.kind, m.source, m.amount])).to.deep.equal([
      ["svb", "income", "SVB", s.eur("600").toString()],
      ["admin", "transfer-in", "Untagged", s.eur("400").toString()],
      ["toeslagen", "income", "Toeslagen", s.eur("300").toString()],
      ["wi", "income", "WorkAndIncome", s.eur("200").toString()],
    ]);
  });

  it("books one split of everything that waited, by source, and when each income was split", () => {
    const splits = ledger.allocated.filter((a) => a.source === "Income");
    expect(splits.map((a) => [a.amount, a.sentBy, a.bySource, a.timestamp])).to.deep.equal([
      [s.eur("1300"), "keeper", { SVB: s.eur("600"), Untagged: s.eur("400"), Toeslagen: s.eur("300") }, splitAt],
    ]);
    const incoming = ledger.movements.filter((m) => m.toRole === "vault");
    expect(incoming.map((m) => m.splitAt)).to.deep.equal([splitAt, splitAt, splitAt, undefined]);
    expect(ledger.splitProblems).to.deep.equal([]);
  });

  it("leaves what came in after the split waiting, as the vault reports it", async () => {
    expect(ledger.waiting).to.equal(s.eur("200"));
    expect((await s.vault.accounts()).unallocated).to.equal(ledger.waiting);
  });
});
