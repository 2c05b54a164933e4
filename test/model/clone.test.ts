import { expect } from "chai";
import { initialWorld, proposePlan, setBlocklisted, setCoachRole, type Plan, type World } from "../../src/rules";
import { clone } from "../../src/rules/state";

/** A world with every nested part filled: buckets, a pending plan, claimable money, a blocklist. */
function fullWorld(): World {
  const plan: Plan = {
    buckets: [
      { category: 0, dueDay: 1, amountPerMonth: 650n, creditor: "landlord" },
      { category: 1, dueDay: 12, amountPerMonth: 172n, creditor: "energy" },
    ],
    weeklyLivingMoney: 140n,
    bufferTarget: 300n,
  };
  const config = {
    vault: "vault",
    treasury: "treasury",
    registrars: ["registrar"],
    guardians: ["guardian"],
    treasurers: ["treasury"],
    coaches: ["coach"],
    approvedCreditors: ["landlord", "energy"],
    payers: { svb: 1 },
    advanceCap: 1500n,
    exitNotice: 30,
  };
  const w0 = initialWorld(config, 1_767_225_600, "resident", "coach", plan, { svb: 10_000n, vault: 5n });
  const proposed = proposePlan(w0, "coach", { ...plan, weeklyLivingMoney: 150n });
  if (!proposed.ok) throw new Error(proposed.errors.join());
  const w = proposed.world;
  w.vault.claimable = { landlord: 7n };
  w.blocklisted = { energy: true };
  return w;
}

describe("The model's clone", function () {
  it("copies the world as structuredClone does", function () {
    const w = fullWorld();
    expect(clone(w)).to.deep.equal(structuredClone(w));
  });

  it("shares nothing the actions change in place with the original", function () {
    const w = fullWorld();
    const before = structuredClone(w);
    const c = clone(w);
    c.vault.buckets[0].balance = 99n;
    c.vault.pending!.buckets[0].amountPerMonth = 1n;
    c.vault.claimable.landlord = 0n;
    c.vault.savings = 5n;
    c.balances.svb = 0n;
    expect(w).to.deep.equal(before);
  });

  it("leaves the original's coaches and blocklist alone when an action changes the copy's", function () {
    const w = fullWorld();
    const before = structuredClone(w);
    const granted = setCoachRole(w, "another", true);
    const revoked = setCoachRole(w, "coach", false);
    const blocked = setBlocklisted(w, "landlord", true);
    const unblocked = setBlocklisted(w, "energy", false);
    expect(w).to.deep.equal(before);
    expect(granted.ok && granted.world.config.coaches).to.deep.equal(["coach", "another"]);
    expect(revoked.ok && revoked.world.config.coaches).to.deep.equal([]);
    expect(blocked.ok && blocked.world.blocklisted).to.deep.equal({ energy: true, landlord: true });
    expect(unblocked.ok && unblocked.world.blocklisted).to.deep.equal({});
  });
});
