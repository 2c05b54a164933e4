/**
 * The figures by hand: the vault arm on a small household whose income comes too late, what one
 * arm's result measures (months late, days late, arrears carried into the year, month ends, weekly
 * shares), and the aggregate's ranks and variation.
 */
import { expect } from "chai";
import { parseDate } from "../../src/core";
import { armFigures, nearestRank, runVaultArm, SIM_ACCOUNTS, variation } from "../../src/simulate";
import { CATEGORY, SOURCE, type ArmResult, type HouseholdYear } from "../../src/simulate/types";
import { eur, household, RULES } from "./helpers";

const DAY = 86_400;
const JAN = 2026 * 12;

/** Rent 500 on the 1st and no living money, through February. */
const renter = (change: Partial<HouseholdYear>) =>
  household({
    lastDay: parseDate("2026-02-28"),
    costs: [{ category: CATEGORY.rent, dueDay: 1, amountPerMonth: eur(500) }],
    weekly: 0n,
    ...change,
  });

const wi = (date: string, euros: number) => ({
  day: parseDate(date),
  source: SOURCE.wi,
  amount: eur(euros),
  kind: "bijstand" as const,
});

describe("simulate: the figures by hand", function () {
  it("the vault arm pays arrears whole and books the month it misses in the same call as unpaid", function () {
    // Rent 500 on the 1st. 10 Dec +300 waits, then fills the bucket: 1 Jan it holds 300, January is
    // missed (arrears 500). 29 Jan: still unpaid 28 days on, collection costs max(15 % of 500, 40)
    // = 75, owed by the resident (no savings, no living money). 31 Jan +550: on 1 Feb the bucket has
    // 850, pays the arrears 500 (January, 31 days late), and misses February (350 < 500).
    const h = renter({ incomes: [wi("2025-12-10", 300), wi("2026-01-31", 550)] });
    const run = runVaultArm(h, SIM_ACCOUNTS, {
      advances: false,
      advanceCap: 0n,
      bufferTarget: 0n,
      reviewBuffer: false,
      toeslagenLateDays: 0,
      rules: RULES,
    });
    const feb1 = parseDate("2026-02-01") + 5 * 60;
    expect(run.dueDates.map((d) => [d.month, d.paidAt])).to.deep.equal([
      [JAN, feb1],
      [JAN + 1, undefined],
    ]);
    expect(run.transfers).to.deep.equal([{ t: feb1, to: SIM_ACCOUNTS.creditors[CATEGORY.rent], amount: eur(500) }]);
    expect(run.collectionCosts).to.deep.equal([
      { category: CATEGORY.rent, month: JAN, at: parseDate("2026-01-29"), amount: eur(75) },
    ]);
    expect(run.residentOwes).to.equal(eur(75));
    expect(run.flows).to.deep.include({ income: eur(850), toCreditors: eur(500), held: eur(350) });

    const f = armFigures(h, run);
    expect(f).to.deep.include({
      months: 2,
      lateMonths: 2,
      peakArrears: 500,
      inArrearsAtEnd: true,
      collectionCosts: 75,
    });
    // January: 1 Jan to 1 Feb. February: still open at the end, 1 Feb to 1 Mar.
    expect(f.daysLate).to.deep.equal([31, 28]);
    // 31 Jan's end: January overdue (paid 1 Feb 00:05). 28 Feb's end: February overdue.
    expect(f.arrearsAtMonthEnds).to.deep.equal([500, 500]);
    expect(f.lateByCategory).to.deep.equal([2, 0, 0, 0]);
  });

  it("counts arrears carried into the year in the peak, and measures only the year's due dates and weeks", function () {
    const h = household({ weekly: eur(100), lastDay: parseDate("2026-01-31") });
    const dec1 = parseDate("2025-12-01");
    const arm: ArmResult = {
      arm: "bank",
      dueDates: [
        // Due 1 Dec (not measured), paid 9 Jan: overdue 600 as the year starts.
        {
          category: CATEGORY.rent,
          month: JAN - 1,
          dueAt: dec1 + DAY,
          amount: eur(600),
          paidAt: parseDate("2026-01-09"),
        },
        // Due 2 Jan, paid that day: on time.
        {
          category: CATEGORY.rent,
          month: JAN,
          dueAt: parseDate("2026-01-02"),
          amount: eur(600),
          paidAt: parseDate("2026-01-02") + 300,
        },
        // Due 20 Jan, paid 23 Jan: 3 days late.
        {
          category: CATEGORY.water,
          month: JAN,
          dueAt: parseDate("2026-01-20"),
          amount: eur(20),
          paidAt: parseDate("2026-01-23"),
        },
      ],
      // Weeks due 8, 15, 22, 29 Dec (not measured), then 5, 12, 19, 26 Jan.
      weeks: [eur(100), 0n, 0n, 0n, eur(100), eur(50), 0n, eur(250)],
      collectionCosts: [{ category: CATEGORY.rent, month: JAN - 1, at: parseDate("2025-12-30"), amount: eur(90) }],
      advances: [],
      flows: {
        income: 0n,
        advances: 0n,
        toCreditors: 0n,
        collectionCosts: 0n,
        oneOffs: 0n,
        toResident: 0n,
        repaid: 0n,
        held: 0n,
      },
      residentOwes: 0n,
    };
    const f = armFigures(h, arm);
    expect(f).to.deep.include({
      months: 1,
      lateMonths: 1,
      peakArrears: 600,
      inArrearsAtEnd: false,
      collectionCosts: 0,
    });
    expect(f.daysLate).to.deep.equal([3]);
    expect(f.arrearsAtMonthEnds).to.deep.equal([0]);
    expect(f.dueByCategory).to.deep.equal([1, 0, 0, 1]);
    expect(f.lateByCategory).to.deep.equal([0, 0, 0, 1]);
    expect(f.weeklyShares).to.deep.equal([1, 0.5, 0, 2.5]);
  });

  it("ranks by nearest rank and measures variation as standard deviation over the mean", function () {
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(oneToTwenty, 0.95)).to.equal(19);
    expect(nearestRank(oneToTwenty, 0.5)).to.equal(10);
    expect(nearestRank([], 0.5)).to.equal(0);
    expect(variation([1, 1, 1, 1])).to.equal(0);
    // Mean 1, deviations ±1: standard deviation 1.
    expect(variation([0, 2])).to.equal(1);
    expect(variation([])).to.equal(0);
  });
});
