/**
 * How a fixed cost stands this month in the resident's view (app/src/chain/cost-status.ts): every
 * status, and which lines count as paid when plans reorder them. "Paid" must never be said of a
 * line the vault did not pay, and a failed read must never say "not paid".
 */
import { expect } from "chai";
import { costStatus, paidKey, paidKeys, type CostInput, type Payment } from "../../app/src/chain/cost-status";
import type { PlanLine } from "../../app/src/chain/plan";
import { dueTimestamp, monthIndexOf, parseDate } from "../../src/core/calendar";

const eur = (x: number) => BigInt(Math.round(x * 100)) * 10_000n;
const RENT = 0;
const DEBT = 6;
const NOW = parseDate("2026-12-10");
const MONTH = monthIndexOf(NOW);
const LANDLORD = "0x5000000000000000000000000000000000000005";
const BAILIFF = "0x6000000000000000000000000000000000000006";
const BANK = "0x7000000000000000000000000000000000000007";

/** Rent of € 850 due on the 1st, paid for this month, and nothing else going on. */
function input(over: Partial<CostInput> = {}, bucket: Partial<CostInput["bucket"]> = {}): CostInput {
  return {
    bucket: {
      category: RENT,
      amountPerMonth: eur(850),
      balance: eur(400),
      arrears: 0n,
      paidThroughMonth: MONTH,
      nextDueAt: dueTimestamp(MONTH + 1, 1),
      ...bucket,
    },
    index: 0,
    thisMonth: MONTH,
    now: NOW,
    paid: new Set([paidKey(0, RENT)]),
    paused: false,
    buffer: 0n,
    savings: 0n,
    unallocated: 0n,
    ...over,
  };
}

/** Rent due on the 20th of this month, not yet reached. */
const dueLater = { paidThroughMonth: MONTH - 1, nextDueAt: dueTimestamp(MONTH, 20) };
/** Rent due on the 1st of this month, not yet processed by the keeper. */
const dueBefore = { paidThroughMonth: MONTH - 1, nextDueAt: dueTimestamp(MONTH, 1) };

describe("cost status (web app)", function () {
  describe("a month the vault counts as done", function () {
    it("is paid when this line's payment is there", function () {
      expect(costStatus(input())).to.deep.equal({ kind: "paid" });
    });

    it("is not paid through the vault when only another line (same kind) was paid", function () {
      const status = costStatus(input({ index: 1, paid: new Set([paidKey(0, RENT)]) }));
      expect(status).to.deep.equal({ kind: "notThisMonth", from: dueTimestamp(MONTH + 1, 1) });
    });

    it("is not paid when the payment at this index was for another kind of cost", function () {
      expect(costStatus(input({ paid: new Set([paidKey(0, DEBT)]) })).kind).to.equal("notThisMonth");
    });

    it("cannot be told when the payments could not be read (never 'not paid')", function () {
      expect(costStatus(input({ paid: "failed" }))).to.deep.equal({ kind: "unknown" });
    });

    it("is being checked while the payments are read", function () {
      expect(costStatus(input({ paid: undefined }))).to.deep.equal({ kind: "checking" });
    });

    it("stays paid while paused (a fact, not a promise)", function () {
      expect(costStatus(input({ paused: true }))).to.deep.equal({ kind: "paid" });
    });

    it("says paused instead of 'the vault pays this from' while paused", function () {
      expect(costStatus(input({ paused: true, paid: new Set() }))).to.deep.equal({ kind: "paused", arrears: 0n });
    });
  });

  describe("a month still to pay", function () {
    it("is due on its date, with what is saved", function () {
      const status = costStatus(input({ paid: new Set() }, dueLater));
      expect(status).to.deep.equal({ kind: "dueOn", date: dueTimestamp(MONTH, 20), saved: eur(400) });
    });

    it("is due now when the bucket, buffer, savings and waiting income cover it", function () {
      const status = costStatus(input({ buffer: eur(200), savings: eur(100), unallocated: eur(150) }, dueBefore));
      expect(status).to.deep.equal({ kind: "dueNow", saved: eur(400) });
    });

    it("is due now when the bucket alone covers it", function () {
      expect(costStatus(input({}, { ...dueBefore, balance: eur(850) })).kind).to.equal("dueNow");
    });

    it("is perhaps short by what is missing when nothing covers it", function () {
      const status = costStatus(input({ buffer: eur(100), unallocated: eur(50) }, dueBefore));
      expect(status).to.deep.equal({ kind: "shortNow", missing: eur(300), saved: eur(400) });
    });

    it("is short by the whole amount with nothing saved and an empty buffer", function () {
      const status = costStatus(input({}, { ...dueBefore, balance: 0n }));
      expect(status).to.deep.equal({ kind: "shortNow", missing: eur(850), saved: 0n });
    });

    it("says paused, not 'as soon as possible', while paused", function () {
      expect(costStatus(input({ paused: true }, dueBefore))).to.deep.equal({ kind: "paused", arrears: 0n });
    });

    it("says paused, not a date, while paused", function () {
      expect(costStatus(input({ paused: true }, dueLater))).to.deep.equal({ kind: "paused", arrears: 0n });
    });
  });

  describe("arrears", function () {
    it("are late with the amount owed", function () {
      expect(costStatus(input({}, { arrears: eur(850) }))).to.deep.equal({ kind: "late", arrears: eur(850) });
    });

    it("stay visible while paused", function () {
      const status = costStatus(input({ paused: true }, { arrears: eur(850) }));
      expect(status).to.deep.equal({ kind: "paused", arrears: eur(850) });
    });
  });
});

const line = (category: number, creditor: string, amount = 100): PlanLine => ({
  category,
  dueDay: 1,
  amountPerMonth: eur(amount),
  creditor,
});
const paid = (bucketIndex: number, category: number, block: number, tx = 0, monthIndex = MONTH): Payment => ({
  bucketIndex,
  category,
  monthIndex,
  at: { block, tx },
});

describe("lines paid this month (web app)", function () {
  it("keys each payment on its line, so two debts do not share a status", function () {
    const keys = paidKeys([paid(1, DEBT, 10)], [], MONTH);
    expect([...keys]).to.deep.equal([paidKey(1, DEBT)]);
    expect(keys.has(paidKey(2, DEBT))).to.equal(false);
  });

  it("counts only payments for this month", function () {
    const keys = paidKeys([paid(0, RENT, 5, 0, MONTH - 1), paid(1, DEBT, 10)], [], MONTH);
    expect([...keys]).to.deep.equal([paidKey(1, DEBT)]);
  });

  it("follows a paid line to its new place when a plan reorders the lines", function () {
    // Debt to the bailiff paid at index 1; the new plan puts a new debt (to the bank) first.
    const before = [line(RENT, LANDLORD), line(DEBT, BAILIFF)];
    const after = [line(DEBT, BANK), line(RENT, LANDLORD), line(DEBT, BAILIFF)];
    const keys = paidKeys([paid(1, DEBT, 10), paid(0, RENT, 10)], [{ at: { block: 20, tx: 0 }, before, after }], MONTH);
    expect([...keys].sort()).to.deep.equal([paidKey(1, RENT), paidKey(2, DEBT)]);
    // The bank's debt, new at index 0 (where the rent was), is not called paid.
    expect(keys.has(paidKey(0, DEBT))).to.equal(false);
  });

  it("drops a payment whose line left the plan", function () {
    const before = [line(DEBT, BAILIFF), line(RENT, LANDLORD)];
    const after = [line(DEBT, BANK), line(RENT, LANDLORD)];
    const keys = paidKeys([paid(0, DEBT, 10)], [{ at: { block: 20, tx: 0 }, before, after }], MONTH);
    expect(keys.size).to.equal(0);
  });

  it("does not move a payment made after the change", function () {
    const before = [line(RENT, LANDLORD), line(DEBT, BAILIFF)];
    const after = [line(DEBT, BAILIFF), line(RENT, LANDLORD)];
    const keys = paidKeys([paid(0, DEBT, 20, 1)], [{ at: { block: 20, tx: 0 }, before, after }], MONTH);
    expect([...keys]).to.deep.equal([paidKey(0, DEBT)]);
  });

  it("moves a payment made in the acceptance's own transaction (settled before the plan applies)", function () {
    const before = [line(RENT, LANDLORD), line(DEBT, BAILIFF)];
    const after = [line(DEBT, BAILIFF), line(RENT, LANDLORD)];
    const keys = paidKeys([paid(0, RENT, 20, 3)], [{ at: { block: 20, tx: 3 }, before, after }], MONTH);
    expect([...keys]).to.deep.equal([paidKey(1, RENT)]);
  });

  it("follows a line through two changes, taking the category the vault continued it under", function () {
    const first = {
      at: { block: 20, tx: 0 },
      before: [line(DEBT, BAILIFF)],
      after: [line(RENT, LANDLORD), line(DEBT, BAILIFF)],
    };
    // The bailiff's line continues as "other" (7): the vault pairs on the creditor alone.
    const second = { at: { block: 30, tx: 0 }, before: first.after, after: [line(7, BAILIFF), line(RENT, LANDLORD)] };
    const keys = paidKeys([paid(0, DEBT, 10)], [first, second], MONTH);
    expect([...keys]).to.deep.equal([paidKey(0, 7)]);
  });
});
