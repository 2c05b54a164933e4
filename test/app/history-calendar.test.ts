/**
 * The web app's income calendar from the vault's history (src/forecast/history-calendar.ts): each
 * deposit of the past month is expected again on the same day of each later month, and the
 * forecast takes the calendar as it is, also when there was no income at all.
 */
import { expect } from "chai";
import { DAY, Money, parseDate } from "../../src/core";
import type { VaultSnapshot } from "../../src/chain/vault-state";
import { forecastHousehold } from "../../src/forecast/forecast";
import { checkIncomeCalendar } from "../../src/forecast/income-calendar";
import { datedIncomes } from "../../src/forecast/occurrences";
import { historyCalendar, latestOccurrences, type ReceivedIncome } from "../../src/forecast/history-calendar";

const money = new Money(6);
const at = (date: string, hour = 10) => parseDate(date) + hour * 3600;
const euros = (x: string) => money.units(x);

describe("history calendar (web app)", function () {
  it("expects a deposit again on the same day of each following month, up to `until`", function () {
    const received: ReceivedIncome[] = [{ source: 3, amount: euros("1340"), time: at("2026-11-25") }];
    const cal = historyCalendar(received, 6, parseDate("2027-02-01"));
    expect(cal.withdrawals).to.deep.equal([]);
    expect(cal.payments.map((p) => [p.payer, p.amount, p.schedule])).to.deep.equal([
      ["wi", "1340.0", { once: "2026-12-25" }],
      ["wi", "1340.0", { once: "2027-01-25" }],
    ]);
    expect(cal.payments.every((p) => p.uncertainty.lateDays === 0 && !p.uncertainty.reduced)).to.equal(true);
    // A calendar a coach could have written: the file checker takes it unchanged.
    expect(checkIncomeCalendar(JSON.parse(JSON.stringify(cal)), "history")).to.deep.equal(cal);
  });

  it("names the payer by the deposit's source", function () {
    const day = at("2026-11-10");
    const received = [1, 2, 3, 4, 0].map((source) => ({ source, amount: euros("10"), time: day }));
    const cal = historyCalendar(received, 6, parseDate("2026-12-31"));
    expect(cal.payments.map((p) => p.payer)).to.deep.equal(["svb", "toeslagen", "wi", "other", "other"]);
    const incomes = datedIncomes(cal, money, parseDate("2026-12-01"), parseDate("2026-12-31"));
    expect(incomes.map((i) => i.source)).to.deep.equal([1, 2, 3, 4, 4]);
    expect(new Set(cal.payments.map((p) => p.id)).size).to.equal(5);
  });

  it("keeps each amount exactly, in the token's units", function () {
    const received = [{ source: 2, amount: 131_456_789n, time: at("2026-11-20") }];
    const cal = historyCalendar(received, 6, parseDate("2026-12-31"));
    const [income] = datedIncomes(cal, money, parseDate("2026-12-01"), parseDate("2026-12-31"));
    expect(income.amount).to.equal(131_456_789n);
    expect(income.day).to.equal(parseDate("2026-12-18")); // the 20th is a Sunday: paid the Friday before
  });

  it("uses the month's last day when a month is shorter", function () {
    const cal = historyCalendar(
      [{ source: 1, amount: euros("5"), time: at("2027-01-31") }],
      6,
      parseDate("2027-05-01"),
    );
    expect(cal.payments.map((p) => p.schedule)).to.deep.equal([
      { once: "2027-02-28" },
      { once: "2027-03-31" },
      { once: "2027-04-30" },
    ]);
  });

  it("does not expect today's deposit again today, whatever the hour", function () {
    const today = parseDate("2026-11-30");
    const received = [{ source: 3, amount: euros("1340"), time: today + 3600 }];
    const cal = historyCalendar(received, 6, today + 40 * DAY);
    const incomes = datedIncomes(cal, money, today, today + 40 * DAY);
    expect(incomes.map((i) => i.day)).to.deep.equal([parseDate("2026-12-30")]);
  });

  it("counts a monthly payment once when it came twice in the window", function () {
    const received: ReceivedIncome[] = [
      { source: 3, amount: euros("1300"), time: at("2026-10-26") },
      { source: 2, amount: euros("131"), time: at("2026-11-20") },
      { source: 2, amount: euros("298"), time: at("2026-11-20") },
      { source: 3, amount: euros("1340"), time: at("2026-11-25") },
    ];
    const latest = latestOccurrences(received);
    expect(latest.map((r) => r.amount)).to.deep.equal([euros("131"), euros("298"), euros("1340")]);
    const cal = historyCalendar(received, 6, parseDate("2026-12-31"));
    expect(cal.payments.map((p) => p.amount)).to.deep.equal(["131.0", "298.0", "1340.0"]);
  });

  it("keeps two deposits of one payer a few days apart (two different payments)", function () {
    const received = [
      { source: 4, amount: euros("50"), time: at("2026-11-02") },
      { source: 4, amount: euros("60"), time: at("2026-11-12") },
    ];
    expect(latestOccurrences(received)).to.have.length(2);
  });

  it("gives an empty calendar when nothing came in, and the forecast takes it", function () {
    const cal = historyCalendar([], 6, parseDate("2027-01-31"));
    expect(cal).to.deep.equal({ payments: [], withdrawals: [] });
    // The file checker refuses an empty list (a coach's file must name payments); the forecast does not.
    expect(() => checkIncomeCalendar(cal, "history")).to.throw(/non-empty/);
    expect(datedIncomes(cal, money, parseDate("2026-12-01"), parseDate("2027-01-31"))).to.deep.equal([]);
  });

  it("runs the forecast as the app does: no income means the rent falls short on its due date", function () {
    const now = at("2026-11-30", 2);
    const snapshot = rentOnly(now);
    const options = { months: 2, samples: 0, seed: 1, recommend: false };
    const none = forecastHousehold(snapshot, euros("1500"), historyCalendar([], 6, now + 62 * DAY), money, options);
    expect(none.projection.firstFailure).to.include({ kind: "payment-short", index: 0, missing: euros("850") });
    expect(none.projection.firstFailure!.at - (none.projection.firstFailure!.at % DAY)).to.equal(
      parseDate("2026-12-01"),
    );
    // Income of 1,000 on the 30th last month: expected again on 30 December, in time for January's rent.
    const received = [{ source: 3, amount: euros("1000"), time: at("2026-11-30", 1) }];
    const cal = historyCalendar(received, 6, now + 62 * DAY);
    const some = forecastHousehold(
      { ...snapshot, buckets: [{ ...snapshot.buckets[0], balance: euros("850") }] },
      euros("1500"),
      cal,
      money,
      options,
    );
    expect(some.incomes.map((i) => i.day)).to.deep.equal([parseDate("2026-12-30")]);
    expect(some.projection.firstFailure).to.equal(undefined);
  });

  it("leaves out a deposit of nothing", function () {
    const cal = historyCalendar([{ source: 3, amount: 0n, time: at("2026-11-25") }], 6, parseDate("2027-01-31"));
    expect(cal.payments).to.deep.equal([]);
  });
});

/** A vault with one rent bucket (850 on the 1st, nothing saved yet) and no living money. */
function rentOnly(now: number): VaultSnapshot {
  return {
    vault: "0x1000000000000000000000000000000000000001",
    householdId: "0x" + "11".repeat(32),
    factory: "0x2000000000000000000000000000000000000002",
    blockNumber: 1,
    timestamp: now,
    resident: "0x3000000000000000000000000000000000000003",
    buckets: [
      {
        category: 0,
        dueDay: 1,
        amountPerMonth: euros("850"),
        creditor: "0x5000000000000000000000000000000000000005",
        balance: 0n,
        arrears: 0n,
        paidThroughMonth: 2026 * 12 + 10,
        nextDueAt: parseDate("2026-12-01"),
      },
    ],
    weeklyLivingMoney: 0n,
    bufferTarget: 0n,
    livingMoney: 0n,
    buffer: 0n,
    savings: 0n,
    repaymentHeld: 0n,
    advanceOutstanding: 0n,
    claimable: 0n,
    unallocated: 0n,
    weeksReleased: 0,
    nextReleaseAt: now + 7 * DAY,
    nextKeeperCallAt: BigInt(parseDate("2026-12-01")),
    paused: false,
    closed: false,
  };
}
