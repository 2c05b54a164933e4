/**
 * The population file and the household generator: reproducible draws, the weights' proportions,
 * pay days where the schemes put them (dates checked by hand against the 2026 calendar), the
 * shocks' effects, the weekly plan, and bad files refused with the file, the field and the problem.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { expect } from "chai";
import { DAY, dueTimestamp, isoDate, parseDate, shiftDate, UserError, WEEK } from "../../src/core";
import { generateHousehold, generateHouseholds, huurtoeslagCents } from "../../src/simulate/generate";
import {
  checkPopulation,
  creditorRules,
  DEFAULT_POPULATION_FILE,
  loadPopulation,
} from "../../src/simulate/population-file";
import { nextWorkday } from "../../src/simulate/pay-days";
import { CATEGORY, SOURCE, type HouseholdYear, type Payment } from "../../src/simulate/types";

const LATE_INCOME = path.join(__dirname, "fixtures/late-income.json");
const OPTIONS = { year: 2026, decimals: 6 };
const EURO = 10n ** 6n;
const euros = (amount: string) => BigInt(Math.round(Number(amount) * 100)) * 10_000n;
const dates = (payments: Payment[]) => payments.map((p) => isoDate(p.day));

describe("simulation population", function () {
  const pop = loadPopulation(DEFAULT_POPULATION_FILE);

  it("reads the default population and its creditors' rules", function () {
    expect(pop.types.map((t) => t.id)).to.deep.equal([
      "single-bijstand",
      "single-parent-bijstand",
      "couple-bijstand",
      "family-bijstand",
      "aow-single",
      "aow-couple",
    ]);
    expect(creditorRules(pop, EURO)).to.deep.equal({
      reminderAfterDays: 14,
      reminderPeriodDays: 14,
      rate: 0.15,
      minimum: 40_000_000n,
      retryEveryDays: 7,
    });
  });

  describe("draws", function () {
    it("the same households for the same seed, whatever the split; others for another seed", function () {
      const all = generateHouseholds(pop, 7, 30, OPTIONS);
      expect(generateHouseholds(pop, 7, 30, OPTIONS)).to.deep.equal(all);
      expect(generateHousehold(pop, 7, 17, OPTIONS)).to.deep.equal(all[17]);
      const other = generateHouseholds(pop, 8, 30, OPTIONS);
      const same = other.filter((h, i) => JSON.stringify(h, big) === JSON.stringify(all[i], big));
      expect(same).to.have.length(0);
    });

    it("types and municipalities in the weights' proportions", function () {
      const households = generateHouseholds(pop, 3, 600, OPTIONS);
      const share = (pred: (h: HouseholdYear) => boolean, of = households) => of.filter(pred).length / of.length;
      const weights: Record<string, number> = {
        "single-bijstand": 0.34,
        "single-parent-bijstand": 0.16,
        "couple-bijstand": 0.08,
        "family-bijstand": 0.1,
        "aow-single": 0.22,
        "aow-couple": 0.1,
      };
      for (const [type, weight] of Object.entries(weights)) {
        expect(
          share((h) => h.type === type),
          type,
        ).to.be.closeTo(weight, 0.05);
      }
      const onBijstand = households.filter((h) => !h.type.startsWith("aow"));
      const schemes = { "last-working-day": 0.4, "around-30th": 0.2, "15th-next-month": 0.2, "10th-next-month": 0.2 };
      for (const [id, weight] of Object.entries(schemes)) {
        expect(
          share((h) => h.municipality === id, onBijstand),
          id,
        ).to.be.closeTo(weight, 0.07);
      }
      expect(households.filter((h) => h.type.startsWith("aow")).every((h) => h.municipality === "none")).to.equal(true);
    });

    it("a run from 1 October 2025 to 31 December 2026, payments inside it in day order", function () {
      for (const h of generateHouseholds(pop, 5, 20, OPTIONS)) {
        expect([h.start, h.measureFrom, h.lastDay].map(isoDate)).to.deep.equal([
          "2025-10-01",
          "2026-01-01",
          "2026-12-31",
        ]);
        for (const list of [h.incomes, h.expected]) {
          expect(list.every((p, i) => p.day >= h.start && p.day <= h.lastDay && (i === 0 || p.day >= list[i - 1].day)))
            .to.be.true;
        }
        expect(h.euro).to.equal(EURO);
      }
    });

    it("depends on the year only through the calendar: 28 years later, the same dates of the year", function () {
      const shift = (t: number) => parseDate(shiftDate(isoDate(t), 28));
      for (let index = 0; index < 20; index++) {
        const now = generateHousehold(pop, 11, index, OPTIONS);
        const later = generateHousehold(pop, 11, index, { ...OPTIONS, year: 2054 });
        const moved = (ps: Payment[]) => ps.map((p) => ({ ...p, day: shift(p.day) }));
        expect(later).to.deep.equal({
          ...now,
          start: shift(now.start),
          measureFrom: shift(now.measureFrom),
          lastDay: shift(now.lastDay),
          incomes: moved(now.incomes),
          expected: moved(now.expected),
          costChanges: now.costChanges.map((c) => ({ ...c, day: shift(c.day), fromMonth: c.fromMonth + 28 * 12 })),
          oneOffs: now.oneOffs.map((o) => ({ ...o, day: shift(o.day) })),
        });
      }
    });
  });

  describe("pay days in 2026 (before shocks)", function () {
    const households = generateHouseholds(pop, 2, 80, OPTIONS);
    const paid = (h: HouseholdYear, kind: string) => dates(h.expected.filter((p) => p.kind === kind));

    it("bijstand on the municipality's day; holiday pay in June; the budget day after it", function () {
      // [March, May, June, December 2026] by hand: 31 Mar is a Tuesday, 30 Mar a Monday; 31 May a
      // Sunday and 30 May a Saturday (so both move to Friday 29 May); 10 May a Sunday (Friday 8 May);
      // in December the end-of-month schemes pay on Wednesday the 23rd.
      // 15 March 2026 is a Sunday: the 15th-next-month scheme pays before it, on Friday the 13th.
      const expected: Record<string, { days: string[]; june: string; budgetDay: number }> = {
        "last-working-day": { days: ["03-31", "05-29", "06-30", "12-23"], june: "06-30", budgetDay: 1 },
        "around-30th": { days: ["03-30", "05-29", "06-30", "12-23"], june: "06-30", budgetDay: 1 },
        "15th-next-month": { days: ["03-13", "05-15", "06-15", "12-15"], june: "06-15", budgetDay: 16 },
        "10th-next-month": { days: ["03-10", "05-08", "06-10", "12-10"], june: "06-10", budgetDay: 11 },
      };
      const seen = new Set<string>();
      for (const h of households.filter((x) => x.municipality !== "none")) {
        const scheme = expected[h.municipality];
        const bijstand = paid(h, "bijstand");
        // October 2025 to December 2026: the settling-in quarter and the measured year.
        expect(bijstand, h.municipality).to.have.length(15);
        const months = ["2026-03", "2026-05", "2026-06", "2026-12"];
        expect(months.map((m) => bijstand.find((d) => d.startsWith(m))!.slice(5))).to.deep.equal(scheme.days);
        expect(paid(h, "holiday-pay")).to.deep.equal([`2026-${scheme.june}`]);
        expect(h.budgetDay).to.equal(scheme.budgetDay);
        seen.add(h.municipality);
      }
      expect([...seen].sort()).to.deep.equal(Object.keys(expected).sort());
    });

    it("bijstand paid the month after arrives in October from September", function () {
      const h = households.find((x) => x.municipality === "10th-next-month")!;
      expect(paid(h, "bijstand")[0]).to.equal("2025-10-10");
    });

    it("toeslagen on the 20th or the Monday after; AOW on the 23rd or the Friday before, holiday pay in May", function () {
      // 20 Dec 2025 and 20 Jun 2026 are Saturdays, 20 Sep 2026 a Sunday; 23 May 2026 is a Saturday,
      // 23 Aug 2026 a Sunday.
      const toeslagen = ["2025-12-22", "2026-01-20", "2026-05-20", "2026-06-22", "2026-09-21"];
      const aow = ["2025-12-23", "2026-03-23", "2026-05-22", "2026-08-21"];
      for (const h of households) {
        const zorgtoeslag = paid(h, "zorgtoeslag");
        expect(zorgtoeslag).to.have.length(15);
        expect(zorgtoeslag).to.include.members(toeslagen);
        expect(h.expected.filter((p) => p.kind === "zorgtoeslag").every((p) => p.source === SOURCE.toeslagen)).to.be
          .true;
        if (!h.type.startsWith("aow")) continue;
        expect(paid(h, "aow")).to.have.length(15).and.include.members(aow);
        expect(paid(h, "holiday-pay")).to.deep.equal(["2026-05-22"]);
        expect(h.budgetDay).to.equal(24);
      }
    });

    it("kinderbijslag in the first two weeks of January, April, July and October, on working days", function () {
      const withChildren = households.filter((h) => paid(h, "kinderbijslag").length > 0);
      expect(withChildren.length).to.be.greaterThan(5);
      for (const h of withChildren) {
        const days = h.expected.filter((p) => p.kind === "kinderbijslag");
        expect(days.map((p) => isoDate(p.day).slice(0, 7))).to.deep.equal([
          "2025-10",
          "2026-01",
          "2026-04",
          "2026-07",
          "2026-10",
        ]);
        for (const p of days) {
          expect(new Date(p.day * 1000).getUTCDate()).to.be.within(2, 14);
          expect(new Date(p.day * 1000).getUTCDay()).to.be.within(1, 5);
          expect(p.source).to.equal(SOURCE.svb);
        }
      }
    });
  });

  describe("amounts and the plan", function () {
    it("huurtoeslag from the rent, by the 2026 bands (hand-computed)", function () {
      const rules = pop.huurtoeslag!;
      // 498.20 - 202.52 = 295.68, + 65 % of (650.00 - 498.20) = 98.67
      expect(huurtoeslagCents(rules, 65000, 1)).to.equal(39435);
      // capped at 932.93: 295.68 + 65 % of 214.82 (139.633) + 40 % of 219.91 (87.964) = 523.277
      expect(huurtoeslagCents(rules, 100000, 1)).to.equal(52328);
      expect(huurtoeslagCents(rules, 40000, 2)).to.equal(19748);
      expect(huurtoeslagCents(rules, 15000, 1)).to.equal(0);
    });

    it("the weekly plan and the budget day of the late-income fixture (hand-computed)", function () {
      const h = generateHousehold(loadPopulation(LATE_INCOME), 1, 0, OPTIONS);
      // (1500 - 920) x 12 x 0.98 / 52 = 131.17: 131 whole euros.
      expect(h.weekly).to.equal(131n * EURO);
      expect(h.budgetDay).to.equal(16);
      expect(dates(h.incomes)).to.deep.equal([
        "2025-10-15",
        "2025-11-17",
        "2025-12-15",
        "2026-01-15",
        "2026-02-16",
        "2026-03-16",
        "2026-04-15",
        "2026-05-15",
        "2026-06-15",
        "2026-07-15",
        "2026-08-17",
        "2026-09-15",
        "2026-10-15",
        "2026-11-16",
        "2026-12-15",
      ]);
      expect(h.costs.map((c) => [c.category, c.dueDay, c.amountPerMonth])).to.deep.equal([
        [CATEGORY.rent, 14, euros("600")],
        [CATEGORY.insurance, 13, euros("150")],
        [CATEGORY.energy, 12, euros("150")],
        [CATEGORY.water, 10, euros("20")],
      ]);
      expect(h.shocks).to.deep.equal([]);
      expect(planCovered(h)).to.equal(true);
    });

    it("the default: a minority (10-25 %) of plans ask more than the year's income gives", function () {
      const households = generateHouseholds(pop, 4, 400, OPTIONS);
      const notCovered = households.filter((h) => !planCovered(h)).length / households.length;
      expect(notCovered).to.be.within(0.1, 0.25);
    });

    it("amounts within the file's ranges, in cents", function () {
      for (const h of generateHouseholds(pop, 6, 60, OPTIONS)) {
        const rent = h.costs.find((c) => c.category === CATEGORY.rent)!;
        expect(rent.dueDay).to.equal(1);
        expect(Number(rent.amountPerMonth) / 1e6).to.be.within(480, 820);
        for (const c of h.costs) expect(c.amountPerMonth % 10_000n).to.equal(0n);
        const insurance = h.costs.find((c) => c.category === CATEGORY.insurance)!;
        const adults = ["single-bijstand", "single-parent-bijstand", "aow-single"].includes(h.type) ? 1 : 2;
        expect(Number(insurance.amountPerMonth) / 1e6).to.be.within(142 * adults, 175 * adults);
      }
    });
  });

  describe("shocks", function () {
    const total = (ps: Payment[], source: number) =>
      ps.filter((p) => p.source === source).reduce((s, p) => s + p.amount, 0n);

    it("hit at the file's rates", function () {
      const households = generateHouseholds(pop, 9, 600, OPTIONS);
      const rate = (name: string, of = households) =>
        of.filter((h) => h.shocks.includes(name as never)).length / of.length;
      expect(rate("toeslagen-late")).to.be.closeTo(0.1, 0.04);
      expect(rate("reclaim")).to.be.closeTo(0.15, 0.04);
      expect(rate("one-off-cost")).to.be.closeTo(0.35, 0.05);
      expect(rate("energy-change")).to.be.closeTo(0.4, 0.05);
      const onBijstand = households.filter((h) => h.municipality !== "none");
      expect(rate("late-first-bijstand", onBijstand)).to.be.closeTo(0.05, 0.03);
      expect(households.filter((h) => h.municipality === "none").some((h) => h.shocks.includes("late-first-bijstand")))
        .to.be.false;
    });

    it("toeslagen late: one month's toeslagen come 5 days later, on a working day", function () {
      const shocked = { ...pop, shocks: { "toeslagen-late": { rate: 1, days: { min: 5, max: 5 } } } };
      for (const h of generateHouseholds(shocked, 1, 10, OPTIONS)) {
        expect(h.shocks).to.deep.equal(["toeslagen-late"]);
        const moved = new Set<string>();
        for (const kind of ["zorgtoeslag", "huurtoeslag", "kindgebonden-budget"]) {
          const before = h.expected.filter((p) => p.kind === kind).map((p) => p.day);
          const after = h.incomes.filter((p) => p.kind === kind).map((p) => p.day);
          const gone = before.filter((d) => !after.includes(d));
          const came = after.filter((d) => !before.includes(d));
          expect(gone.length).to.be.at.most(1);
          expect(came.map(isoDate)).to.deep.equal(gone.map((d) => isoDate(nextWorkday(d + 5 * DAY))));
          gone.forEach((d) => moved.add(isoDate(d).slice(0, 7)));
        }
        expect(moved.size).to.equal(1);
        expect(total(h.incomes, SOURCE.toeslagen)).to.equal(total(h.expected, SOURCE.toeslagen));
      }
    });

    it("reclaim: 50.00 a month withheld from the toeslagen for 3 months (fewer when the year ends)", function () {
      const reclaim = { rate: 1, amountPerMonth: { min: 5000, max: 5000 }, months: { min: 3, max: 3 } };
      for (const h of generateHouseholds({ ...pop, shocks: { reclaim } }, 1, 10, OPTIONS)) {
        const withheld = total(h.expected, SOURCE.toeslagen) - total(h.incomes, SOURCE.toeslagen);
        expect([euros("50"), euros("100"), euros("150")]).to.include(withheld);
        expect(dates(h.incomes)).to.deep.equal(dates(h.expected));
      }
    });

    it("late first bijstand: one bijstand payment 3 weeks late", function () {
      const shocked = { ...pop, shocks: { "late-first-bijstand": { rate: 1, weeks: { min: 3, max: 3 } } } };
      const onBijstand = generateHouseholds(shocked, 1, 12, OPTIONS).filter((x) => x.municipality !== "none");
      expect(onBijstand.length).to.be.greaterThan(3);
      for (const h of onBijstand) {
        const before = h.expected.filter((p) => p.kind === "bijstand").map((p) => p.day);
        const after = h.incomes.filter((p) => p.kind === "bijstand").map((p) => p.day);
        const late = after.filter((d) => !before.includes(d));
        expect(late).to.have.length(after.length === before.length ? 1 : 0);
        const gone = before.filter((d) => !after.includes(d));
        expect(gone).to.have.length(1);
        if (late.length === 1) expect(late[0] - gone[0]).to.equal(3 * WEEK);
        else expect(gone[0] + 3 * WEEK).to.be.greaterThan(h.lastDay);
      }
    });

    it("a one-off cost on a day of the measured year; an energy change agreed 14 days before it applies", function () {
      const shocked = {
        ...pop,
        shocks: {
          "one-off-cost": { rate: 1, amount: { min: 10000, max: 10000 } },
          "energy-change": { rate: 1, changePercent: { min: 10, max: 10 }, noticeDays: 14 },
        },
      };
      for (const h of generateHouseholds(shocked, 1, 10, OPTIONS)) {
        expect(h.shocks).to.deep.equal(["one-off-cost", "energy-change"]);
        expect(h.oneOffs).to.have.length(1);
        expect(h.oneOffs[0].amount).to.equal(euros("100"));
        expect(h.oneOffs[0].day).to.be.within(h.measureFrom, h.lastDay);
        const energy = h.costs.find((c) => c.category === CATEGORY.energy)!;
        const [change] = h.costChanges;
        expect(change.category).to.equal(CATEGORY.energy);
        // 110 % rounded to the nearest cent.
        const cents = energy.amountPerMonth / 10_000n;
        expect(change.amountPerMonth).to.equal(((cents * 110n + 50n) / 100n) * 10_000n);
        expect(change.fromMonth).to.be.within(2026 * 12, 2026 * 12 + 11);
        expect(change.day).to.equal(dueTimestamp(change.fromMonth, energy.dueDay) - 14 * DAY);
      }
    });
  });

  describe("bad files", function () {
    const valid = () => JSON.parse(fs.readFileSync(DEFAULT_POPULATION_FILE, "utf8"));
    const refused = (change: (p: Record<string, any>) => void): string => {
      const raw = valid();
      change(raw);
      try {
        checkPopulation(raw, "population.json");
      } catch (error) {
        expect(error).to.be.instanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error("the population was accepted");
    };

    it("names the file, the field and the problem", function () {
      const cases: [(p: Record<string, any>) => void, string][] = [
        [(p) => (p.types[2].weight = 0), "population.json: types[2].weight: must be a number > 0"],
        [(p) => (p.types = []), "population.json: types: must be a non-empty list of household types"],
        [
          (p) => (p.types[0].incomes[1].payer = "bank"),
          'population.json: types[0].incomes[1].payer: must be one of svb, toeslagen, wi (got "bank")',
        ],
        [
          (p) => (p.types[1].incomes[0].payDay = "weekly"),
          'population.json: types[1].incomes[0].payDay: must be one of municipality, aow, toeslagen, kinderbijslag (got "weekly")',
        ],
        [
          (p) => (p.types[0].costs[1].dueDay = [1, 29]),
          "population.json: types[0].costs[1].dueDay[1]: must be a whole number from 1 to 28 (got 29)",
        ],
        [
          (p) => (p.types[0].costs[0].amount = ["720.00", "480.00"]),
          'population.json: types[0].costs[0].amount: the lowest ("720.00") is above the highest',
        ],
        [
          (p) => (p.types[0].costs[0].amount = 612),
          'population.json: types[0].costs[0].amount: must be an amount in euros as a string, like "850.00" (got 612)',
        ],
        [
          (p) => (p.types[3].costs[0].category = "phone"),
          'population.json: types[3].costs[0].category: must be one of rent, energy, insurance, water (got "phone")',
        ],
        [
          (p) => (p.types[0].costs[3].category = "rent"),
          'population.json: types[0].costs[3].category: "rent" is listed twice',
        ],
        [
          (p) => (p.types[0].costs = p.types[0].costs.slice(1)),
          'population.json: types[0].incomes[2].amount: "from-rent" needs a rent among the type\'s costs',
        ],
        [
          (p) => (p.types[0].incomes[0].months = [6]),
          "population.json: types[0].incomes[0].months: the main income must be paid monthly",
        ],
        [(p) => (p.types[1].id = p.types[0].id), 'population.json: types[1].id: "single-bijstand" is used twice'],
        [
          (p) => (p.municipalities[1].payDay.weekend = "sunday"),
          'population.json: municipalities[1].payDay.weekend: must be one of before, after (got "sunday")',
        ],
        [
          (p) => (p.shocks.reclaim.rate = 1.5),
          "population.json: shocks.reclaim.rate: must be a number from 0 to 1 (got 1.5)",
        ],
        [
          (p) => (p.shocks.flood = { rate: 0.1 }),
          'population.json: shocks: unknown field "flood" (allowed: toeslagen-late, reclaim, late-first-bijstand, one-off-cost, energy-change, note, label, source)',
        ],
        [
          (p) => (p.types[4].source = "nowhere"),
          'population.json: types[4].source: must name a source in `sources` (got "nowhere")',
        ],
        [
          (p) => (p.creditors.minimum = 40),
          'population.json: creditors.minimum: must be an amount in euros as a string, like "850.00" (got 40)',
        ],
        [(p) => delete p.creditors, "population.json: creditors: must be an object with reminderAfterDays"],
        [
          (p) => (p.types[0].iban = "NL00BANK0123456789"),
          'population.json: types[0]: unknown field "iban" (allowed: id, weight, persons, incomes, costs, note, label, source)',
        ],
      ];
      for (const [change, message] of cases) expect(refused(change)).to.have.string(message);
    });

    it("names a file it cannot read or parse", function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "population-"));
      const broken = path.join(dir, "broken.json");
      fs.writeFileSync(broken, "{ not json");
      expect(() => loadPopulation(path.join(dir, "missing.json"))).to.throw(
        UserError,
        /cannot read the population file/,
      );
      expect(() => loadPopulation(broken)).to.throw(UserError, /broken\.json is not valid JSON/);
    });
  });
});

/** All a household receives in the run covers all its plan asks: the fixed costs due and the weeks. */
/** The measured year's income against what the plan asks in it (months due, weeks falling due). */
function planCovered(h: HouseholdYear): boolean {
  const received = h.incomes.filter((p) => p.day >= h.measureFrom).reduce((sum, p) => sum + p.amount, 0n);
  let asked = 0n;
  for (const cost of h.costs) {
    for (let month = 2026 * 12; month <= 2026 * 12 + 11; month++) {
      const change = h.costChanges.find((c) => c.category === cost.category && c.fromMonth <= month);
      asked += change ? change.amountPerMonth : cost.amountPerMonth;
    }
  }
  // Week k falls due on start + (k + 1) weeks: those from 1 January to 31 December.
  let weeks = 0;
  for (let day = h.start + WEEK; day <= h.lastDay; day += WEEK) if (day >= h.measureFrom) weeks++;
  return received >= asked + BigInt(weeks) * h.weekly;
}

function big(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
