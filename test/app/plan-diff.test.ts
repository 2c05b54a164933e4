/**
 * What a proposal changes (app/src/chain/plan-diff.ts), for the comparison the resident reads before
 * consenting: lines paired as the vault pairs them, differences per month and in total.
 */
import { expect } from "chai";
import { pairLines, planDiff, summaryOf } from "../../app/src/chain/plan-diff";
import type { PlanLine, PlanValue } from "../../app/src/chain/plan";

const LANDLORD = "0x5000000000000000000000000000000000000005";
const ENERGY = "0x6000000000000000000000000000000000000006";
const INSURER = "0x7000000000000000000000000000000000000007";
const WATER = "0x8000000000000000000000000000000000000008";
const eur = (x: number) => BigInt(Math.round(x * 100)) * 10_000n;

const line = (category: number, dueDay: number, amount: number, creditor: string): PlanLine => ({
  category,
  dueDay,
  amountPerMonth: eur(amount),
  creditor,
});

function family(): PlanValue {
  return {
    buckets: [line(0, 1, 850, LANDLORD), line(2, 1, 152, INSURER), line(1, 5, 165, ENERGY), line(3, 18, 24, WATER)],
    weeklyLivingMoney: eur(260),
    bufferTarget: eur(800),
  };
}

describe("plan diff (web app)", function () {
  it("finds no change in the same plan", function () {
    const d = planDiff(family(), family());
    expect(d.changed).to.equal(false);
    expect(d.lines.map((l) => l.change)).to.deep.equal(["same", "same", "same", "same"]);
    expect(d.total).to.deep.equal({ current: eur(1191), proposed: eur(1191), delta: 0n });
  });

  it("shows a higher energy amount per line and in the total", function () {
    const proposed = family();
    proposed.buckets[2].amountPerMonth = eur(180);
    const d = planDiff(family(), proposed);
    expect(d.changed).to.equal(true);
    const energy = d.lines[2];
    expect(energy.change).to.equal("changed");
    expect(energy.amountChanged).to.equal(true);
    expect(energy.dueDayChanged).to.equal(false);
    expect(energy.delta).to.equal(eur(15));
    expect(d.lines.filter((l) => l.change !== "same")).to.have.length(1);
    expect(d.total).to.deep.equal({ current: eur(1191), proposed: eur(1206), delta: eur(15) });
  });

  it("marks a new due day as a change with no difference in money", function () {
    const proposed = family();
    proposed.buckets[3].dueDay = 25;
    const [, , , water] = planDiff(family(), proposed).lines;
    expect(water).to.include({ change: "changed", dueDayChanged: true, amountChanged: false, delta: 0n });
  });

  it("lists a new line in the proposal's place and a dropped one at the end", function () {
    const proposed = family();
    proposed.buckets.splice(1, 1); // no more insurance
    proposed.buckets.push(line(4, 10, 40, "0x9000000000000000000000000000000000000009"));
    const d = planDiff(family(), proposed);
    expect(d.lines.map((l) => [l.change, (l.proposed ?? l.current)!.category])).to.deep.equal([
      ["same", 0],
      ["same", 1],
      ["same", 3],
      ["added", 4],
      ["removed", 2],
    ]);
    expect(d.lines[3].current).to.equal(undefined);
    expect(d.lines[3].delta).to.equal(eur(40));
    expect(d.lines[4].proposed).to.equal(undefined);
    expect(d.lines[4].delta).to.equal(-eur(152));
    expect(d.total.delta).to.equal(eur(40 - 152));
  });

  it("pairs lines as the vault does: creditor and category first, then the creditor alone", function () {
    const current = [line(0, 1, 850, LANDLORD), line(7, 1, 30, LANDLORD)];
    // The landlord's "other" line becomes a debt repayment; the rent stays first in the list.
    const proposed = [line(6, 1, 30, LANDLORD), line(0, 1, 850, LANDLORD)];
    expect(pairLines(current, proposed)).to.deep.equal([1, 0]);
    const d = planDiff({ ...family(), buckets: current }, { ...family(), buckets: proposed });
    expect(d.lines[0]).to.include({ change: "changed", categoryChanged: true, amountChanged: false });
    expect(d.lines[1].change).to.equal("same");
  });

  it("treats another creditor as a dropped line and a new one", function () {
    const proposed = family();
    proposed.buckets[2] = line(1, 5, 165, "0xa00000000000000000000000000000000000000a");
    const d = planDiff(family(), proposed);
    expect(d.lines.map((l) => l.change)).to.deep.equal(["same", "same", "added", "same", "removed"]);
    expect(d.total.delta).to.equal(0n);
  });

  it("compares addresses whatever their case", function () {
    const proposed = family();
    proposed.buckets[0].creditor = LANDLORD.toUpperCase().replace("0X", "0x");
    expect(planDiff(family(), proposed).lines[0].change).to.equal("same");
  });

  it("shows the living money per week and the buffer target", function () {
    const proposed = { ...family(), weeklyLivingMoney: eur(250), bufferTarget: eur(900) };
    const d = planDiff(family(), proposed);
    expect(d.changed).to.equal(true);
    expect(d.weeklyLivingMoney).to.deep.equal({ current: eur(260), proposed: eur(250), delta: -eur(10) });
    expect(d.bufferTarget.delta).to.equal(eur(100));
    expect(d.lines.every((l) => l.change === "same")).to.equal(true);
  });

  describe("summary", function () {
    it("is empty for the same plan (the view then says nothing changes)", function () {
      expect(summaryOf(planDiff(family(), family()))).to.deep.equal([]);
    });

    it("names a change of the buffer target alone", function () {
      const d = planDiff(family(), { ...family(), bufferTarget: eur(900) });
      expect(summaryOf(d)).to.deep.equal([{ kind: "bufferTarget", delta: eur(100) }]);
    });

    it("names a change of the living money alone", function () {
      const d = planDiff(family(), { ...family(), weeklyLivingMoney: eur(250) });
      expect(summaryOf(d)).to.deep.equal([{ kind: "weekly", delta: -eur(10) }]);
    });

    it("names a changed due day with no change in money", function () {
      const proposed = family();
      proposed.buckets[3].dueDay = 25;
      expect(summaryOf(planDiff(family(), proposed))).to.deep.equal([{ kind: "costs", count: 1 }]);
    });

    it("names every kind of change, in order", function () {
      const proposed = { ...family(), weeklyLivingMoney: eur(270), bufferTarget: eur(700) };
      proposed.buckets[2].amountPerMonth = eur(180);
      expect(summaryOf(planDiff(family(), proposed)).map((i) => i.kind)).to.deep.equal([
        "costs",
        "total",
        "weekly",
        "bufferTarget",
      ]);
    });
  });
});
