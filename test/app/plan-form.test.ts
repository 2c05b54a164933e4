/**
 * The plan editor's check (app/src/chain/plan-form.ts): the form's strings become the plan the
 * vault takes, or a problem named per field, and a plan in force comes back into the form unchanged.
 */
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import {
  amountText,
  checkAddress,
  emptyPlanForm,
  emptyRow,
  errorCount,
  MAX_ROWS,
  OTHER_CREDITOR,
  parseAmount,
  parsePlanForm,
  planToForm,
  type PlanFormInput,
  type PlanRowInput,
} from "../../app/src/chain/plan-form";
import type { PlanValue } from "../../app/src/chain/plan";

const D = 6;
const LANDLORD = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const ENERGY = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const euro = (n: number) => BigInt(Math.round(n * 100)) * 10n ** BigInt(D - 2);

const row = (over: Partial<PlanRowInput> = {}): PlanRowInput => ({
  category: "0",
  dueDay: "1",
  amount: "650,00",
  creditor: LANDLORD,
  otherCreditor: "",
  ...over,
});
const form = (rows: PlanRowInput[], over: Partial<PlanFormInput> = {}): PlanFormInput => ({
  rows,
  weeklyLivingMoney: "75",
  bufferTarget: "150,00",
  ...over,
});

function errorsOf(input: PlanFormInput) {
  const result = parsePlanForm(input, D);
  if (result.ok) throw new Error("expected the form to be refused");
  return result.errors;
}

describe("web app: the plan form", () => {
  it("turns a filled form into the vault's plan, in token units", () => {
    const result = parsePlanForm(
      form([row(), row({ category: "1", dueDay: "15", amount: "1.234,56", creditor: ENERGY.toLowerCase() })]),
      D,
    );
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.plan).to.deep.equal({
      buckets: [
        { category: 0, dueDay: 1, amountPerMonth: euro(650), creditor: LANDLORD },
        { category: 1, dueDay: 15, amountPerMonth: euro(1234.56), creditor: ENERGY },
      ],
      weeklyLivingMoney: euro(75),
      bufferTarget: euro(150),
    });
  });

  it("takes a typed address when 'another address' is chosen", () => {
    const typed = "0x" + "ab".repeat(20);
    const result = parsePlanForm(form([row({ creditor: OTHER_CREDITOR, otherCreditor: ` ${typed} ` })]), D);
    expect(result.ok && result.plan.buckets[0].creditor.toLowerCase()).to.equal(typed);
  });

  it("names every field with a problem at once, and sends nothing", () => {
    const errors = errorsOf(
      form([emptyRow(), row({ dueDay: "32", amount: "0", creditor: OTHER_CREDITOR, otherCreditor: "0x12" })], {
        weeklyLivingMoney: "veel",
        bufferTarget: "",
      }),
    );
    expect(errors.rows[0]).to.deep.equal({
      category: "categoryMissing",
      dueDay: "dueDayMissing",
      amount: "amountMissing",
      creditor: "creditorMissing",
    });
    expect(errors.rows[1]).to.deep.equal({ dueDay: "dueDayRange", amount: "amountZero", creditor: "creditorInvalid" });
    expect(errors.weeklyLivingMoney).to.equal("amountInvalid");
    expect(errors.bufferTarget).to.equal("amountMissing");
    expect(errorCount(errors)).to.equal(9);
  });

  it("refuses due days outside 1 to 31 and anything that is not a whole number", () => {
    for (const dueDay of ["0", "32", "1.5", "-1", "abc", "100"]) {
      expect(errorsOf(form([row({ dueDay })])).rows[0].dueDay, dueDay).to.equal("dueDayRange");
    }
    for (const dueDay of ["1", " 31 ", "09"])
      expect(parsePlanForm(form([row({ dueDay })]), D).ok, dueDay).to.equal(true);
  });

  it("refuses the zero address, a bad checksum and an unknown category", () => {
    expect(checkAddress(ZeroAddress)).to.equal("creditorZero");
    const badChecksum = LANDLORD.slice(0, -1) + (LANDLORD.endsWith("c") ? "C" : "c");
    expect(checkAddress(badChecksum)).to.equal("creditorInvalid");
    expect(checkAddress(LANDLORD.toLowerCase())).to.equal(LANDLORD);
    expect(errorsOf(form([row({ category: "8" })])).rows[0].category).to.equal("categoryMissing");
    expect(errorsOf(form([row({ creditor: OTHER_CREDITOR, otherCreditor: "" })])).rows[0].creditor).to.equal(
      "creditorMissing",
    );
  });

  it("allows no living money and no buffer, but not a fixed cost of zero", () => {
    const result = parsePlanForm(form([row()], { weeklyLivingMoney: "0", bufferTarget: "0,00" }), D);
    expect(result.ok && [result.plan.weeklyLivingMoney, result.plan.bufferTarget]).to.deep.equal([0n, 0n]);
    expect(errorsOf(form([row({ amount: "0,00" })])).rows[0].amount).to.equal("amountZero");
  });

  it("allows a plan without fixed costs, and at most the vault's 8", () => {
    expect(parsePlanForm(form([]), D).ok).to.equal(true);
    expect(parsePlanForm(form(Array.from({ length: MAX_ROWS }, () => row())), D).ok).to.equal(true);
    expect(errorsOf(form(Array.from({ length: MAX_ROWS + 1 }, () => row()))).tooManyRows).to.equal(true);
  });

  it("refuses amounts above what the vault can hold", () => {
    expect(errorsOf(form([row()], { bufferTarget: "99999999999999999999" })).bufferTarget).to.equal("amountInvalid");
    // 18 decimals: uint80 is about 1.2 million euros per month.
    const big = parsePlanForm(form([row({ amount: "2000000" })]), 18);
    expect(!big.ok && big.errors.rows[0].amount).to.equal("amountTooLarge");
  });

  it("reads amounts as people type them, and fractions finer than a cent only with 4 or more digits", () => {
    expect(parseAmount("12,50", D)).to.equal(euro(12.5));
    expect(parseAmount("€ 1.234,50", D)).to.equal(euro(1234.5));
    expect(parseAmount("1,234.50", D)).to.equal(euro(1234.5));
    expect(parseAmount("1.234", D)).to.equal(euro(1234));
    expect(parseAmount("12,3456", D)).to.equal(12_345_600n);
    expect(parseAmount("0.0000001", D)).to.equal(undefined);
    expect(parseAmount("twaalf", D)).to.equal(undefined);
  });

  it("shows a plan in force in the form, and reading it back gives the same plan", () => {
    const plan: PlanValue = {
      buckets: [
        { category: 0, dueDay: 1, amountPerMonth: euro(650), creditor: LANDLORD },
        { category: 7, dueDay: 31, amountPerMonth: 12_345_678n, creditor: ENERGY },
      ],
      weeklyLivingMoney: euro(75.5),
      bufferTarget: 0n,
    };
    for (const lang of ["nl", "en"] as const) {
      const shown = planToForm(plan, [LANDLORD], D, lang);
      expect(shown.rows[0]).to.deep.equal({
        category: "0",
        dueDay: "1",
        amount: lang === "nl" ? "650,00" : "650.00",
        creditor: LANDLORD,
        otherCreditor: "",
      });
      // Not in the register (revoked since): shown as a typed address, so the coach sees it.
      expect(shown.rows[1]).to.include({
        creditor: OTHER_CREDITOR,
        otherCreditor: ENERGY,
        amount: "12" + (lang === "nl" ? "," : ".") + "345678",
      });
      const back = parsePlanForm(shown, D);
      expect(back.ok && back.plan).to.deep.equal(plan);
    }
  });

  it("writes amounts without thousands marks, and a sub-cent amount with at least 4 decimals", () => {
    expect(amountText(euro(1234.5), D, "nl")).to.equal("1234,50");
    expect(amountText(12_345_000n, D, "en")).to.equal("12.3450");
    expect(parseAmount(amountText(12_345_000n, D, "nl"), D)).to.equal(12_345_000n);
    expect(amountText(5n, 0, "nl")).to.equal("5");
  });

  it("starts a new household with one empty row", () => {
    expect(emptyPlanForm()).to.deep.equal({ rows: [emptyRow()], weeklyLivingMoney: "", bufferTarget: "" });
  });
});
