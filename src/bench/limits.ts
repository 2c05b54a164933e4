/**
 * What limits each missed target (and the deposit's 1.3 aim) and what would reach it, from the
 * measured figures of the income-path design (deposit pulls and tags; the keeper's call splits)
 * and the opcode traces of the measured transactions.
 */
import { DEPOSIT_AIM, DEPOSIT_TARGET, INCOME_PATH_TARGET, ONBOARDING_TARGET, SETTLE_TARGET } from "./constants";
import { fmt } from "./format";
import type { BenchResults } from "./run";
import type { Target } from "./targets";
import { callsOf, type Breakdown } from "./trace";

/** The vault's own work in a traced transaction, in words. */
function ownWork(b: Breakdown): string {
  const o = b.own;
  // What is left: the clone's DELEGATECALL into the implementation (a cold account) and the call
  // opcodes' own costs, less refunds.
  const rest = callsOf(b).own - o.sload - o.sstore - o.log - o.other;
  return (
    `storage reads ${fmt(o.sload)} (${o.sloadCount}, ${o.sloadCold} cold at 2,100), writes ${fmt(o.sstore)} (${o.sstoreCount}), ` +
    `events ${fmt(o.log)}, arithmetic, memory, calendar and clone arguments ${fmt(o.other)}, the clone's call into its ` +
    `implementation and the call opcodes ${fmt(rest)}`
  );
}

/** The deposit against its 1.5 target or, when that is met, the 1.3 aim. */
function depositLimit(r: BenchResults, targetMissed: boolean): string {
  const { deposit: d } = r;
  const depositGas = d.deposit.gas;
  const goal = targetMissed ? DEPOSIT_TARGET : DEPOSIT_AIM;
  const allowed = Math.floor(Number(d.transferFromGas) * goal);
  const c = callsOf(d.breakdown);
  const plainInside = Number(d.transferFromGas) - d.transferFromBreakdown.intrinsic;
  // Without the balanceOf pair the transferFrom would be the first touch of the token account
  // (2,600 instead of 100) and of the vault's balance slot (its write 2,100 dearer, cold).
  const withoutChecks = Number(depositGas) - c.reads + 2_500 + 2_100;
  return (
    `- **Deposit** (${targetMissed ? "the 1.5 target" : "the 1.3 aim; the 1.5 target is met"}): ${fmt(depositGas)} gas against ` +
    `${fmt(allowed)} allowed (${goal} × the plain transferFrom's ${fmt(d.transferFromGas)}), ${fmt(Number(depositGas) - allowed)} over. ` +
    `The deposit only pulls and tags now; its parts: intrinsic ${fmt(d.breakdown.intrinsic)}, the token's transferFrom ` +
    `${fmt(c.transfers)} (the plain one does the same work for ${fmt(plainInside)} after its ${fmt(d.transferFromBreakdown.intrinsic)} ` +
    "intrinsic gas; inside the deposit the balanceOf before it has already warmed the vault's balance slot), " +
    `the payer's tag from the factory ${fmt(c.factory)} (a cold account and a cold slot), the delivered-amount check's ` +
    `${c.readCount} balanceOf calls ${fmt(c.reads)} (the first pays the token's cold account), and the vault's own code ` +
    `${fmt(c.own)}: ${ownWork(d.breakdown)}. What is left to cut, computed from these parts: dropping the balanceOf pair saves ` +
    `only about ${fmt(Number(depositGas) - withoutChecks)} (to ${fmt(withoutChecks)}, ` +
    `${(withoutChecks / Number(d.transferFromGas)).toFixed(2)}×), because the transferFrom would then pay the cold token account ` +
    "and the cold write of the vault's balance itself; and the pair is the guard against a token that delivers less than asked, " +
    "so it could go only for a token the factory vouches for. The payer lookup is the tag itself, and the clone's call into its " +
    "implementation is the price of cheap onboarding. The remaining candidates are the vault's own storage reads and event."
  );
}

/** A deposit and the settle that splits it, against the income path's gas target. */
function incomePathLimit(
  label: string,
  depositGas: bigint,
  settleGas: bigint,
  settle: Breakdown,
  what: string,
): string {
  const c = callsOf(settle);
  const total = depositGas + settleGas;
  const over = Number(total - INCOME_PATH_TARGET);
  const floor = Number(depositGas) + settle.intrinsic + c.all;
  return (
    `- **${label}** (${fmt(total)} gas against ≤ ${fmt(INCOME_PATH_TARGET)}, ${fmt(over)} over): deposit ${fmt(depositGas)} + ` +
    `settle ${fmt(settleGas)}. In the settle, ${c.transferCount} token transfers cost ${fmt(c.transfers)} and the waiting-income ` +
    `balanceOf ${fmt(c.reads)}; with the deposit and the settle's intrinsic ${fmt(settle.intrinsic)}, that is ${fmt(floor)} before the ` +
    `vault does anything of its own, leaving ${fmt(Number(INCOME_PATH_TARGET) - floor)} for ${what}. The vault's own work takes ` +
    `${fmt(c.own)}: ${ownWork(settle)}. It would have to lose ${fmt(over)} (${((over / c.own) * 100).toFixed(0)}% of it). ` +
    "0xSplits' distribute receives its recipients and shares in calldata, checks one stored hash and has no calendar; here the " +
    "split reads every bucket's creditor, amount, due day and balance from storage and the settle reads them again " +
    `(${settle.own.sloadCount - settle.own.sloadCold} of its ${settle.own.sloadCount} reads are warm re-reads). Design options, not ` +
    "measured: split and settle in one pass over the buckets (each bucket read, and its balance written, once), the due-month " +
    "count computed once per bucket and call rather than in the split and again in the settle, and the plan's fixed fields " +
    "(creditor, amount, due day) packed into one slot per bucket or passed by the keeper and checked against a stored hash."
  );
}

function settleLimit({ settles: s }: BenchResults): string {
  const allowed = Math.floor(Number(s.plainTransfersGas) * SETTLE_TARGET);
  const c = callsOf(s.noIncomeBreakdown);
  return (
    `- **Settle with no income waiting** (${fmt(s.noIncome.gas)} gas against ${fmt(allowed)}, ${SETTLE_TARGET} × the four plain ` +
    `transfers' ${fmt(s.plainTransfersGas)}): four separate transactions pay 4 × 21,000 base gas, one settle pays it once. ` +
    `Inside the settle, ${c.transferCount} token transfers cost ${fmt(c.transfers)}, the waiting-income balanceOf ${fmt(c.reads)}, ` +
    `and the vault's own work ${fmt(c.own)}: ${ownWork(s.noIncomeBreakdown)}. With no income waiting the balanceOf finds nothing; a ` +
    "tracked-total check that skipped it would save about its cost, and the rest is one read and one write of each bucket due."
  );
}

function onboardingLimit({ onboarding: o }: BenchResults): string {
  const storageFree = o.gas - BigInt(o.breakdown.sstore);
  const room = Math.floor((250_000 - Number(storageFree)) / 22_100);
  return (
    `- **Onboarding**: ${fmt(o.gas)} gas, of which storage writes ${fmt(o.breakdown.sstore)} ` +
    `(${o.breakdown.sstoreFresh} fresh slots at 22,100: two per bucket, the vault's settings, the initializer flag and the ` +
    `factory's vault register). Without any storage writes it would still cost ${fmt(storageFree)} (calldata, clone creation and ` +
    `code deposit, role and creditor checks), so ${fmt(ONBOARDING_TARGET)} leaves room for ` +
    `${room > 0 ? `about ${room} fresh slot${room === 1 ? "" : "s"}` : "no fresh slot at all"}. One slot per bucket (a creditor id ` +
    "from the factory's register instead of a 20-byte address, arrears in a slot written only when a month is missed) would " +
    `save about 5 × 22,100 = 110,500 and land near ${fmt(o.gas - 110_500n)}. Reaching ${fmt(ONBOARDING_TARGET)} needs the ` +
    "plan out of storage: creditors, amounts and due days in the clone's immutable arguments (code at 200 gas per byte, a " +
    "new clone on a plan change), or only the plan's hash stored and the plan passed by keepers in calldata. Onboarding " +
    "happens once per household, so on a permissioned network with a zero gas price it matters less than the recurring " +
    "deposit and settle."
  );
}

function batchLimit({ batch }: BenchResults): string {
  return (
    `- **Batch**: the marginal gas per household is ${fmt(Math.round(batch.fit.slope))}: each entry splits the month's income, pays 4 ` +
    "creditors and the resident (5 token transfers) and writes their balances."
  );
}

/** The report's section on missed targets (and the comparison's gap); nothing when all are met. */
export function limits(targets: Target[], r: BenchResults): string[] {
  const out: string[] = [];
  const missed = (id: string) => targets.some((t) => t.id === id && !t.met);
  if (!targets.some((t) => !t.met)) return out;
  out.push(
    "",
    targets.some((t) => t.kind !== "comparison" && !t.met)
      ? "## Missed targets: what limits them and what would reach them"
      : "## The comparison's gap: what limits it",
    "",
  );
  if (missed("deposit") || missed("depositAim")) out.push(depositLimit(r, missed("deposit")));
  const { deposit, splitSettle, collectionDay: day } = r;
  if (missed("depositAndSplitSettle")) {
    const label = "Deposit + the settle that splits it";
    out.push(
      incomePathLimit(
        label,
        deposit.deposit.gas,
        splitSettle.settle.gas,
        splitSettle.breakdown,
        "reading the plan and splitting",
      ),
    );
  }
  if (missed("depositSplitAndPayFive")) {
    const label = "Deposit + the settle that splits it and pays 5 (a comparison, not a target)";
    const what = "reading the plan, splitting, and settling five buckets";
    out.push(incomePathLimit(label, day.deposit.gas, day.settle.gas, day.breakdown, what));
  }
  if (missed("settleNoIncome")) out.push(settleLimit(r));
  if (missed("onboarding")) out.push(onboardingLimit(r));
  if (missed("batch")) out.push(batchLimit(r));
  return out;
}
