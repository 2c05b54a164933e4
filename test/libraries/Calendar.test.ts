import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import { CalendarHarness } from "../../typechain-types";

const DAY = 86_400;
const MIN_TS = 0; // 1970-01-01
const MAX_TS = Date.UTC(2200, 11, 31, 23, 59, 59) / 1000;
const NUM_RUNS = 150;

async function fixture() {
  const calendar = (await ethers.deployContract("CalendarHarness")) as unknown as CalendarHarness;
  return { calendar };
}

/** The reference: JavaScript's own proleptic Gregorian calendar in UTC. */
function jsDate(timestamp: number) {
  const d = new Date(timestamp * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
function jsDaysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate(); // day 0 of the next month
}
function jsMidnight(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 1000;
}

describe("Calendar", function () {
  describe("known dates", function () {
    const cases: Array<[string, number, number, number, number]> = [
      ["the epoch", 0, 1970, 1, 1],
      ["the last second of 1970-01-01", DAY - 1, 1970, 1, 1],
      ["the first second of 1970-01-02", DAY, 1970, 1, 2],
      ["29 February of the leap year 2000", jsMidnight(2000, 2, 29), 2000, 2, 29],
      ["1 March 2000, after the leap day", jsMidnight(2000, 3, 1), 2000, 3, 1],
      ["29 February 2028 at noon", jsMidnight(2028, 2, 29) + 12 * 3600, 2028, 2, 29],
      ["31 December 2027 at the last second", jsMidnight(2028, 1, 1) - 1, 2027, 12, 31],
      ["1 March 2100, the day after 28 February (2100 is not a leap year)", jsMidnight(2100, 3, 1), 2100, 3, 1],
      ["28 February 2100", jsMidnight(2100, 2, 28), 2100, 2, 28],
      ["31 December 2199", jsMidnight(2199, 12, 31), 2199, 12, 31],
    ];
    for (const [name, ts, y, m, d] of cases) {
      it(`reads ${name} as ${y}-${m}-${d}`, async function () {
        const { calendar } = await loadFixture(fixture);
        const [year, month, day] = await calendar.toDate(ts);
        expect([year, month, day]).to.deep.equal([BigInt(y), BigInt(m), BigInt(d)]);
        expect(await calendar.daysFromCivil(y, m, d)).to.equal(BigInt(Math.floor(ts / DAY)));
        expect(await calendar.monthIndexOf(ts)).to.equal(BigInt(y * 12 + m - 1));
      });
    }

    it("knows which years are leap years (4, not 100, but 400)", async function () {
      const { calendar } = await loadFixture(fixture);
      const expected: Record<number, boolean> = {
        1970: false,
        1972: true,
        1900: false,
        2000: true,
        2024: true,
        2027: false,
        2028: true,
        2100: false,
        2200: false,
        2400: true,
      };
      for (const [year, leap] of Object.entries(expected)) {
        expect(await calendar.isLeapYear(Number(year)), year).to.equal(leap);
      }
    });

    it("counts 28 to 31 days per month", async function () {
      const { calendar } = await loadFixture(fixture);
      const year2027 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
      for (let m = 1; m <= 12; m++) expect(await calendar.daysInMonth(2027, m)).to.equal(BigInt(year2027[m - 1]));
      expect(await calendar.daysInMonth(2028, 2)).to.equal(29n);
      expect(await calendar.daysInMonth(2000, 2)).to.equal(29n);
      expect(await calendar.daysInMonth(2100, 2)).to.equal(28n);
    });

    it("starts a month at 00:00 UTC on its first day, across year ends", async function () {
      const { calendar } = await loadFixture(fixture);
      expect(await calendar.monthStart(2027 * 12 + 0)).to.equal(BigInt(jsMidnight(2027, 1, 1)));
      expect(await calendar.monthStart(2027 * 12 + 11)).to.equal(BigInt(jsMidnight(2027, 12, 1)));
      expect(await calendar.monthStart(2027 * 12 + 12)).to.equal(BigInt(jsMidnight(2028, 1, 1)));
      expect(await calendar.monthStart(2028 * 12 + 2)).to.equal(BigInt(jsMidnight(2028, 3, 1)));
    });

    it("moves due day 31 to the last day of shorter months", async function () {
      const { calendar } = await loadFixture(fixture);
      expect(await calendar.dueTimestamp(2027 * 12 + 3, 31)).to.equal(BigInt(jsMidnight(2027, 4, 30)));
      expect(await calendar.dueTimestamp(2027 * 12 + 1, 31)).to.equal(BigInt(jsMidnight(2027, 2, 28)));
      expect(await calendar.dueTimestamp(2028 * 12 + 1, 31)).to.equal(BigInt(jsMidnight(2028, 2, 29)));
      expect(await calendar.dueTimestamp(2100 * 12 + 1, 31)).to.equal(BigInt(jsMidnight(2100, 2, 28)));
      expect(await calendar.dueTimestamp(2027 * 12 + 1, 29)).to.equal(BigInt(jsMidnight(2027, 2, 28)));
      expect(await calendar.dueTimestamp(2027 * 12 + 0, 31)).to.equal(BigInt(jsMidnight(2027, 1, 31)));
      expect(await calendar.dueTimestamp(2027 * 12 + 0, 1)).to.equal(BigInt(jsMidnight(2027, 1, 1)));
      expect(await calendar.dueTimestamp(2027 * 12 + 1, 28)).to.equal(BigInt(jsMidnight(2027, 2, 28)));
    });
  });

  describe("properties against JavaScript Date, 1970 to 2200", function () {
    const timestamp = fc.integer({ min: MIN_TS, max: MAX_TS });
    const civil = fc
      .record({ year: fc.integer({ min: 1970, max: 2200 }), month: fc.integer({ min: 1, max: 12 }), day: fc.nat() })
      .map(({ year, month, day }) => ({ year, month, day: (day % jsDaysInMonth(year, month)) + 1 }));
    const monthIdx = fc.integer({ min: 1970 * 12, max: 2200 * 12 + 11 });

    it("toDate and monthIndexOf agree with Date for any timestamp", async function () {
      const { calendar } = await loadFixture(fixture);
      await fc.assert(
        fc.asyncProperty(timestamp, async (ts) => {
          const { year, month, day } = jsDate(ts);
          const [y, m, d] = await calendar.toDate(ts);
          expect([y, m, d]).to.deep.equal([BigInt(year), BigInt(month), BigInt(day)]);
          expect(await calendar.monthIndexOf(ts)).to.equal(BigInt(year * 12 + month - 1));
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it("daysFromCivil is the inverse of toDate", async function () {
      const { calendar } = await loadFixture(fixture);
      await fc.assert(
        fc.asyncProperty(civil, async ({ year, month, day }) => {
          const days = await calendar.daysFromCivil(year, month, day);
          expect(days).to.equal(BigInt(jsMidnight(year, month, day) / DAY));
          const [y, m, d] = await calendar.toDate(days * BigInt(DAY));
          expect([y, m, d]).to.deep.equal([BigInt(year), BigInt(month), BigInt(day)]);
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it("monthStart is 00:00 UTC on the 1st and the month contains the timestamp", async function () {
      const { calendar } = await loadFixture(fixture);
      await fc.assert(
        fc.asyncProperty(timestamp, async (ts) => {
          const { year, month } = jsDate(ts);
          const index = year * 12 + month - 1;
          const start = await calendar.monthStart(index);
          expect(start).to.equal(BigInt(jsMidnight(year, month, 1)));
          expect(start <= BigInt(ts)).to.equal(true);
          expect(await calendar.monthStart(index + 1)).to.equal(BigInt(Date.UTC(year, month, 1) / 1000));
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it("dueTimestamp is day min(dueDay, last day) at 00:00 UTC", async function () {
      const { calendar } = await loadFixture(fixture);
      await fc.assert(
        fc.asyncProperty(monthIdx, fc.integer({ min: 1, max: 31 }), async (index, dueDay) => {
          const year = Math.floor(index / 12);
          const month = (index % 12) + 1;
          const day = Math.min(dueDay, jsDaysInMonth(year, month));
          expect(await calendar.dueTimestamp(index, dueDay)).to.equal(BigInt(jsMidnight(year, month, day)));
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it("daysInMonth and isLeapYear agree with Date", async function () {
      const { calendar } = await loadFixture(fixture);
      await fc.assert(
        fc.asyncProperty(monthIdx, async (index) => {
          const year = Math.floor(index / 12);
          const month = (index % 12) + 1;
          expect(await calendar.daysInMonth(year, month)).to.equal(BigInt(jsDaysInMonth(year, month)));
          expect(await calendar.isLeapYear(year)).to.equal(jsDaysInMonth(year, 2) === 29);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  });
});
