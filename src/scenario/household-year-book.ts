/**
 * The closing of householdYear (household-year.ts): every household's end state, its book from
 * the logs with the runner's checks, and the baseline of the same money moved by plain transfers.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { EuroToken } from "../../typechain-types";
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import { CREDITORS, Role } from "../../deploy/modules/core";
import { monthIndexOf, ScenarioFailure } from "../core";
import { buildLedger, Ledger, LedgerContext } from "../chain";
import { accountStrings, conservationCheck, livingMoneyCheck, rentCheck } from "../book";
import type { BaselineTransfer, EndState, HouseholdEndState } from "./household-year";
import type { Year } from "./household-year-run";
import { planAt } from "./schedule";

/** The shared accounts whose balance change the end state shows: the creditors and the treasury. */
const SHARED_ROLES = [...CREDITORS, "treasury"] as const;

/** Token balances of `addresses`, in order. */
export function balancesOf(token: EuroToken, addresses: string[]): Promise<bigint[]> {
  return Promise.all(addresses.map((a) => token.balanceOf(a)));
}

/** The addresses of the shared roles, in SHARED_ROLES' order. */
export function sharedAddresses(who: Record<Role, HardhatEthersSigner>): string[] {
  return SHARED_ROLES.map((r) => who[r].address);
}

export function addressesOf(signers: HardhatEthersSigner[]): string[] {
  return signers.map((s) => s.address);
}

// ---- the end state --------------------------------------------------------------------------------------

/** Every household's end state (read before the baseline's transfers move any balance). */
export async function endStateOf(year: Year): Promise<EndState> {
  const [sharedAfter, residentsAfter] = await Promise.all([
    balancesOf(year.token, sharedAddresses(year.who)),
    balancesOf(year.token, addressesOf(year.residents)),
  ]);
  const households = await Promise.all(
    year.households.map((_, i) => householdEndState(year, i, residentsAfter[i] - year.residentsBefore[i])),
  );
  return {
    households,
    shared: Object.fromEntries(SHARED_ROLES.map((r, k) => [r, (sharedAfter[k] - year.sharedBefore[k]).toString()])),
  };
}

async function householdEndState(year: Year, i: number, residentChange: bigint): Promise<HouseholdEndState> {
  const h = year.households[i];
  const payees = [
    ...CREDITORS.map((r) => ({ name: r as string, address: year.who[r].address })),
    { name: "resident", address: h.resident.address },
  ];
  const [buckets, accounts, balance, schedule, pending, claimable] = await Promise.all([
    h.vault.buckets(),
    h.vault.accounts(),
    year.token.balanceOf(year.vaultAddresses[i]),
    h.vault.livingMoneySchedule(),
    h.vault.pendingPlan(),
    Promise.all(payees.map(async (p) => [p.name, (await h.vault.claimable(p.address)).toString()] as const)),
  ]);
  const sinceStart = (t: bigint) => Number(t) - year.schedule.startDay;
  return {
    buckets: buckets.map((b) => bucketEndState(year, b)),
    accounts: accountStrings(accounts),
    livingMoney: {
      weeksReleased: Number(schedule.weeksReleased),
      nextReleaseAt: sinceStart(schedule.nextReleaseAt),
    },
    claimable: Object.fromEntries(claimable),
    planNonce: Number(pending.nonce),
    vaultBalance: balance.toString(),
    resident: residentChange.toString(),
  };
}

/** A bucket in terms that do not depend on the year the run was moved to (see HouseholdEndState). */
function bucketEndState(year: Year, b: IHouseholdVault.BucketViewStructOutput): HouseholdEndState["buckets"][number] {
  const { startDay } = year.schedule;
  return {
    creditor: year.roleOf.get(b.creditor.toLowerCase()) ?? b.creditor,
    dueDay: Number(b.dueDay),
    amountPerMonth: b.amountPerMonth.toString(),
    balance: b.balance.toString(),
    arrears: b.arrears.toString(),
    paidThroughMonth: Number(b.paidThroughMonth) - monthIndexOf(startDay),
    nextDueAt: Number(b.nextDueAt) - startDay,
  };
}

// ---- every household's book and the runner's checks ----------------------------------------------

/**
 * Every household's book, checked as the runner checks the demo's; identical households must end
 * identically. Throws a ScenarioFailure naming the households that fail; returns the books and
 * the names of the checks passed.
 */
export function checkHouseholds(year: Year): { ledgers: Ledger[]; checkNames: Set<string> } {
  const problems: string[] = [];
  const ledgers: Ledger[] = [];
  const checkNames = new Set<string>();
  const summaries: string[] = [];
  for (let i = 0; i < year.N; i++) {
    const checked = checkHousehold(year, i);
    ledgers.push(checked.ledger);
    for (const c of checked.checks) {
      checkNames.add(c.name);
      if (!c.ok) problems.push(`household ${i} (vault ${year.vaultAddresses[i]}): ${c.name}: ${c.detail}`);
    }
    summaries.push(checked.summary);
  }
  const different = summaries.findIndex((s) => s !== summaries[0]);
  checkNames.add("households-identical");
  if (different > 0) problems.push(`household ${different} ended differently from household 0`);
  if (problems.length > 0) {
    throw new ScenarioFailure(
      `householdYear: ${problems.length} failed check(s), first: ${problems[0]}`,
      problems.slice(0, 20),
    );
  }
  return { ledgers, checkNames };
}

/** Household `i`'s book, its checks, and a summary of its flows to compare with the others'. */
function checkHousehold(year: Year, i: number) {
  const logs = year.chain.logsByVault.get(year.vaultAddresses[i].toLowerCase())!;
  const ledger = buildLedger(logs, year.chain.timestamps, ledgerContext(year, i));
  const end = year.finalViews[i];
  const { money } = year;
  const conservation = conservationCheck({
    ledger,
    samples: year.samples[i],
    accounts: end.accounts,
    bucketViews: end.buckets,
    vaultBalance: end.balance,
    money,
  });
  const h = year.households[i];
  const checks = [
    rentCheck(ledger, year.rentWatch[i], money),
    conservation.check,
    livingMoneyCheck(ledger, h.planHistory, year.vaultStart[i], year.schedule.lastKeeperRun, money),
    {
      name: "keeper-calls-never-failed",
      ok: !ledger.shortfalls.some((s) => s.kind === "KeeperCallFailed"),
      detail: "a keeper call (settle or release) reverted inside the batch",
    },
  ];
  // Identical households end identically: the same flows in and out, and the same holdings.
  const summary = JSON.stringify(
    {
      in: conservation.inflow,
      out: conservation.outflow,
      held: end.balance,
      payments: ledger.payments.map((p) => [p.bucket, p.month, p.status, p.amount]),
      weeks: ledger.weeks.length,
    },
    (_, v) => (typeof v === "bigint" ? v.toString() : v),
  );
  return { ledger, checks, summary };
}

/** What household `i`'s ledger needs besides its logs: who is who, and its plan in force at each time. */
function ledgerContext(year: Year, i: number): LedgerContext {
  const { who, money, token, factory, scenario } = year;
  const h = year.households[i];
  const roles = new Map(year.roleOf);
  roles.set(h.resident.address.toLowerCase(), "resident");
  const planNow = (t: number) => planAt(h, t);
  return {
    vault: year.vaultAddresses[i],
    resident: h.resident.address,
    treasury: who.treasury.address,
    roles,
    creditorBucket: new Map(scenario.plan.buckets.map((b) => [who[b.creditor].address.toLowerCase(), b.code])),
    dueDayAt: (bucket, t) => planNow(t).buckets.find((b) => b.code === bucket)?.dueDay ?? 1,
    amountAt: (bucket, t) => money.units(planNow(t).buckets.find((b) => b.code === bucket)?.amount ?? "0"),
    weeklyAt: (t) => money.units(planNow(t).weeklyLivingMoney),
    senders: year.chain.senders,
    start: year.vaultStart[i],
    labels: new Map(),
    vaultInterface: h.vault.interface,
    tokenInterface: token.interface,
    factoryInterface: factory.interface,
  };
}

// ---- the baseline: the same money movements as plain transfers ---------------------------------------

/** Who pays whom in the baseline, which movements of the book each transfer stands for, and how much it moves. */
const BASELINE_KINDS: {
  kind: BaselineTransfer["kind"];
  description: string;
  /** The book's movement kinds it stands for; "weeks": the weeks of living money released. */
  counts: string[] | "weeks";
  /** The movement kinds whose first amount it moves ("weekly": the plan's weekly living money). */
  amountOf: string[] | "weekly";
  from: "wi" | "account" | "treasury";
  to: "account" | "creditor" | "resident" | "treasury";
}[] = [
  {
    kind: "income",
    description:
      "a payer pays income into the household's account (one per deposit; the opening balance is there already)",
    counts: ["income"],
    amountOf: ["income"],
    from: "wi",
    to: "account",
  },
  {
    kind: "creditor",
    description: "the account pays a creditor (a fixed cost, once each month)",
    counts: ["fixed-cost", "claim"],
    amountOf: ["fixed-cost"],
    from: "account",
    to: "creditor",
  },
  {
    kind: "living-money",
    description: "the account pays the resident one week of living money",
    counts: "weeks",
    amountOf: "weekly",
    from: "account",
    to: "resident",
  },
  {
    kind: "savings-withdrawal",
    description: "the account pays the resident savings she asks for",
    counts: ["savings-withdrawal"],
    amountOf: ["savings-withdrawal"],
    from: "account",
    to: "resident",
  },
  {
    kind: "advance",
    description: "the municipality advances money into the account",
    counts: ["advance"],
    amountOf: ["advance"],
    from: "treasury",
    to: "account",
  },
  {
    kind: "advance-repayment",
    description: "the account repays the municipality",
    counts: ["advance-repayment"],
    amountOf: ["advance-repayment"],
    from: "account",
    to: "treasury",
  },
];

/**
 * Measures one plain EuroToken transfer of each baseline kind, from a receipt in warm state, and
 * prices a household's year of them (counted from what the vaults did).
 */
export async function measureBaseline(year: Year, ledgers: Ledger[]): Promise<BaselineTransfer[]> {
  const { who, token, money, chain } = year;
  // The household's own account at a bank (already holding money: warm), the resident, a creditor.
  const account = await chain.impersonate("household-year baseline account");
  chain.submit(
    { from: who.admin, contract: token, method: "mint", args: [account.address, money.units("100000")] },
    "baseline",
    "baseline: fund the household's account",
  );
  await chain.mineAt(chain.lastT + 1);
  const signers = { wi: who.wi, account, treasury: who.treasury };
  const payees = {
    account: account.address,
    creditor: who[year.scenario.plan.buckets[0].creditor].address,
    resident: year.residents[0].address,
    treasury: who.treasury.address,
  };
  const transfers: BaselineTransfer[] = [];
  for (const k of BASELINE_KINDS) {
    const from = signers[k.from];
    const to = payees[k.to];
    const amount = baselineAmount(year, ledgers[0], k.amountOf);
    // Both balances are nonzero before and the sender's after: the warm state of month two.
    const before = await Promise.all([token.balanceOf(from.address), token.balanceOf(to)]);
    if (before[0] <= amount || before[1] === 0n) throw new Error(`baseline ${k.kind}: not in warm state`);
    chain.submit({ from, contract: token, method: "transfer", args: [to, amount] }, "baseline", `baseline ${k.kind}`);
    await chain.mineAt(chain.lastT + 1);
    const gasPerTransfer = Number(chain.baselineGas.get(`baseline ${k.kind}`)!);
    const perHousehold = perHouseholdCount(ledgers, k.counts);
    const { kind, description } = k;
    transfers.push({ kind, description, perHousehold, gasPerTransfer, gasPerHousehold: perHousehold * gasPerTransfer });
  }
  return transfers;
}

/** How many movements of `kinds` (or weeks released) a household had in its year, on average. */
function perHouseholdCount(ledgers: Ledger[], kinds: string[] | "weeks"): number {
  const each = (l: Ledger) =>
    kinds === "weeks" ? l.weeks.length : l.movements.filter((m) => kinds.includes(m.kind)).length;
  return ledgers.reduce((s, l) => s + each(l), 0) / ledgers.length;
}

/** The first amount the book moved of `kinds` (1 euro when there was none), or the weekly amount. */
function baselineAmount(year: Year, ledger: Ledger, kinds: string[] | "weekly"): bigint {
  if (kinds === "weekly") return year.money.units(year.scenario.plan.weeklyLivingMoney);
  const m = ledger.movements.find((x) => kinds.includes(x.kind));
  return m ? BigInt(m.amount) : year.money.units("1");
}
