/**
 * The forecast's projection and advice on a vault state written by hand (no chain): a rent month
 * the income arrives too late for, what an advance does about it, and what a buffer cannot do.
 */
import { expect } from "chai";
import type { VaultSnapshot } from "../../src/chain";
import { Money, parseDate } from "../../src/core";
import { explainFailure, forecastHousehold, type IncomeCalendar } from "../../src/forecast";

const money = new Money(6);
const eur = (x: string) => money.units(x);
const DAY = 86_400;
const CAP = eur("1500");

/** A vault at noon on 2027-01-28: rent (EUR 850, due the 1st) holds EUR 500; EUR 100 a week of living money. */
function snapshot(change: Partial<VaultSnapshot> = {}): VaultSnapshot {
  const now = parseDate("2027-01-28") + 12 * 3600;
  const start = parseDate("2027-01-04"); // living money since this Monday: weeks of the 11th, 18th and 25th released
  return {
    vault: "0x" + "a".repeat(40),
    householdId: "0x" + "1".repeat(64),
    factory: "0x" + "f".repeat(40),
    blockNumber: 100,
    timestamp: now,
    resident: "0x" + "b".repeat(40),
    buckets: [
      {
        category: 0,
        dueDay: 1,
        amountPerMonth: eur("850"),
        creditor: "0x" + "c".repeat(40),
        balance: eur("500"),
        arrears: 0n,
        paidThroughMonth: 2027 * 12 + 0,
        nextDueAt: parseDate("2027-02-01"),
      },
    ],
    weeklyLivingMoney: eur("100"),
    bufferTarget: 0n,
    livingMoney: eur("500"),
    buffer: 0n,
    savings: 0n,
    repaymentHeld: 0n,
    advanceOutstanding: 0n,
    claimable: 0n,
    unallocated: 0n,
    weeksReleased: 3,
    nextReleaseAt: start + 4 * 7 * DAY,
    nextKeeperCallAt: BigInt(start + 4 * 7 * DAY),
    paused: false,
    closed: false,
    ...change,
  };
}

/** Assistance on the 3rd of each month: after rent is due. */
const CALENDAR: IncomeCalendar = {
  payments: [
    { id: "bijstand", payer: "wi", amount: "1500.00", schedule: { monthly: 3 }, uncertainty: { lateDays: 5 } },
  ],
  withdrawals: [],
};
const OPTIONS = { months: 2, samples: 30, seed: 3, recommend: true };

describe("forecast: projection and advice without a chain", function () {
  it("sees February's rent short by what the bucket lacks, on its due date, and says why", function () {
    const f = forecastHousehold(snapshot(), CAP, CALENDAR, money, OPTIONS);
    const failure = f.projection.firstFailure!;
    expect(failure.kind).to.equal("payment-short");
    expect(new Date(failure.at * 1000).toISOString().slice(0, 10)).to.equal("2027-02-01");
    expect(failure.missing).to.equal(eur("350"));
    const rent = f.projection.dueDates.filter((d) => d.category === 0);
    // February is paid late, on the 4th (the keeper's first call after the income of the 3rd).
    expect(rent[0]).to.include({ status: "late", missing: eur("350") });
    expect(new Date(rent[0].paidAt! * 1000).toISOString().slice(0, 10)).to.equal("2027-02-04");
    expect(explainFailure(f, failure, money)).to.equal(
      "2027-02-01: RENT for 2027-02 is short by €350.00: the bucket held €500.00, and the buffer (€0.00) and " +
        "savings (€0.00) could not complete it; the next income expected is bijstand, €1,500.00 on 2027-02-03.",
    );
  });

  it("finds the advance that prevents it: the EUR 350 missing, paid the day before", function () {
    const r = forecastHousehold(snapshot(), CAP, CALENDAR, money, OPTIONS).recommendations!;
    expect(r.advance!.amount).to.equal(eur("350"));
    expect(new Date(r.advance!.day * 1000).toISOString().slice(0, 10)).to.equal("2027-01-31");
    // The vault accepts at most what the buckets need then.
    expect(r.advance!.largestAccepted).to.equal(eur("350"));
  });

  it("says no advance helps when the cap is already used, and no buffer target when the money comes too late", function () {
    const f = forecastHousehold(snapshot({ advanceOutstanding: CAP }), CAP, CALENDAR, money, OPTIONS);
    expect(f.recommendations!.advance!.amount).to.equal(undefined);
    expect(f.recommendations!.advance!.largestAccepted).to.equal(0n);
    expect(f.recommendations!.bufferTarget.target).to.equal(undefined);
  });

  it("samples the same outcomes for the same seed, and the 95th percentile never exceeds the worst case", function () {
    const enough = snapshot({ buckets: [{ ...snapshot().buckets[0], balance: eur("850") }] });
    const a = forecastHousehold(enough, CAP, CALENDAR, money, OPTIONS).recommendations!;
    const b = forecastHousehold(enough, CAP, CALENDAR, money, OPTIONS).recommendations!;
    expect(a).to.deep.equal(b);
    expect(a.bufferTarget.target).to.equal(0n);
    expect(a.p95.target !== undefined && a.worstCase.target !== undefined).to.equal(true);
    expect(a.p95.target! <= a.worstCase.target!).to.equal(true);
  });
});
