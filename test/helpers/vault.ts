import { expect } from "chai";
import { ethers } from "hardhat";
import { BaseContract, ContractTransactionResponse } from "ethers";
import { EuroToken, HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import { Plan, Source, System } from "./fixtures";

type TxLike = Promise<ContractTransactionResponse> | ContractTransactionResponse;

/** One `Allocated` event, as plain values. */
export interface Allocation {
  source: number;
  amount: bigint;
  toBuckets: bigint[];
  toLivingMoney: bigint;
  toAdvanceRepayment: bigint;
  toBuffer: bigint;
  toSavings: bigint;
}

/** Every `Allocated` event `tx` emitted from `vault`, in order. */
export async function allocationsOf(tx: TxLike, vault: HouseholdVault): Promise<Allocation[]> {
  const receipt = await (await tx).wait();
  const address = (await vault.getAddress()).toLowerCase();
  const out: Allocation[] = [];
  for (const log of receipt!.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = vault.interface.parseLog(log);
    if (parsed?.name !== "Allocated") continue;
    out.push({
      source: Number(parsed.args.source),
      amount: parsed.args.amount,
      toBuckets: [...parsed.args.toBuckets],
      toLivingMoney: parsed.args.toLivingMoney,
      toAdvanceRepayment: parsed.args.toAdvanceRepayment,
      toBuffer: parsed.args.toBuffer,
      toSavings: parsed.args.toSavings,
    });
  }
  return out;
}

/**
 * A tagged deposit by `payer`, then `allocate()` in the next block: what a keeper's next call does
 * with waiting income. Returns the allocate transaction (which emits the `Allocated` event).
 */
export async function depositAndAllocate(
  vault: HouseholdVault,
  payer: Parameters<HouseholdVault["connect"]>[0],
  amount: bigint,
): Promise<ContractTransactionResponse> {
  await vault.connect(payer).deposit(amount);
  return vault.allocate();
}

/**
 * Asserts that `tx` (a deposit) emitted exactly one `IncomeReceived(source, amount)` and no
 * `Allocated`: a deposit only tags the income; the split waits for the next keeper call.
 */
export async function expectIncomeReceived(
  tx: TxLike,
  vault: HouseholdVault,
  source: number,
  amount: bigint,
): Promise<void> {
  expect(await eventArgs(tx, vault, "IncomeReceived"), "IncomeReceived").to.deep.equal([[BigInt(source), amount]]);
  expect(await allocationsOf(tx, vault), "no Allocated at the deposit").to.deep.equal([]);
}

/**
 * A deposit by `payer`, checked to be tagged `source` and left unsplit (see expectIncomeReceived),
 * then `allocate()` in the next block. Returns the allocate transaction (which emits `Allocated`
 * with `Source.Income`).
 */
export async function depositAndAllocateTagged(
  vault: HouseholdVault,
  payer: Parameters<HouseholdVault["connect"]>[0],
  amount: bigint,
  source: number,
): Promise<ContractTransactionResponse> {
  await expectIncomeReceived(vault.connect(payer).deposit(amount), vault, source, amount);
  return vault.allocate();
}

/**
 * `previewAllocation()` as an Allocation with `Source.Income`: the `Allocated` event the next keeper
 * call would emit if it ran at the block time of the call (an eth_call at "latest" runs at the
 * latest block's time; at "pending", at the time set for the next block).
 */
export async function previewOf(vault: HouseholdVault, blockTag: string | number = "latest"): Promise<Allocation> {
  const p = await vault.previewAllocation({ blockTag });
  return {
    source: Source.Income,
    amount: p.amount,
    toBuckets: [...p.toBuckets],
    toLivingMoney: p.toLivingMoney,
    toAdvanceRepayment: p.toAdvanceRepayment,
    toBuffer: p.toBuffer,
    toSavings: p.toSavings,
  };
}

/** The parts of an allocation, summed: must equal its amount. */
export function allocationTotal(a: Allocation): bigint {
  return a.toBuckets.reduce((s, x) => s + x, 0n) + a.toLivingMoney + a.toAdvanceRepayment + a.toBuffer + a.toSavings;
}

/**
 * Asserts that `tx` emitted exactly one `Allocated` event, with exactly these values, and that its
 * parts add up to its amount.
 */
export async function expectAllocated(tx: TxLike, vault: HouseholdVault, expected: Allocation): Promise<void> {
  const all = await allocationsOf(tx, vault);
  expect(all, "exactly one Allocated event").to.have.length(1);
  expect(all[0]).to.deep.equal(expected);
  expect(allocationTotal(all[0]), "parts add up to the amount").to.equal(all[0].amount);
}

/**
 * Conservation: the vault's token balance is exactly Σ bucket balances + living money + buffer +
 * savings + repayments held + claimables + unallocated, and unallocated is what the test expects.
 * (The vault computes unallocated with a saturating subtraction, so a balance below the tracked
 * total makes the equation fail.)
 */
export async function expectConserved(token: EuroToken, vault: HouseholdVault, unallocated = 0n): Promise<void> {
  const [balance, buckets, a] = await Promise.all([
    token.balanceOf(await vault.getAddress()),
    vault.buckets(),
    vault.accounts(),
  ]);
  const inBuckets = buckets.reduce((s, b) => s + b.balance, 0n);
  const tracked = inBuckets + a.livingMoney + a.buffer + a.savings + a.repaymentHeld + a.claimable;
  expect(balance, "token balance == tracked + unallocated").to.equal(tracked + a.unallocated);
  expect(a.unallocated, "unallocated").to.equal(unallocated);
}

/** Bucket balances, in order. */
export async function bucketBalances(vault: HouseholdVault): Promise<bigint[]> {
  return (await vault.buckets()).map((b) => b.balance);
}

/** Bucket arrears, in order. */
export async function bucketArrears(vault: HouseholdVault): Promise<bigint[]> {
  return (await vault.buckets()).map((b) => b.arrears);
}

/** The vault's accounts as a plain object, for deep comparisons. */
export async function accountsOf(vault: HouseholdVault) {
  const a = await vault.accounts();
  return {
    livingMoney: a.livingMoney,
    buffer: a.buffer,
    savings: a.savings,
    repaymentHeld: a.repaymentHeld,
    advanceOutstanding: a.advanceOutstanding,
    claimable: a.claimable,
    unallocated: a.unallocated,
  };
}

/** Everything a failed call must leave untouched: balances, buckets, accounts, schedule, plan state. */
export async function stateOf(token: EuroToken, vault: HouseholdVault, holders: string[] = []) {
  const vaultAddress = await vault.getAddress();
  const [weeksReleased, nextReleaseAt] = await vault.livingMoneySchedule();
  const [nonce, planHash] = await vault.pendingPlan();
  return {
    vaultBalance: await token.balanceOf(vaultAddress),
    holders: await Promise.all(holders.map((h) => token.balanceOf(h))),
    buckets: (await vault.buckets()).map((b) => [
      b.balance,
      b.arrears,
      b.paidThroughMonth,
      b.amountPerMonth,
      b.creditor,
    ]),
    accounts: await accountsOf(vault),
    schedule: [weeksReleased, nextReleaseAt],
    pending: [nonce, planHash],
    exitAvailableAt: await vault.exitAvailableAt(),
    paused: await vault.paused(),
    closed: await vault.closed(),
  };
}

/** The ABI type of IHouseholdVault.Plan. */
export const PLAN_TYPE =
  "tuple(tuple(uint8 category,uint8 dueDay,uint96 amountPerMonth,address creditor)[] buckets,uint128 weeklyLivingMoney,uint128 bufferTarget)";

/** keccak256(abi.encode(vault, nonce, plan)), as the vault stores a proposal. */
export function planHash(vault: string, nonce: bigint | number, plan: Plan): string {
  return ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(["address", "uint256", PLAN_TYPE], [vault, nonce, toTuple(plan)]),
  );
}

function toTuple(plan: Plan) {
  return [
    plan.buckets.map((b) => [b.category, b.dueDay, b.amountPerMonth, b.creditor]),
    plan.weeklyLivingMoney,
    plan.bufferTarget,
  ];
}

/** A plan as plain values (for comparing with the `plan()` view). */
export function planValues(plan: Plan) {
  return {
    buckets: plan.buckets.map((b) => [BigInt(b.category), BigInt(b.dueDay), BigInt(b.amountPerMonth), b.creditor]),
    weeklyLivingMoney: BigInt(plan.weeklyLivingMoney),
    bufferTarget: BigInt(plan.bufferTarget),
  };
}

/** The `plan()` view as plain values. */
export async function currentPlan(vault: HouseholdVault) {
  const p = await vault.plan();
  return {
    buckets: p.buckets.map((b) => [b.category, b.dueDay, b.amountPerMonth, b.creditor]),
    weeklyLivingMoney: p.weeklyLivingMoney,
    bufferTarget: p.bufferTarget,
  };
}

/** The block time at which the factory created `vault`: the start of its living-money weeks. */
export async function createdAt(factory: HouseholdVaultFactory, vault: HouseholdVault): Promise<number> {
  const logs = await factory.queryFilter(factory.filters.VaultCreated(undefined, await vault.getAddress()));
  expect(logs).to.have.length(1);
  const block = await ethers.provider.getBlock(logs[0].blockNumber);
  return block!.timestamp;
}

/**
 * Creates another household in the system's factory (resident and coach from the fixture unless
 * given) and lets the fixture's payers and admin pull-approve it.
 */
export async function createHousehold(
  sys: System,
  label: string,
  plan: Plan = sys.plan,
  resident: string = sys.accounts.resident.address,
): Promise<HouseholdVault> {
  const id = ethers.id(label);
  await sys.factory.createVault(id, resident, sys.accounts.coach.address, plan);
  const vault = (await ethers.getContractAt(
    "HouseholdVault",
    await sys.factory.vaultAddress(id),
  )) as unknown as HouseholdVault;
  const { svb, toeslagen, wi, admin } = sys.accounts;
  for (const payer of [svb, toeslagen, wi, admin]) {
    await sys.token.connect(payer).approve(await vault.getAddress(), ethers.MaxUint256);
  }
  return vault;
}

/** EIP-2612 permit signature of `owner` for `spender`. */
export async function signPermit(
  token: EuroToken,
  owner: Awaited<ReturnType<typeof ethers.getSigners>>[number],
  spender: string,
  value: bigint,
  deadline: number,
) {
  const signature = await owner.signTypedData(
    {
      name: await token.name(),
      version: "1",
      chainId: (await ethers.provider.getNetwork()).chainId,
      verifyingContract: await token.getAddress(),
    },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner: owner.address, spender, value, nonce: await token.nonces(owner.address), deadline },
  );
  return ethers.Signature.from(signature);
}

/**
 * The arguments of every `name` event `tx` emitted from `contract`, in order, as plain arrays
 * (enums and amounts as bigint), for exact comparisons of a whole list of events.
 */
export async function eventArgs(tx: TxLike, contract: BaseContract, name: string): Promise<unknown[][]> {
  const receipt = await (await tx).wait();
  const address = (await contract.getAddress()).toLowerCase();
  const out: unknown[][] = [];
  for (const log of receipt!.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = contract.interface.parseLog(log);
    if (parsed?.name === name) out.push(parsed.args.toArray(true));
  }
  return out;
}

/** The revert data (0x + selector...) buried somewhere in an ethers or Hardhat error, if any. */
export function findRevertData(e: unknown, depth = 0): string | undefined {
  if (depth > 6 || e === null || typeof e !== "object") return undefined;
  const o = e as Record<string, unknown>;
  for (const key of ["data", "error", "info", "cause", "revert"]) {
    const v = o[key];
    if (typeof v === "string" && /^0x[0-9a-fA-F]{8}/.test(v)) return v;
    const inner = findRevertData(v, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}
