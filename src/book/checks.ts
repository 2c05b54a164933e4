/**
 * The scenario's promises, checked from the book: rent never late while the vault held the money,
 * money conserved (every unit in is out or held), the same living money every week.
 */
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import type { Ledger } from "../chain";
import { isoDate, Money, monthName, WEEK } from "../core";
import type { PlanSpec } from "../scenario";
import { sumAmounts } from "./amounts";
import type { Sample } from "./sample";

export interface Check {
  name: "rent-on-time-when-money-available" | "money-conserved" | "living-money-as-planned";
  ok: boolean;
  detail: string;
}

/** What was due and what the vault could have paid rent from, when rent fell due (before the keeper acted). */
export type RentWatch = Map<number, { dueAt: number; need: bigint; available: bigint }>;

/** 1. Rent is never late while the money to pay it was there. */
export function rentCheck(ledger: Ledger, rentWatch: RentWatch, money: Money): Check {
  const problems: string[] = [];
  for (const [monthIdx, w] of rentWatch) {
    const p = ledger.payments.find((x) => x.bucket === "RENT" && x.monthIndex === monthIdx);
    const late = !p || p.status !== "on-time";
    if (late && w.available >= w.need) {
      const how = !p || p.paidAt === undefined ? "was not paid" : `was paid ${p.daysLate} day(s) late`;
      problems.push(
        `rent for ${monthName(monthIdx)} ${how} although ${money.eur(w.available)} was available on its due date ` +
          `(${money.eur(w.need)} needed)`,
      );
    }
  }
  return {
    name: "rent-on-time-when-money-available",
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `rent was never late while money was available (${rentWatch.size} due date(s) checked)`
        : problems.join("; "),
  };
}

export interface ConservationInput {
  ledger: Ledger;
  /** The vault's state at the end of days (every day for the demo); each must add up. */
  samples: Sample[];
  accounts: IHouseholdVault.AccountsStructOutput;
  bucketViews: IHouseholdVault.BucketViewStructOutput[];
  vaultBalance: bigint;
  money: Money;
}

export interface Conservation {
  check: Check;
  inflow: Record<string, bigint>;
  outflow: Record<string, bigint>;
  totalIn: bigint;
  totalOut: bigint;
}

/** The book's money in and out of the vault, by movement kind. */
type Flows = Omit<Conservation, "check">;

const INFLOW_KEYS = ["income", "advance", "transfer-in"];
const OUTFLOW_KEYS = [
  "fixed-cost",
  "claim",
  "living-money",
  "savings-withdrawal",
  "advance-repayment",
  "close",
  "other",
];

/** 2. Money is conserved: what came in = what went out + what the vault still holds. */
export function conservationCheck(input: ConservationInput): Conservation {
  const flows = flowsOf(input.ledger);
  const problems = [
    ...balanceProblems(input, flows),
    ...dailyProblems(input.samples),
    ...allocationProblems(input, flows),
    ...savingsProblems(input, flows),
  ];
  const check: Check = {
    name: "money-conserved",
    ok: problems.length === 0,
    detail: problems.length === 0 ? conservedDetail(flows, input.vaultBalance, input.money) : problems.join("; "),
  };
  return { check, ...flows };
}

function flowsOf(ledger: Ledger): Flows {
  const inflow: Record<string, bigint> = Object.fromEntries(INFLOW_KEYS.map((k) => [k, 0n]));
  const outflow: Record<string, bigint> = Object.fromEntries(OUTFLOW_KEYS.map((k) => [k, 0n]));
  for (const mv of ledger.movements) {
    if (mv.kind in inflow) inflow[mv.kind] += BigInt(mv.amount);
    else outflow[mv.kind] += BigInt(mv.amount);
  }
  return { inflow, outflow, totalIn: sumAmounts(Object.values(inflow)), totalOut: sumAmounts(Object.values(outflow)) };
}

/** In less out is what the vault holds, and so is the sum of its accounts. */
function balanceProblems(input: ConservationInput, flows: Flows): string[] {
  const { money, accounts, vaultBalance } = input;
  const { totalIn, totalOut } = flows;
  const tracked =
    sumAmounts(input.bucketViews.map((b) => b.balance)) +
    accounts.livingMoney +
    accounts.buffer +
    accounts.savings +
    accounts.repaymentHeld +
    accounts.claimable;
  const problems: string[] = [];
  if (totalIn - totalOut !== vaultBalance) {
    problems.push(
      `in ${money.eur(totalIn)} - out ${money.eur(totalOut)} = ${money.eur(totalIn - totalOut)}, but the vault holds ${money.eur(vaultBalance)}`,
    );
  }
  if (tracked + accounts.unallocated !== vaultBalance) {
    problems.push(
      `the vault's accounts add up to ${money.eur(tracked + accounts.unallocated)} but it holds ${money.eur(vaultBalance)}`,
    );
  }
  return problems;
}

/**
 * The same at the end of every day: a part that briefly claims money the vault does not hold would
 * be hidden by the final balance alone.
 */
function dailyProblems(samples: Sample[]): string[] {
  const badDays = samples.filter((x) => {
    const parts =
      Object.values(x.buckets).reduce((s, v) => s + BigInt(v), 0n) +
      BigInt(x.livingMoney) +
      BigInt(x.buffer) +
      BigInt(x.savings) +
      BigInt(x.repaymentHeld) +
      BigInt(x.claimable) +
      BigInt(x.unallocated);
    return parts !== BigInt(x.tokenBalance);
  });
  if (badDays.length === 0) return [];
  return [
    `on ${badDays.length} day(s), first ${badDays[0].date}, the vault's accounts did not add up to its token balance`,
  ];
}

/** Every allocation splits exactly its amount, and all income that came in was split or still waits. */
function allocationProblems(input: ConservationInput, flows: Flows): string[] {
  const { ledger, money, accounts } = input;
  const problems: string[] = [];
  for (const a of ledger.allocated) {
    if (a.parts !== a.amount)
      problems.push(
        `an allocation of ${money.eur(a.amount)} on ${isoDate(a.timestamp)} split into ${money.eur(a.parts)}`,
      );
  }
  const allocatedIncome = sumAmounts(ledger.allocated.filter((a) => a.source !== "PlanChange").map((a) => a.amount));
  if (allocatedIncome !== flows.totalIn - accounts.unallocated) {
    problems.push(`${money.eur(flows.totalIn)} came in but ${money.eur(allocatedIncome)} was allocated`);
  }
  // Income waits until a keeper call splits it: what the book still sees waiting (deposits and
  // plain transfers no Allocated(Income) has taken) is what the vault reports as unallocated.
  problems.push(...ledger.splitProblems);
  if (ledger.waiting !== accounts.unallocated) {
    problems.push(
      `the events leave ${money.eur(ledger.waiting)} of income waiting to be split but the vault reports ${money.eur(accounts.unallocated)} unallocated`,
    );
  }
  if (flows.outflow.other > 0n) {
    problems.push(`${money.eur(flows.outflow.other)} left the vault in transfers no vault event explains`);
  }
  return problems;
}

/**
 * The savings account from the events alone: what allocations added, less what covered short
 * weeks and what the resident withdrew, is what the vault reports (unless it closed).
 */
function savingsProblems(input: ConservationInput, flows: Flows): string[] {
  const { ledger, money, accounts } = input;
  const savingsBook =
    sumAmounts(ledger.allocated.map((a) => a.toSavings)) -
    sumAmounts(ledger.savingsUsed.map((x) => x.amount)) -
    sumAmounts(ledger.savingsWithdrawn.map((x) => x.amount));
  if (flows.outflow.close !== 0n || savingsBook === accounts.savings) return [];
  return [`the events put ${money.eur(savingsBook)} in savings but the vault reports ${money.eur(accounts.savings)}`];
}

/** Where the money went, when it all adds up. */
function conservedDetail(flows: Flows, vaultBalance: bigint, money: Money): string {
  const { outflow } = flows;
  return (
    `in ${money.eur(flows.totalIn)} = fixed costs ${money.eur(outflow["fixed-cost"] + outflow.claim)} + ` +
    `living money ${money.eur(outflow["living-money"])} + savings withdrawn ${money.eur(outflow["savings-withdrawal"])} + ` +
    `advance repaid ${money.eur(outflow["advance-repayment"])}` +
    (outflow.close > 0n ? ` + closing ${money.eur(outflow.close)}` : "") +
    ` + held ${money.eur(vaultBalance)}`
  );
}

/** The weekly living money of the plan in force at a time. */
type WeeklyAt = (t: number) => bigint;

/**
 * 3. Living money is exactly the plan: the weekly amount in force, every week, on its day, and never
 * a lump. The resident receives whole weeks at the weekly amount and nothing else, except savings
 * they withdraw themselves: savings are never paid out by release.
 */
export function livingMoneyCheck(
  ledger: Ledger,
  planHistory: { from: number; plan: PlanSpec }[],
  vaultStart: number,
  lastKeeperRun: number,
  money: Money,
): Check {
  const weeklyAt: WeeklyAt = (t) =>
    money.units([...planHistory].reverse().find((p) => p.from <= t)!.plan.weeklyLivingMoney);
  const weeksDue = Math.floor((lastKeeperRun - vaultStart) / WEEK);
  const toResident = residentProblems(ledger, money);
  const problems = [
    ...weekProblems(ledger, weeksDue, vaultStart, weeklyAt, money),
    ...releaseProblems(ledger, weeklyAt, money),
    ...toResident.problems,
  ];
  const amounts = [...new Set(planHistory.map((p) => p.plan.weeklyLivingMoney))].map((w) => money.eur(money.units(w)));
  return {
    name: "living-money-as-planned",
    ok: problems.length === 0,
    detail:
      problems.length === 0
        ? `all ${weeksDue} weeks released in full on their day, each exactly the weekly amount (${amounts.join(", then ")}), ` +
          `never a lump; besides them the resident received only the ${money.eur(toResident.withdrawn)} of savings they withdrew themselves`
        : problems.join("; "),
  };
}

/** Every week due was released, at the weekly amount in force on its day, not late; none short. */
function weekProblems(
  ledger: Ledger,
  weeksDue: number,
  vaultStart: number,
  weeklyAt: WeeklyAt,
  money: Money,
): string[] {
  const problems: string[] = [];
  for (let week = 1; week <= weeksDue; week++) {
    const dueAt = vaultStart + week * WEEK;
    const w = ledger.weeks.find((x) => x.week === week);
    if (!w) {
      problems.push(`week ${week} (due ${isoDate(dueAt)}) was never released`);
      continue;
    }
    if (BigInt(w.amount) !== weeklyAt(dueAt)) {
      problems.push(
        `week ${week} (due ${isoDate(dueAt)}) paid ${money.eur(BigInt(w.amount))}, plan ${money.eur(weeklyAt(dueAt))}`,
      );
    }
    if (w.daysLate > 0) problems.push(`week ${week} (due ${isoDate(dueAt)}) was released ${w.daysLate} day(s) late`);
  }
  if (ledger.weeks.length > weeksDue)
    problems.push(`${ledger.weeks.length} weeks released but only ${weeksDue} were due`);
  for (const s of ledger.shortfalls.filter((x) => x.kind === "LivingMoneyShort")) {
    problems.push(`${isoDate(s.timestamp)}: ${s.detail}`);
  }
  return problems;
}

/** Each release pays whole weeks at the weekly amount the vault holds at that moment. */
function releaseProblems(ledger: Ledger, weeklyAt: WeeklyAt, money: Money): string[] {
  const problems: string[] = [];
  for (const r of ledger.releases) {
    const expected = BigInt(r.weeks) * weeklyAt(r.timestamp);
    if (r.amount !== expected) {
      problems.push(
        `${isoDate(r.timestamp)}: ${r.weeks} week(s) released as ${money.eur(r.amount)}, not ${r.weeks} × ${money.eur(weeklyAt(r.timestamp))}`,
      );
    }
  }
  return problems;
}

/**
 * Every token transfer to the resident (before closing): a release of exactly what its event says,
 * or a withdrawal of savings in a transaction the resident sent. Also totals those withdrawals.
 */
function residentProblems(ledger: Ledger, money: Money): { problems: string[]; withdrawn: bigint } {
  const problems: string[] = [];
  let withdrawn = 0n;
  for (const mv of ledger.movements.filter((x) => x.toRole === "resident" && x.kind !== "close")) {
    const at = isoDate(mv.timestamp);
    const amount = money.eur(BigInt(mv.amount));
    if (mv.kind === "living-money") {
      const r = ledger.releases.find((x) => x.timestamp === mv.timestamp && x.weeks === mv.weeks);
      if (!r || r.amount !== BigInt(mv.amount)) {
        problems.push(`${at}: the resident received ${amount} with a release of ${mv.weeks} week(s) (a lump)`);
      }
    } else if (mv.kind === "savings-withdrawal") {
      if (mv.sentBy !== "resident") {
        problems.push(`${at}: ${amount} of savings left in a transaction sent by ${mv.sentBy ?? "someone else"}`);
      }
      withdrawn += BigInt(mv.amount);
    } else {
      problems.push(`${at}: the resident received ${amount} as ${mv.kind}, not as weekly living money (a lump)`);
    }
  }
  return { problems, withdrawn };
}
