/**
 * The keeper over a simulated calendar month against a real `hardhat node`: ten households whose
 * fixed costs fall due on different days (1, 5, 15, 28 and 31, which in a short month is its last
 * day), a keeper run shortly after 00:00 UTC each day and one at midday after income arrives.
 * Every payment must be executed on its due day (the CreditorPaid event's block, UTC), and the
 * creditors must receive exactly what the events say.
 *
 * Metamorphic: a twin population (same plans, same income at the same times, on a second
 * deployment) kept by a keeper that runs only every fourth day ends the month with the same
 * outcome once both have run at the end: the same payments (bucket, month, amount), the same weeks
 * of living money, every bucket paid through the same month without arrears, and the same money
 * left in each vault. A late keeper pays late, never differently. (How the money left is split
 * between buckets and savings may differ: income split after a due date already provides for that
 * bucket's next month, by the vault's design.)
 */
import { expect } from "chai";
import { daysInMonth, dueTimestamp, isoDate } from "../../src/core";
import type { RunReport } from "../../src/keeper/types";
import type { EuroToken } from "../../typechain-types";
import {
  createHouseholds,
  creditorBalances,
  creditorPayments,
  dayStart,
  DUE_DAYS,
  futureMonth,
  keeperOn,
  logged,
  moveTo,
  payIncome,
  runKeeper,
  startChain,
  vaultAt,
  type Chain,
  type Household,
  type Payment,
  type TestKeeper,
} from "./helpers";

const HOUSEHOLDS = 10;
const HOUR = 3600;
/** The day income for the next month arrives (10:00) and the midday run splits it (13:00). */
const INCOME_DAY = 14;
/** The late keeper runs at 00:10 on these days only (and at the end). */
const LATE_EVERY = 4;

describe("keeper: a calendar month on a real node", function () {
  this.timeout(900_000);
  let chain: Chain | undefined;
  const keepers: TestKeeper[] = [];

  after(async () => {
    for (const k of keepers) await k.ctx.close();
    await chain?.stop();
  });

  it("executes every due payment on its due day; creditors get exactly what the events say; a late keeper ends with the same outcome", async () => {
    chain = await startChain("month");
    const twin = await chain.deployAnother("twin");
    // A month shorter than 31 days, so that due day 31 falls on its last day (with due day 28 in February).
    let month = await futureMonth(chain);
    while (daysInMonth(month) === 31) month++;
    const days = daysInMonth(month);

    // The last day of the month before, 06:00: the households start with a month's income.
    await moveTo(chain, dayStart(month, 0) + 6 * HOUR);
    const daily = await createHouseholds(chain, HOUSEHOLDS);
    const late = await createHouseholds(chain, HOUSEHOLDS, twin.factory, residentsOf(daily));
    await payIncome(chain, vaultsOf(daily));
    await payIncome(chain, vaultsOf(late), undefined, twin.token);
    const before = { daily: await creditorBalances(chain), late: await creditorBalances(chain, twin.token) };

    const keeper = await keeperOn(chain, "daily", chain.factory, 10);
    const lateKeeper = await keeperOn(chain, "late", twin.factory, 13);
    await moveTo(chain, dayStart(month, 0) + 18 * HOUR);
    expectClean(await runKeeper(keeper));
    expectClean(await runKeeper(lateKeeper));

    for (let day = 1; day <= days; day++) {
      await moveTo(chain, dayStart(month, day) + 10 * 60);
      expectClean(await runKeeper(keeper));
      if (day % LATE_EVERY === 0) expectClean(await runKeeper(lateKeeper));
      if (day === INCOME_DAY) await incomeArrives(chain, month, daily, late, twin.token, keeper);
    }
    await moveTo(chain, dayStart(month, days) + 23 * HOUR);
    expectClean(await runKeeper(keeper));
    expectClean(await runKeeper(lateKeeper));

    await expectPaidOnDueDays(chain, month, daily);
    await expectConserved(chain, daily, before.daily, chain.token);
    await expectConserved(chain, late, before.late, twin.token);
    expect(logged(keeper, "alert"), "no alert for the daily keeper").to.deep.equal([]);
    expect(logged(keeper, "run.done")).to.have.length(days + 3);

    const latePaid = await creditorPayments(chain, vaultsOf(late));
    expect(
      latePaid.filter((p) => isoDate(p.at) !== isoDate(dueTimestamp(month, dueDayOf(late, p)))).length,
    ).to.be.above(0, "the late keeper paid some bills late");
    for (let i = 0; i < HOUSEHOLDS; i++) {
      expect(await outcome(chain, late[i], twin.token), `household ${i}`).to.deep.equal(
        await outcome(chain, daily[i], chain.token),
      );
    }
  });
});

/** What a household's month came to: payments, weeks, how far each bucket is paid, and the money left. */
async function outcome(chain: Chain, h: Household, token: EuroToken) {
  const vault = vaultAt(chain, h.vault);
  const payments = (await creditorPayments(chain, [h.vault])).map(
    (p) => `${p.bucketIndex}:${p.monthIndex}:${p.amount}`,
  );
  const buckets = (await vault.buckets()).map((b) => ({ paidThrough: b.paidThroughMonth, arrears: b.arrears }));
  return {
    payments: payments.sort(),
    weeksReleased: (await vault.livingMoneySchedule())[0],
    buckets,
    held: await token.balanceOf(h.vault),
    unallocated: (await vault.accounts()).unallocated,
  };
}

function dueDayOf(hs: Household[], p: Payment): number {
  return Number(hs.find((h) => h.vault === p.vault)!.plan.buckets[p.bucketIndex].dueDay);
}

function residentsOf(hs: Household[]): string[] {
  return hs.map((h) => h.resident);
}

function vaultsOf(hs: Household[]): string[] {
  return hs.map((h) => h.vault);
}

function expectClean(report: RunReport): void {
  expect(report.failedVaults, "failed vaults").to.deep.equal([]);
  expect(report.overdue, "overdue vaults").to.deep.equal([]);
}

/** Next month's income arrives at 10:00 for both populations; the daily keeper's midday run splits it. */
async function incomeArrives(
  chain: Chain,
  month: number,
  daily: Household[],
  late: Household[],
  twinToken: EuroToken,
  keeper: TestKeeper,
): Promise<void> {
  await moveTo(chain, dayStart(month, INCOME_DAY) + 10 * HOUR);
  await payIncome(chain, vaultsOf(daily));
  await payIncome(chain, vaultsOf(late), undefined, twinToken);
  await moveTo(chain, dayStart(month, INCOME_DAY) + 13 * HOUR);
  const report = await runKeeper(keeper);
  expectClean(report);
  expect(report.due, "every vault with income waiting is due").to.equal(daily.length);
  for (const h of daily) expect((await vaultAt(chain, h.vault).accounts()).unallocated).to.equal(0n);
}

/** Each bucket paid once for the month, in a block on its due day (UTC); nothing else paid. */
async function expectPaidOnDueDays(chain: Chain, month: number, households: Household[]): Promise<void> {
  const payments = await creditorPayments(chain, vaultsOf(households));
  let expected = 0;
  for (const h of households) {
    for (const [k, bucket] of h.plan.buckets.entries()) {
      const paid = payments.filter((p) => p.vault === h.vault && p.bucketIndex === k);
      expect(
        paid.map((p) => p.monthIndex),
        `${h.vault} bucket ${k}`,
      ).to.deep.equal([month]);
      expect(isoDate(paid[0].at), `${h.vault} bucket ${k} (due day ${bucket.dueDay})`).to.equal(
        isoDate(dueTimestamp(month, Number(bucket.dueDay))),
      );
      expect(paid[0].amount).to.equal(BigInt(bucket.amountPerMonth));
      expected++;
    }
  }
  expect(payments).to.have.length(expected);
  // Every due date of the month saw payments: the spread is real.
  const dueDates = new Set(DUE_DAYS.map((d) => isoDate(dueTimestamp(month, d))));
  expect(new Set(payments.map((p) => isoDate(p.at)))).to.deep.equal(dueDates);
}

/** Each creditor's balance grew by exactly the sum of the CreditorPaid amounts of its buckets. */
async function expectConserved(chain: Chain, hs: Household[], before: Map<string, bigint>, token: EuroToken) {
  const payments = await creditorPayments(chain, vaultsOf(hs));
  const owed = new Map<string, bigint>([...before.keys()].map((c) => [c, 0n]));
  for (const p of payments) {
    const h = hs.find((x) => x.vault === p.vault)!;
    const creditor = (h.plan.buckets[p.bucketIndex].creditor as string).toLowerCase();
    owed.set(creditor, owed.get(creditor)! + p.amount);
  }
  const after = await creditorBalances(chain, token);
  for (const [creditor, amount] of owed) {
    expect(after.get(creditor)! - before.get(creditor)!, `creditor ${creditor}`).to.equal(amount);
  }
  expect([...owed.values()].reduce((a, b) => a + b, 0n)).to.be.above(0n);
}
