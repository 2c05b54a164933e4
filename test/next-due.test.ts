import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Category, fixtures, utc } from "./helpers/fixtures";
import { expectConserved } from "./helpers/vault";

/**
 * settle() returns at once before `nextDueAt`, without reading the buckets, so a daily keeper pays
 * little on days nothing falls due. That is only right if every way settle() can get work before
 * the next due date brings `nextDueAt` forward: a split that makes arrears payable, a split that
 * holds an advance repayment, and a plan accepted while paused that carries either. Each test
 * below would see the work wait until the next due date if one of those were missed.
 */
describe("settle() before the next due date", function () {
  async function household() {
    const sys = await loadFixture(fixtures[6]);
    return { ...sys, ...sys.accounts };
  }

  /** Water (EUR 30, due the 20th) missed on 20 January for lack of money: arrears 30. */
  async function waterInArrears() {
    const sys = await household();
    await time.increaseTo(utc(2027, 1, 20, 1));
    await expect(sys.vault.connect(sys.keeper).settle())
      .to.emit(sys.vault, "PaymentMissed")
      .withArgs(3, Category.Water, 2027n * 12n, sys.eur("30"));
    return sys;
  }

  it("does nothing, and changes nothing, when nothing is due and nothing waits", async function () {
    const { vault, keeper, svb, eur, token } = await household();
    await vault.connect(svb).deposit(eur("2000"));
    await vault.allocate();
    await time.increaseTo(utc(2027, 1, 12, 1));
    const before = [await vault.buckets(), await vault.accounts()].map(String);
    const tx = await vault.connect(keeper).settle();
    const receipt = await tx.wait();
    expect(receipt!.logs, "no events at all").to.have.length(0);
    expect([await vault.buckets(), await vault.accounts()].map(String)).to.deep.equal(before);
    await expectConserved(token, vault, 0n);
  });

  it("pays arrears the day after a split covers them, not at the next due date", async function () {
    const { vault, keeper, svb, eur, water, token } = await waterInArrears();
    await time.increaseTo(utc(2027, 1, 22, 9));
    await vault.connect(svb).deposit(eur("100"));
    await vault.allocate(); // step 1 gives the water bucket its 30 of arrears
    expect((await vault.bucket(3)).balance).to.equal(eur("30"));
    await time.increaseTo(utc(2027, 1, 23, 0));
    await expect(vault.connect(keeper).settle()).to.emit(vault, "ArrearsPaid").withArgs(3, Category.Water, eur("30"));
    expect(await token.balanceOf(water.address)).to.equal(eur("30"));
    expect((await vault.bucket(3)).arrears).to.equal(0n);
    await expectConserved(token, vault, 0n);
  });

  it("pays covered arrears in the same call when settle() itself splits the income", async function () {
    const { vault, keeper, svb, eur, water, token } = await waterInArrears();
    await time.increaseTo(utc(2027, 1, 22, 9));
    await vault.connect(svb).deposit(eur("100"));
    await expect(vault.connect(keeper).settle()).to.emit(vault, "ArrearsPaid").withArgs(3, Category.Water, eur("30"));
    expect(await token.balanceOf(water.address)).to.equal(eur("30"));
  });

  it("forwards a held advance repayment the day after the split that holds it", async function () {
    const { vault, keeper, svb, admin, treasury, eur, token } = await household();
    await vault.connect(admin).advance(eur("500")); // to the buckets, before any income
    await vault.connect(svb).deposit(eur("2000"));
    await vault.allocate(); // buckets 570 more, living money 500, then the repayment of 500
    expect((await vault.accounts()).repaymentHeld).to.equal(eur("500"));
    await time.increaseTo(utc(2027, 1, 13, 0)); // nothing falls due before 17 January
    const treasuryBefore = await token.balanceOf(treasury.address);
    await expect(vault.connect(keeper).settle()).to.emit(vault, "AdvanceRepaid").withArgs(eur("500"), 0n);
    expect((await token.balanceOf(treasury.address)) - treasuryBefore).to.equal(eur("500"));
    await expectConserved(token, vault, 0n);
  });

  describe("a plan accepted while paused", function () {
    async function acceptSamePlanWithBuffer(sys: Awaited<ReturnType<typeof household>>, bufferTarget: bigint) {
      const next = { ...sys.plan, bufferTarget };
      await sys.vault.connect(sys.coach).proposePlan(next);
      await sys.vault.connect(sys.resident).acceptPlan(next); // paused: no settle inside
    }

    it("keeps covered arrears payable at once after unpausing", async function () {
      const sys = await waterInArrears();
      const { vault, keeper, svb, admin, eur, water, token } = sys;
      await time.increaseTo(utc(2027, 1, 22, 9));
      await vault.connect(admin).pause();
      await vault.connect(svb).deposit(eur("100"));
      await vault.allocate(); // split while paused: the water bucket covers its arrears
      await acceptSamePlanWithBuffer(sys, eur("300"));
      expect((await vault.bucket(3)).balance).to.equal(eur("30"));
      await vault.connect(admin).unpause();
      await time.increaseTo(utc(2027, 1, 23, 0));
      await expect(vault.connect(keeper).settle()).to.emit(vault, "ArrearsPaid").withArgs(3, Category.Water, eur("30"));
      expect(await token.balanceOf(water.address)).to.equal(eur("30"));
    });

    it("keeps a held repayment payable at once after unpausing", async function () {
      const sys = await household();
      const { vault, keeper, svb, admin, treasury, eur, token } = sys;
      await vault.connect(admin).advance(eur("500"));
      await vault.connect(admin).pause();
      await vault.connect(svb).deposit(eur("2000"));
      await vault.allocate();
      expect((await vault.accounts()).repaymentHeld).to.equal(eur("500"));
      await acceptSamePlanWithBuffer(sys, eur("300"));
      await vault.connect(admin).unpause();
      await time.increaseTo(utc(2027, 1, 13, 0));
      const treasuryBefore = await token.balanceOf(treasury.address);
      await expect(vault.connect(keeper).settle()).to.emit(vault, "AdvanceRepaid").withArgs(eur("500"), 0n);
      expect((await token.balanceOf(treasury.address)) - treasuryBefore).to.equal(eur("500"));
      await expectConserved(token, vault, 0n);
    });
  });
});
