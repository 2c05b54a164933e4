import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { DAY, WEEK, fixtures, utc } from "./helpers/fixtures";
import { createdAt } from "./helpers/vault";
import type { EuroToken, HouseholdVault, HouseholdVaultFactory } from "../typechain-types";

/**
 * nextKeeperCallAt(): when a keeper call (settle or release) has work. A keeper that calls only
 * when that time has come must end exactly where a keeper that calls every day ends: the no-op
 * calls it skips change nothing. The second keeper is checked against the first, not against a
 * model, so a view that hid work (a due date, waiting income, a week of living money) shows up
 * as a different end state.
 */
describe("nextKeeperCallAt: when a keeper call has work", function () {
  const MAX = ethers.MaxUint256;

  it("is the earlier of the first due date and the first week after creation", async function () {
    const { vault, factory } = await loadFixture(fixtures[6]);
    const start = await createdAt(factory, vault);
    const firstWeek = BigInt(start + WEEK); // 17 January 2027, 12:00
    const firstDue = BigInt(utc(2027, 1, 20)); // water on the 20th
    expect(firstWeek).to.be.lessThan(firstDue);
    expect(await vault.nextKeeperCallAt()).to.equal(firstWeek);
  });

  it("is 0 (now) while income waits, and moves on once a keeper call has split it", async function () {
    const { vault, svb, eur, keeper, factory } = await loadFixture(fixtures[6]).then((s) => ({ ...s, ...s.accounts }));
    await vault.connect(svb).deposit(eur("2000"));
    expect(await vault.nextKeeperCallAt()).to.equal(0n);
    await vault.connect(keeper).settle(); // splits; nothing is due on 10 January
    const start = await createdAt(factory, vault);
    expect(await vault.nextKeeperCallAt()).to.equal(BigInt(start + WEEK));
  });

  it("is the maximum while paused or closed, when keeper calls revert", async function () {
    const s = await loadFixture(fixtures[6]);
    const { vault } = s;
    const { admin, resident, svb, keeper } = s.accounts;
    await vault.connect(svb).deposit(s.eur("2000")); // waiting income would otherwise say "now"
    await vault.connect(admin).pause();
    expect(await vault.nextKeeperCallAt()).to.equal(MAX);
    await expect(vault.connect(keeper).settle()).to.be.revertedWithCustomError(vault, "HouseholdVaultIsPaused");
    await vault.connect(admin).unpause();
    expect(await vault.nextKeeperCallAt()).to.equal(0n);

    await vault.connect(resident).requestExit();
    await time.increase(31 * DAY);
    await vault.connect(keeper).close();
    expect(await vault.nextKeeperCallAt()).to.equal(MAX);
  });

  it("brings the next call forward to a due date that passed without a keeper", async function () {
    const s = await loadFixture(fixtures[6]);
    const { vault } = s;
    await vault.connect(s.accounts.svb).deposit(s.eur("2000"));
    await vault.allocate();
    await time.increaseTo(utc(2027, 2, 3, 9)); // rent and insurance fell due on 1 February
    const at = await vault.nextKeeperCallAt();
    expect(at).to.be.at.most(BigInt(utc(2027, 1, 20))); // water on 20 January, still unsettled
    await vault.connect(s.accounts.keeper).settle();
    await vault.connect(s.accounts.keeper).release();
    // Caught up: the next work is the next week or energy on the 5th, both after now.
    expect(await vault.nextKeeperCallAt()).to.be.greaterThan(BigInt(await time.latest()));
  });

  describe("weeks of living money that fall due short", function () {
    // A household whose income has not come: no living money, savings or buffer.
    async function emptyHousehold() {
      const sys = await loadFixture(fixtures[6]);
      const start = await createdAt(sys.factory, sys.vault);
      const weekAt = (k: number) => BigInt(start + k * WEEK);
      return { ...sys, ...sys.accounts, weekAt };
    }

    it("a short week not reported yet is work; once reported, the next week is", async function () {
      const { vault, keeper, weekAt } = await emptyHousehold();
      await time.increaseTo(utc(2027, 1, 24, 13)); // week 2 has fallen due; water (20 January) too
      expect(await vault.nextKeeperCallAt()).to.equal(0n);
      await expect(vault.connect(keeper).release()).to.emit(vault, "LivingMoneyShort").withArgs(2);
      // Water was missed (arrears); its next due date is 20 February, after week 3.
      expect(await vault.nextKeeperCallAt()).to.equal(weekAt(3));
      await time.increaseTo(weekAt(3));
      await expect(vault.connect(keeper).release()).to.emit(vault, "LivingMoneyShort").withArgs(1);
    });

    it("a week that can be paid from savings or the buffer is work", async function () {
      const { vault, keeper, admin, eur, token } = await emptyHousehold();
      await time.increaseTo(utc(2027, 1, 18, 1));
      await vault.connect(keeper).release(); // week 1 reported short
      expect(await vault.nextKeeperCallAt()).to.be.greaterThan(BigInt(await time.latest()));
      // EUR 3000 by plain transfer: waiting income, then split (buckets, living money, buffer).
      await token.connect(admin).transfer(await vault.getAddress(), eur("3000"));
      expect(await vault.nextKeeperCallAt()).to.equal(0n);
      await vault.allocate();
      expect(await vault.nextKeeperCallAt()).to.equal(0n); // week 1 can be paid now
      await expect(vault.connect(keeper).release()).to.emit(vault, "LivingMoneyReleased").withArgs(1, eur("100"));
    });

    it("when five short weeks are reported, only a due date or new income is work", async function () {
      const { vault, keeper, weekAt } = await emptyHousehold();
      await time.increaseTo(weekAt(6) + 60n); // six weeks due, a release looks at five
      await vault.connect(keeper).settle();
      await expect(vault.connect(keeper).release()).to.emit(vault, "LivingMoneyShort").withArgs(5);
      const dueDates = (await vault.buckets()).map((b) => b.nextDueAt);
      const earliestDue = dueDates.reduce((a, b) => (a < b ? a : b));
      expect(earliestDue).to.be.greaterThan(weekAt(7));
      // Not week 7: a release would look at the same five weeks then and change nothing.
      expect(await vault.nextKeeperCallAt()).to.equal(earliestDue);
    });

    it("with no living money in the plan, a week falling due is work (it only advances the count)", async function () {
      const sys = await loadFixture(fixtures[6]);
      const { factory, coach, resident, keeper } = { ...sys, ...sys.accounts };
      const id = ethers.id("keeper-view-no-living-money");
      await time.increaseTo(utc(2027, 1, 21, 12)); // its first week (28 January) comes before any due date
      await factory.createVault(id, resident.address, coach.address, { ...sys.plan, weeklyLivingMoney: 0n });
      const vault = (await ethers.getContractAt(
        "HouseholdVault",
        await factory.vaultAddress(id),
      )) as unknown as HouseholdVault;
      const start = await createdAt(factory, vault);
      expect(await vault.nextKeeperCallAt()).to.equal(BigInt(start + WEEK));
      await time.increaseTo(start + WEEK);
      expect(await vault.nextKeeperCallAt()).to.equal(0n);
      await vault.connect(keeper).release();
      expect((await vault.livingMoneySchedule()).weeksReleased).to.equal(1n);
      // Week 2 (4 February) comes after rent and insurance on 1 February.
      expect(BigInt(start + 2 * WEEK)).to.be.greaterThan(BigInt(utc(2027, 2, 1)));
      expect(await vault.nextKeeperCallAt()).to.equal(BigInt(utc(2027, 2, 1)));
    });
  });

  /**
   * Four months of the default household (rent 1st, insurance 1st, energy 5th, water 20th,
   * EUR 100 a week): W&I pays on the 24th and 25th, Toeslagen on the 20th, one month's W&I is
   * short and one is late. Keeper A runs the batch every day at 00:05; keeper B looks at the
   * view every day at 00:05 and calls only when it says so.
   */
  it("a keeper that calls only when the view says so ends every month exactly like a daily keeper", async function () {
    const s = await loadFixture(fixtures[6]);
    const incomes: { t: number; payer: "wi" | "toeslagen"; amount: bigint }[] = [
      { t: utc(2027, 1, 20, 9), payer: "toeslagen", amount: s.eur("400") },
      { t: utc(2027, 1, 25, 9), payer: "wi", amount: s.eur("1100") },
      { t: utc(2027, 2, 20, 9), payer: "toeslagen", amount: s.eur("400") },
      { t: utc(2027, 2, 24, 9), payer: "wi", amount: s.eur("700") }, // short month
      { t: utc(2027, 3, 20, 9), payer: "toeslagen", amount: s.eur("400") },
      { t: utc(2027, 4, 2, 9), payer: "wi", amount: s.eur("1100") }, // late: after rent fell due
      { t: utc(2027, 4, 20, 9), payer: "toeslagen", amount: s.eur("400") },
      { t: utc(2027, 4, 26, 9), payer: "wi", amount: s.eur("1300") },
    ];
    const first = utc(2027, 1, 11);
    const last = utc(2027, 5, 10);
    const monthEnds = [utc(2027, 2, 1, 6), utc(2027, 3, 1, 6), utc(2027, 4, 1, 6), utc(2027, 5, 1, 6), last];

    async function run(onlyWhenDue: boolean) {
      const sys = await loadFixture(fixtures[6]);
      const { vault, factory, token } = sys;
      const { keeper } = sys.accounts;
      const gasLimit = (await factory.GAS_PER_VAULT()) + 500_000n;
      const snapshots: string[] = [];
      let calls = 0;
      let next = 0;
      for (let day = first; day <= last; day += DAY) {
        const keeperAt = day + 5 * 60;
        const due = !onlyWhenDue || (await vault.nextKeeperCallAt()) <= BigInt(keeperAt);
        if (due) {
          await time.setNextBlockTimestamp(keeperAt);
          await factory.connect(keeper).settleAndReleaseMany([await vault.getAddress()], { gasLimit });
          calls += 1;
        }
        for (; next < incomes.length && incomes[next].t < day + DAY; next++) {
          await time.setNextBlockTimestamp(incomes[next].t);
          await vault.connect(sys.accounts[incomes[next].payer]).deposit(incomes[next].amount);
        }
        if (monthEnds.some((m) => m >= day && m < day + DAY)) snapshots.push(await stateOf(token, factory, vault, sys));
      }
      return { snapshots, calls };
    }

    const daily = await run(false);
    const whenDue = await run(true);
    expect(whenDue.snapshots).to.have.length(monthEnds.length);
    expect(whenDue.snapshots).to.deep.equal(daily.snapshots);
    // The point of the view: most days have nothing to do.
    expect(daily.calls).to.equal((last - first) / DAY + 1);
    expect(whenDue.calls).to.be.lessThan(daily.calls / 2);
    // And the run did real work: creditors were paid and weeks released in both.
    const end = JSON.parse(daily.snapshots[daily.snapshots.length - 1]);
    expect(BigInt(end.weeksReleased)).to.be.at.least(12n); // 17 weeks fell due; short months left some unpaid
    expect(BigInt(end.landlord)).to.equal(4n * s.eur("750")); // February to May, the late April rent included
  });
});

/** Everything a keeper's calls can change, as one comparable string. */
async function stateOf(
  token: EuroToken,
  factory: HouseholdVaultFactory,
  vault: HouseholdVault,
  sys: Awaited<ReturnType<(typeof fixtures)[6]>>,
): Promise<string> {
  const [buckets, acc, schedule] = await Promise.all([vault.buckets(), vault.accounts(), vault.livingMoneySchedule()]);
  const { resident, landlord, energy, insurer, water, treasury } = sys.accounts;
  const balances: Record<string, string> = {};
  for (const [name, who] of Object.entries({ resident, landlord, energy, insurer, water, treasury })) {
    balances[name] = (await token.balanceOf(who.address)).toString();
  }
  return JSON.stringify({
    buckets: buckets.map((b) => [b.balance, b.arrears, b.paidThroughMonth].map(String)),
    accounts: acc.map(String),
    weeksReleased: schedule.weeksReleased.toString(),
    vault: (await token.balanceOf(await vault.getAddress())).toString(),
    factory: await factory.getAddress(),
    ...balances,
  });
}
