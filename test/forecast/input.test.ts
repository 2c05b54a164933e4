/**
 * The forecast's input: the income calendar file and the command line. Bad input is a UserError
 * that names the problem (the CLI prints it in one line and exits 1).
 */
import fs from "fs";
import os from "os";
import path from "path";
import { expect } from "chai";
import { Money, parseDate, UserError } from "../../src/core";
import {
  checkIncomeCalendar,
  datedIncomes,
  loadIncomeCalendar,
  parseForecastArgs,
  WORST_CASE,
} from "../../src/forecast";

const FILE = path.resolve(__dirname, "../../scenarios/family-income.json");
const money = new Money(6);
const valid = () => JSON.parse(fs.readFileSync(FILE, "utf8"));

function refused(raw: unknown): string {
  try {
    checkIncomeCalendar(raw, "cal.json");
  } catch (error) {
    expect(error).to.be.instanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("the calendar was accepted");
}

describe("forecast input", function () {
  it("reads the example calendar of the demo family", function () {
    const cal = loadIncomeCalendar(FILE);
    expect(cal.payments.map((p) => p.id)).to.include.members(["bijstand", "huurtoeslag", "kinderbijslag"]);
  });

  it("refuses a bad calendar, naming the file and the field", function () {
    const cases: [(c: Record<string, any>) => void, RegExp][] = [
      [(c) => (c.payments = []), /payments: must be a non-empty list/],
      [(c) => (c.payments[0].amount = 1340), /payments\[0\]\.amount: must be an amount in euros/],
      [(c) => (c.payments[0].payer = "bank"), /payments\[0\]\.payer: must be one of svb, toeslagen, wi, other/],
      [
        (c) => (c.payments[0].schedule = { monthly: 32 }),
        /payments\[0\]\.schedule\.monthly: must be a whole number from 1 to 31/,
      ],
      [(c) => (c.payments[0].schedule = { weekly: 1 }), /payments\[0\]\.schedule: must be one of/],
      [(c) => (c.payments[0].schedule = { once: "2027-02-30" }), /schedule\.once: must be a date/],
      [
        (c) => (c.payments[2].uncertainty.reduced.probability = 2),
        /reduced\.probability: must be a number from 0 to 1/,
      ],
      [(c) => (c.payments[1].id = c.payments[0].id), /payments\[1\]\.id: "bijstand" is used twice/],
      [
        (c) => (c.payments[2].uncertainty.reduced.amount = "300.00"),
        /reduced\.amount: must be less than the payment's amount \(298\.00\)/,
      ],
      [(c) => (c.payments[0].iban = "NL00BANK0123456789"), /unknown field "iban"/],
      [(c) => (c.withdrawals = [{ amount: "most", schedule: { monthly: 1 } }]), /withdrawals\[0\]\.amount/],
    ];
    for (const [change, message] of cases) {
      const raw = valid();
      change(raw);
      expect(refused(raw))
        .to.match(/^cal\.json: /)
        .and.to.match(message);
    }
    expect(refused([])).to.match(/must hold a JSON object/);
  });

  it("names a missing or unreadable file", function () {
    expect(() => loadIncomeCalendar("/nonexistent/cal.json")).to.throw(UserError, /cannot read the income calendar/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hhb-cal-"));
    fs.writeFileSync(path.join(dir, "bad.json"), "{ not json");
    expect(() => loadIncomeCalendar(path.join(dir, "bad.json"))).to.throw(UserError, /is not valid JSON/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("dates payments as Dutch payers pay: a weekend payday moves to the Friday before; quarterly, yearly, late", function () {
    const cal = loadIncomeCalendar(FILE);
    const from = parseDate("2027-01-01");
    const to = parseDate("2027-06-30");
    const incomes = datedIncomes(cal, money, from, to);
    const dates = (id: string) =>
      incomes.filter((i) => i.id === id).map((i) => new Date(i.day * 1000).toISOString().slice(0, 10));
    // 2027-04-25 is a Sunday, 2027-06-25 a Friday.
    expect(dates("bijstand")).to.deep.equal([
      "2027-01-25",
      "2027-02-25",
      "2027-03-25",
      "2027-04-23",
      "2027-05-25",
      "2027-06-25",
    ]);
    expect(dates("kinderbijslag")).to.deep.equal(["2027-01-05", "2027-04-05"]);
    expect(dates("vakantiegeld")).to.deep.equal(["2027-05-25"]);
    const worst = datedIncomes(cal, money, from, to, WORST_CASE).filter((i) => i.id === "huurtoeslag");
    expect(worst.every((i) => i.daysLate === 14 && i.reduced && i.amount === money.units("148.00"))).to.equal(true);
  });

  it("refuses bad command-line input with one clear message", function () {
    const cases: [string[], RegExp][] = [
      [["--income", FILE], /give either --vault <address> or --factory <address>/],
      [["--vault", "0x12", "--income", FILE], /--vault must be an address/],
      [["--vault", "0x" + "1".repeat(40)], /required option '--income <file>' not specified/],
      [["--vault", "0x" + "1".repeat(40), "--income", FILE, "--months", "0"], /--months.*whole number from 1 to 24/],
      [["--vault", "0x" + "1".repeat(40), "--income", FILE, "--colour"], /unknown option '--colour'/],
    ];
    for (const [argv, message] of cases)
      expect(() => parseForecastArgs(argv), argv.join(" ")).to.throw(UserError, message);
    expect(parseForecastArgs(["--vault", "0x" + "1".repeat(40), "--income", FILE])).to.include({ months: 3 });
  });
});
