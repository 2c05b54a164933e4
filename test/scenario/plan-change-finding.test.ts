/**
 * CONTRACT FINDING, found by the family scenario (`npm run demo`): these tests state what
 * docs/architecture.md ("Plan changes with consent") requires and FAIL against the contract as it
 * stands, until HouseholdVault._planBucket stops aliasing the old bucket.
 *
 * Cause: `_planBucket` does `b = old[source - 1]` on a memory struct, which in Solidity copies the
 * reference, not the struct; `b.creditor = p.creditor` then writes the creditor back into `old`,
 * after `_matchBuckets` had cleared it to mark the old bucket as continued. `_applyPlan`'s second
 * loop therefore retires every continued bucket as if it had left the plan: its balance is counted
 * as freed (and allocated a second time), and a continued bucket with arrears or a month due makes
 * acceptPlan revert.
 */
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Category, deploySystem, Plan, utc } from "../helpers/fixtures";
import { allocationsOf, expectConserved } from "../helpers/vault";

const fixture = () => deploySystem(6);

/** The default plan with energy's monthly amount changed: every creditor stays. */
function withEnergy(plan: Plan, amount: bigint): Plan {
  return {
    ...plan,
    buckets: plan.buckets.map((b) => (b.category === Category.Energy ? { ...b, amountPerMonth: amount } : b)),
  };
}

describe("CONTRACT FINDING: a plan change that keeps every creditor (fails until fixed)", function () {
  it("keeps the vault's accounts equal to its token balance and frees nothing", async function () {
    const s = await loadFixture(fixture);
    const { vault, token, eur, accounts } = s;
    // 10 January: buckets 750 + 150 + 140 + 30, five weeks of living money 500, buffer 250, savings 180.
    await vault.connect(accounts.svb).deposit(eur("2000"));
    await expectConserved(token, vault);
    const before = await vault.buckets();

    const plan = withEnergy(s.plan, eur("165"));
    await vault.connect(accounts.coach).proposePlan(plan);
    const tx = vault.connect(accounts.resident).acceptPlan(plan);
    await expect(tx).to.emit(vault, "PlanAccepted");

    // Every bucket continues with its balance; the larger energy amount frees nothing, so no
    // PlanChange allocation happens and the savings stay 180. (Now: the four balances, 1070, are
    // "freed" and allocated again, energy +15 and savings +1055, money the vault does not hold.)
    await expectConserved(token, vault);
    expect(await allocationsOf(tx, vault)).to.deep.equal([]);
    expect((await vault.buckets()).map((b) => b.balance)).to.deep.equal(before.map((b) => b.balance));
    expect((await vault.accounts()).savings).to.equal(eur("180"));
  });

  it("lets a creditor with arrears continue, keeping its arrears", async function () {
    const s = await loadFixture(fixture);
    const { vault, token, eur, accounts } = s;
    // No income: on 1 February rent (750) and insurance (140) are missed and become arrears.
    await time.increaseTo(utc(2027, 2, 1, 12));
    await vault.settle();
    expect((await vault.bucket(0)).arrears).to.equal(eur("750"));

    const plan = withEnergy(s.plan, eur("165"));
    await vault.connect(accounts.coach).proposePlan(plan);
    // The spec: a continuing creditor keeps balance, arrears and paidThroughMonth. The contract
    // reverts HouseholdVaultBucketHasArrears(0, 750) instead, as if the landlord left the plan.
    await expect(vault.connect(accounts.resident).acceptPlan(plan)).to.emit(vault, "PlanAccepted");
    expect((await vault.bucket(0)).arrears).to.equal(eur("750"));
    expect((await vault.bucket(2)).arrears).to.equal(eur("140"));
    await expectConserved(token, vault);
  });
});
