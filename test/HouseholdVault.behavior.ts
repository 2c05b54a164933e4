import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Category, DAY, EXIT_NOTICE, Plan, Source, WEEK, fixtures, monthIndex, utc } from "./helpers/fixtures";
import {
  accountsOf,
  bucketArrears,
  bucketBalances,
  createHousehold,
  createdAt,
  currentPlan,
  depositAndAllocate,
  depositAndAllocateTagged,
  eventArgs,
  expectAllocated,
  expectConserved,
  expectIncomeReceived,
  planHash,
  planValues,
  signPermit,
  stateOf,
} from "./helpers/vault";

const MAX_AMOUNT = 2n ** 96n - 1n;
const MAX_MONTHLY_AMOUNT = 2n ** 80n - 1n;

/**
 * The household vault's rules (docs/architecture.md), run for a token with `decimals` decimals.
 * The fixture's vault starts on Sunday 10 January 2027 at 12:00:01 UTC with the default plan:
 * rent 750 (due 1st), energy 150 (5th), insurance 140 (1st), water 30 (20th); 100 a week living
 * money; buffer target 250. So its weeks end on the 17th, 24th, 31st of January, the 7th, 14th,
 * 21st, 28th of February, the 7th of March... The first due date is water's, 20 January; from then
 * on release() settles the due fixed costs before it pays living money.
 *
 * Living money is reserved on a horizon of 35 days = exactly 5 weeks, so at any time t the waterfall
 * funds weeksElapsed(t) + 5 − weeksReleased weeks. An income right after the start therefore sets
 * aside 500 (weeks 1–5) and a full income splits 1070 to the buckets, 500 to living money, 250 to
 * the buffer and the rest to savings.
 *
 * A deposit only tags the income (IncomeReceived) and leaves it waiting; the next keeper call splits
 * it. Tests that look at a split call allocate() in the block right after the deposit (no due date
 * or week boundary lies between the two), so it splits as if at the deposit's time;
 * test/income.test.ts covers the keeper's timing.
 */
export function shouldBehaveLikeHouseholdVault(decimals: 2 | 6 | 18): void {
  async function setup() {
    const sys = await loadFixture(fixtures[decimals]);
    const start = await createdAt(sys.factory, sys.vault);
    const vaultAddress = await sys.vault.getAddress();
    return { ...sys, ...sys.accounts, start, vaultAddress };
  }

  /** Runs the next transaction at exactly `timestamp`. */
  async function at(timestamp: number) {
    await time.setNextBlockTimestamp(timestamp);
  }

  describe("views after creation", function () {
    it("shows the plan, each bucket with its first due date, and empty accounts", async function () {
      const { vault, plan, eur, creditors, start } = await setup();
      expect(await currentPlan(vault)).to.deep.equal(planValues(plan));
      expect(await vault.bucketCount()).to.equal(4n);

      const buckets = await vault.buckets();
      const expected = [
        // Due dates already reached in January 2027 count as handled: the first payment is the next one.
        [Category.Rent, 1, "750", creditors.landlord, monthIndex(2027, 1), utc(2027, 2, 1)],
        [Category.Energy, 5, "150", creditors.energy, monthIndex(2027, 1), utc(2027, 2, 5)],
        [Category.Insurance, 1, "140", creditors.insurer, monthIndex(2027, 1), utc(2027, 2, 1)],
        [Category.Water, 20, "30", creditors.water, monthIndex(2026, 12), utc(2027, 1, 20)],
      ] as const;
      expect(buckets).to.have.length(4);
      for (let i = 0; i < 4; i++) {
        const [category, dueDay, amount, creditor, paidThrough, nextDue] = expected[i];
        for (const b of [buckets[i], await vault.bucket(i)]) {
          expect(b.category).to.equal(BigInt(category));
          expect(b.dueDay).to.equal(BigInt(dueDay));
          expect(b.amountPerMonth).to.equal(eur(amount));
          expect(b.creditor).to.equal(creditor);
          expect(b.balance).to.equal(0n);
          expect(b.arrears).to.equal(0n);
          expect(b.paidThroughMonth).to.equal(paidThrough);
          expect(b.nextDueAt).to.equal(BigInt(nextDue));
        }
      }

      expect(await accountsOf(vault)).to.deep.equal({
        livingMoney: 0n,
        buffer: 0n,
        savings: 0n,
        repaymentHeld: 0n,
        advanceOutstanding: 0n,
        claimable: 0n,
        unallocated: 0n,
      });
      expect(await vault.livingMoneySchedule()).to.deep.equal([0n, BigInt(start + WEEK)]);
      expect(await vault.pendingPlan()).to.deep.equal([0n, ethers.ZeroHash]);
      expect(await vault.exitAvailableAt()).to.equal(0n);
      expect(await vault.paused()).to.equal(false);
      expect(await vault.closed()).to.equal(false);
    });

    it("carries its factory, token and household id in its bytecode and names resident and coach", async function () {
      const { vault, factory, token, resident, coach } = await setup();
      expect(await vault.factory()).to.equal(await factory.getAddress());
      expect(await vault.token()).to.equal(await token.getAddress());
      expect(await vault.householdId()).to.equal(ethers.id("household-fixture-1"));
      expect(await vault.resident()).to.equal(resident.address);
      expect(await vault.coach()).to.equal(coach.address);
      expect(await vault.MAX_BUCKETS()).to.equal(8n);
      expect(await vault.MAX_CATCH_UP_MONTHS()).to.equal(12n);
      expect(await vault.MAX_CATCH_UP_WEEKS()).to.equal(5n);
      expect(await vault.MAX_AMOUNT()).to.equal(MAX_AMOUNT);
      expect(await vault.MAX_MONTHLY_AMOUNT()).to.equal(MAX_MONTHLY_AMOUNT);
      expect(await vault.LIVING_MONEY_HORIZON()).to.equal(BigInt(35 * DAY));
      expect(await vault.PAYOUT_GAS()).to.equal(100_000n);
    });

    it("refuses to show a bucket that does not exist", async function () {
      const { vault } = await setup();
      await expect(vault.bucket(4)).to.be.revertedWithCustomError(vault, "HouseholdVaultNoSuchBucket").withArgs(4, 4);
      await expect(vault.bucket(ethers.MaxUint256))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNoSuchBucket")
        .withArgs(ethers.MaxUint256, 4);
    });
  });

  describe("the waterfall", function () {
    it("fills next payments in priority order, then five weeks of living money, the buffer, then savings", async function () {
      const { vault, token, eur, svb, vaultAddress } = await setup();
      const tx = vault.connect(svb).deposit(eur("2000"));
      await expect(tx).to.changeTokenBalances(token, [svb, vaultAddress], [-eur("2000"), eur("2000")]);
      // The deposit only tags the income; the next keeper call (here allocate()) splits it.
      await expectIncomeReceived(tx, vault, Source.SVB, eur("2000"));
      await expectConserved(token, vault, eur("2000"));
      // 2000 = 1070 fixed costs + 500 living money + 250 buffer + 180 savings.
      await expectAllocated(vault.allocate(), vault, {
        source: Source.Income,
        amount: eur("2000"),
        toBuckets: [eur("750"), eur("150"), eur("140"), eur("30")],
        // Weeks ending 17, 24 and 31 January and 7 and 14 February: the horizon runs past month end.
        toLivingMoney: eur("500"),
        toAdvanceRepayment: 0n,
        toBuffer: eur("250"),
        toSavings: eur("180"),
      });
      expect(await bucketBalances(vault)).to.deep.equal([eur("750"), eur("150"), eur("140"), eur("30")]);
      expect(await accountsOf(vault)).to.deep.equal({
        livingMoney: eur("500"),
        buffer: eur("250"),
        savings: eur("180"),
        repaymentHeld: 0n,
        advanceOutstanding: 0n,
        claimable: 0n,
        unallocated: 0n,
      });
      await expectConserved(token, vault);
    });

    it("gives a short income to the first buckets only, and each later inflow continues where it stopped", async function () {
      const { vault, token, eur, svb, toeslagen, wi } = await setup();
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("1000"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("1000"),
        toBuckets: [eur("750"), eur("150"), eur("100"), 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      await expectAllocated(depositAndAllocateTagged(vault, toeslagen, eur("200"), Source.Toeslagen), vault, {
        source: Source.Income,
        amount: eur("200"),
        toBuckets: [0n, 0n, eur("40"), eur("30")],
        toLivingMoney: eur("130"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      // 700 = the other 370 of five weeks' living money (500 − 130) + 250 buffer + 80 savings.
      await expectAllocated(depositAndAllocateTagged(vault, wi, eur("700"), Source.WorkAndIncome), vault, {
        source: Source.Income,
        amount: eur("700"),
        toBuckets: [0n, 0n, 0n, 0n],
        toLivingMoney: eur("370"),
        toAdvanceRepayment: 0n,
        toBuffer: eur("250"),
        toSavings: eur("80"),
      });
      await expectConserved(token, vault);
    });

    it("gives fixed costs already due, even when nobody has settled them yet, before living money already due", async function () {
      const { vault, token, eur, toeslagen, wi, resident, landlord, energy, insurer, water, vaultAddress } =
        await setup();
      // 8 February: four weeks have ended; February's rent, energy and insurance and January's water
      // are due but no keeper has settled them, and no money has come in yet.
      await at(utc(2027, 2, 8));
      await expectAllocated(depositAndAllocateTagged(vault, toeslagen, eur("1000"), Source.Toeslagen), vault, {
        source: Source.Income,
        amount: eur("1000"),
        toBuckets: [eur("750"), eur("150"), eur("100"), 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      // Next: the rest of what is due (insurance 40, water 30), the four weeks due (400), then the
      // last 30 goes to the weeks still to come (step 4), before March's rent: every bucket had a
      // month due, so its next month (a month away) waits for step 5.
      await expectAllocated(depositAndAllocateTagged(vault, wi, eur("500"), Source.WorkAndIncome), vault, {
        source: Source.Income,
        amount: eur("500"),
        toBuckets: [0n, 0n, eur("40"), eur("30")],
        toLivingMoney: eur("430"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      await expect(vault.settle()).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, energy, insurer, water],
        [-eur("1070"), eur("750"), eur("150"), eur("140"), eur("30")],
      );
      // Settled until water's next due date (20 February), so release pays living money only.
      await expect(vault.release()).to.changeTokenBalances(token, [vaultAddress, resident], [-eur("400"), eur("400")]);
      expect(await bucketBalances(vault)).to.deep.equal([0n, 0n, 0n, 0n]);
      expect((await vault.accounts()).livingMoney, "the week still to come").to.equal(eur("30"));
      await expectConserved(token, vault);
    });

    it("gives living money already due before next month's fixed costs", async function () {
      const { vault, token, eur, svb, toeslagen, resident, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("1070")); // February's fixed costs, no living money
      await at(utc(2027, 2, 8));
      await expect(vault.settle()).to.changeTokenBalance(token, vaultAddress, -eur("1070"));
      // Late income: the four weeks already due come before March's rent, which gets the rest.
      await expectAllocated(depositAndAllocateTagged(vault, toeslagen, eur("1000"), Source.Toeslagen), vault, {
        source: Source.Income,
        amount: eur("1000"),
        toBuckets: [eur("600"), 0n, 0n, 0n],
        toLivingMoney: eur("400"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      const tx = vault.release();
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, resident], [-eur("400"), eur("400")]);
      await expect(tx).to.emit(vault, "LivingMoneyReleased").withArgs(4, eur("400"));
      await expectConserved(token, vault);
    });

    it("reserves living money for every week due within five weeks, less what is released or held", async function () {
      const { vault, token, eur, svb, toeslagen, resident, landlord, energy, insurer, water, vaultAddress, start } =
        await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // buckets 1070, living 500, buffer 250, savings 180
      await at(start + 4 * WEEK);
      // February's fixed costs and January's water are due, so release settles them first (1070,
      // all from the buckets), then pays the four weeks ended (400); 100 stays for week 5.
      await expect(vault.release()).to.changeTokenBalances(
        token,
        [vaultAddress, resident, landlord, energy, insurer, water],
        [-eur("1470"), eur("400"), eur("750"), eur("150"), eur("140"), eur("30")],
      );
      expect((await vault.accounts()).livingMoney).to.equal(eur("100"));
      // Now (7 February) the horizon reaches the week ending 14 March: 4 + 5 weeks elapsed by then,
      // less 4 released = 5 weeks = 500, less the 100 held = 400. The buckets first take the next
      // payments (rent and insurance 1 March, energy 5 March, water 20 February), 1070.
      // 1600 = 1070 + 400 + 130; the buffer is still at its target, so 130 is savings.
      await expectAllocated(depositAndAllocateTagged(vault, toeslagen, eur("1600"), Source.Toeslagen), vault, {
        source: Source.Income,
        amount: eur("1600"),
        toBuckets: [eur("750"), eur("150"), eur("140"), eur("30")],
        toLivingMoney: eur("400"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: eur("130"),
      });
      expect(await accountsOf(vault)).to.deep.equal({
        livingMoney: eur("500"),
        buffer: eur("250"),
        savings: eur("310"),
        repaymentHeld: 0n,
        advanceOutstanding: 0n,
        claimable: 0n,
        unallocated: 0n,
      });
      await expectConserved(token, vault);
    });

    it("allocates a plain transfer as income (Source.Income) when anyone calls allocate()", async function () {
      const { vault, token, eur, admin, keeper } = await setup();
      await token.connect(admin).transfer(await vault.getAddress(), eur("500"));
      await expectConserved(token, vault, eur("500"));
      expect(await vault.connect(keeper).allocate.staticCall()).to.equal(eur("500"));
      await expectAllocated(vault.connect(keeper).allocate(), vault, {
        source: Source.Income,
        amount: eur("500"),
        toBuckets: [eur("500"), 0n, 0n, 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      await expectConserved(token, vault);
      await expect(vault.connect(keeper).allocate()).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultNothingToAllocate",
      );
    });

    it("allocates at most MAX_AMOUNT per call and leaves the rest for the next call", async function () {
      const { vault, token, eur, admin, keeper, vaultAddress } = await setup();
      await token.mint(admin.address, MAX_AMOUNT + 5n);
      await token.connect(admin).transfer(vaultAddress, MAX_AMOUNT + 5n);
      await expectAllocated(vault.connect(keeper).allocate(), vault, {
        source: Source.Income,
        amount: MAX_AMOUNT,
        toBuckets: [eur("750"), eur("150"), eur("140"), eur("30")],
        toLivingMoney: eur("500"),
        toAdvanceRepayment: 0n,
        toBuffer: eur("250"),
        toSavings: MAX_AMOUNT - eur("1820"), // 1070 + 500 + 250 = 1820 before savings
      });
      await expectConserved(token, vault, 5n);
      await expectAllocated(vault.connect(keeper).allocate(), vault, {
        source: Source.Income,
        amount: 5n,
        toBuckets: [0n, 0n, 0n, 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 5n,
      });
      await expectConserved(token, vault);
    });
  });

  describe("a month in which income arrives after the due date", function () {
    it("records arrears when rent falls due unpaid, and pays them first when the allowance arrives", async function () {
      const { vault, token, eur, svb, landlord, energy, insurer, water, vaultAddress } = await setup();
      await at(utc(2027, 2, 2));
      const missed = vault.settle();
      expect(await eventArgs(missed, vault, "PaymentMissed")).to.deep.equal([
        [0n, BigInt(Category.Rent), monthIndex(2027, 2), eur("750")],
        [2n, BigInt(Category.Insurance), monthIndex(2027, 2), eur("140")],
        [3n, BigInt(Category.Water), monthIndex(2027, 1), eur("30")],
      ]);
      await expect(missed).not.to.emit(vault, "CreditorPaid");
      expect(await bucketArrears(vault)).to.deep.equal([eur("750"), 0n, eur("140"), eur("30")]);
      expect((await vault.bucket(0)).paidThroughMonth).to.equal(monthIndex(2027, 2));
      expect((await vault.bucket(0)).nextDueAt).to.equal(BigInt(utc(2027, 3, 1)));
      expect((await vault.bucket(1)).paidThroughMonth).to.equal(monthIndex(2027, 1));

      // Arrears of every bucket (rent, insurance, water) come first, then the three weeks of living
      // money already due, then next payments in priority order (March's rent, partly; energy nothing).
      await at(utc(2027, 2, 3));
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("1500"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("1500"),
        toBuckets: [eur("1030"), 0n, eur("140"), eur("30")],
        toLivingMoney: eur("300"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });

      const paid = vault.settle();
      await expect(paid).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, energy, insurer, water],
        [-eur("920"), eur("750"), 0n, eur("140"), eur("30")],
      );
      expect(await eventArgs(paid, vault, "ArrearsPaid")).to.deep.equal([
        [0n, BigInt(Category.Rent), eur("750")],
        [2n, BigInt(Category.Insurance), eur("140")],
        [3n, BigInt(Category.Water), eur("30")],
      ]);
      await expect(paid).not.to.emit(vault, "CreditorPaid");
      expect(await bucketArrears(vault)).to.deep.equal([0n, 0n, 0n, 0n]);
      expect(await bucketBalances(vault)).to.deep.equal([eur("280"), 0n, 0n, 0n]);
      await expectConserved(token, vault);
    });

    it("never pays arrears in part", async function () {
      const { vault, token, eur, svb, landlord, vaultAddress } = await setup();
      await at(utc(2027, 2, 2));
      await vault.settle();
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("500"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("500"),
        toBuckets: [eur("500"), 0n, 0n, 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      const tx = vault.settle();
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, landlord], [0n, 0n]);
      await expect(tx).not.to.emit(vault, "ArrearsPaid");
      expect((await vault.bucket(0)).arrears).to.equal(eur("750"));
      expect((await vault.bucket(0)).balance).to.equal(eur("500"));
      await expectConserved(token, vault);
    });

    it("pays rent at 00:00 UTC on the due day from last month's income, and only once", async function () {
      const { vault, token, eur, svb, toeslagen, landlord, energy, insurer, water, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("1070"));

      await at(utc(2027, 2, 1) - 1);
      const before = vault.settle();
      await expect(before).to.changeTokenBalances(token, [landlord, insurer, water], [0n, 0n, eur("30")]);
      expect(await eventArgs(before, vault, "CreditorPaid")).to.deep.equal([
        [3n, BigInt(Category.Water), monthIndex(2027, 1), eur("30")],
      ]);

      await at(utc(2027, 2, 1));
      const onTheDay = vault.settle();
      await expect(onTheDay).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, insurer],
        [-eur("890"), eur("750"), eur("140")],
      );
      expect(await eventArgs(onTheDay, vault, "CreditorPaid")).to.deep.equal([
        [0n, BigInt(Category.Rent), monthIndex(2027, 2), eur("750")],
        [2n, BigInt(Category.Insurance), monthIndex(2027, 2), eur("140")],
      ]);

      // The allowance arriving later in the month pays the four weeks of living money already due and
      // the next payments of the buckets with no month due: rent and insurance for March, water for
      // 20 February. February's energy (due on the 5th) is still in its bucket waiting for a keeper;
      // its March payment is a month away and comes after the weeks ahead (step 5), which take the
      // last 120. 1440 = 400 + 750 + 140 + 30 + 120. Settling again pays only what fell due since
      // (energy on the 5th, from January's income), never February's rent a second time.
      await at(utc(2027, 2, 14));
      await expectAllocated(depositAndAllocateTagged(vault, toeslagen, eur("1440"), Source.Toeslagen), vault, {
        source: Source.Income,
        amount: eur("1440"),
        toBuckets: [eur("750"), 0n, eur("140"), eur("30")],
        toLivingMoney: eur("520"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      const again = vault.settle();
      await expect(again).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, insurer, energy],
        [-eur("150"), 0n, 0n, eur("150")],
      );
      expect(await eventArgs(again, vault, "CreditorPaid")).to.deep.equal([
        [1n, BigInt(Category.Energy), monthIndex(2027, 2), eur("150")],
      ]);
      expect(await bucketBalances(vault)).to.deep.equal([eur("750"), 0n, eur("140"), eur("30")]);
      await expectConserved(token, vault);
    });
  });

  describe("real calendar months", function () {
    function dueDayPlan(creditor: string, dueDay: number, eur: (a: string) => bigint): Plan {
      return {
        buckets: [{ category: Category.Rent, dueDay, amountPerMonth: eur("750"), creditor }],
        weeklyLivingMoney: 0n,
        bufferTarget: 0n,
      };
    }

    it("pays due day 31 on 31 January, 28 February, 31 March and 30 April 2027", async function () {
      const sys = await setup();
      const { token, eur, svb, landlord } = sys;
      const vault = await createHousehold(sys, "due-day-31", dueDayPlan(landlord.address, 31, eur));
      const dueDates: Array<[number, number]> = [
        [1, utc(2027, 1, 31)],
        [2, utc(2027, 2, 28)],
        [3, utc(2027, 3, 31)],
        [4, utc(2027, 4, 30)],
      ];
      for (const [month, due] of dueDates) {
        expect((await vault.bucket(0)).nextDueAt).to.equal(BigInt(due));
        await depositAndAllocate(vault, svb, eur("750"));
        await at(due - 1);
        await expect(vault.settle()).to.changeTokenBalance(token, landlord, 0n);
        await at(due);
        const tx = vault.settle();
        await expect(tx).to.changeTokenBalance(token, landlord, eur("750"));
        await expect(tx).to.emit(vault, "CreditorPaid").withArgs(0, Category.Rent, monthIndex(2027, month), eur("750"));
      }
      expect((await vault.bucket(0)).nextDueAt).to.equal(BigInt(utc(2027, 5, 31)));
      await expectConserved(token, vault);
    });

    it("pays due day 31 on 29 February in the leap year 2028", async function () {
      const sys = await setup();
      const { token, eur, svb, landlord } = sys;
      await time.increaseTo(utc(2028, 2, 1));
      const vault = await createHousehold(sys, "leap-year", dueDayPlan(landlord.address, 31, eur));
      expect((await vault.bucket(0)).paidThroughMonth).to.equal(monthIndex(2028, 1));
      expect((await vault.bucket(0)).nextDueAt).to.equal(BigInt(utc(2028, 2, 29)));
      await depositAndAllocate(vault, svb, eur("750"));
      await at(utc(2028, 2, 29) - 1);
      await expect(vault.settle()).to.changeTokenBalance(token, landlord, 0n);
      await at(utc(2028, 2, 29));
      await expect(vault.settle())
        .to.emit(vault, "CreditorPaid")
        .withArgs(0, Category.Rent, monthIndex(2028, 2), eur("750"));
      expect((await vault.bucket(0)).nextDueAt).to.equal(BigInt(utc(2028, 3, 31)));
      await expectConserved(token, vault);
    });

    it("treats 2100 as a common year: due day 29 is paid on 28 February 2100", async function () {
      const sys = await setup();
      const { token, eur, svb, landlord } = sys;
      await time.increaseTo(utc(2100, 2, 1));
      const vault = await createHousehold(sys, "year-2100", dueDayPlan(landlord.address, 29, eur));
      expect((await vault.bucket(0)).nextDueAt).to.equal(BigInt(utc(2100, 2, 28)));
      await depositAndAllocate(vault, svb, eur("750"));
      await at(utc(2100, 2, 28));
      const tx = vault.settle();
      await expect(tx).to.changeTokenBalance(token, landlord, eur("750"));
      await expect(tx).to.emit(vault, "CreditorPaid").withArgs(0, Category.Rent, monthIndex(2100, 2), eur("750"));
      expect((await vault.bucket(0)).nextDueAt).to.equal(BigInt(utc(2100, 3, 29)));
      await expectConserved(token, vault);
    });

    it("processes at most MAX_CATCH_UP_MONTHS months per bucket per settle, oldest first", async function () {
      const { vault, token, eur } = await setup();
      await time.increaseTo(utc(2028, 4, 2));
      const first = vault.settle();
      const missed = await eventArgs(first, vault, "PaymentMissed");
      const rentMonths = missed.filter((a) => a[0] === 0n).map((a) => a[2]);
      expect(rentMonths).to.deep.equal(Array.from({ length: 12 }, (_, k) => monthIndex(2027, 2) + BigInt(k)));
      expect((await vault.bucket(0)).paidThroughMonth).to.equal(monthIndex(2028, 1));
      expect((await vault.bucket(0)).arrears).to.equal(eur("750") * 12n);
      expect((await vault.bucket(3)).paidThroughMonth).to.equal(monthIndex(2027, 12));

      const second = vault.settle();
      const rest = (await eventArgs(second, vault, "PaymentMissed")).filter((a) => a[0] === 0n).map((a) => a[2]);
      expect(rest).to.deep.equal([monthIndex(2028, 2), monthIndex(2028, 3), monthIndex(2028, 4)]);
      expect(await bucketArrears(vault)).to.deep.equal([
        eur("750") * 15n, // Feb 2027 - Apr 2028
        eur("150") * 14n, // Feb 2027 - Mar 2028 (5 April not yet)
        eur("140") * 15n,
        eur("30") * 15n, // Jan 2027 - Mar 2028
      ]);
      await expect(vault.settle()).not.to.emit(vault, "PaymentMissed");
      await expectConserved(token, vault);
    });
  });

  describe("a creditor whose payment bounces", function () {
    it("defers a blocklisted creditor's payment to a claim, pays the others, and lets it claim once unblocked", async function () {
      const { vault, token, eur, svb, landlord, insurer, water, stranger, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000"));
      await token.blocklist(landlord.address);

      await at(utc(2027, 2, 1));
      const tx = vault.settle();
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, insurer, water],
        [-eur("170"), 0n, eur("140"), eur("30")],
      );
      await expect(tx).to.emit(vault, "PaymentDeferred").withArgs(landlord.address, eur("750"));
      await expect(tx).to.emit(vault, "CreditorPaid").withArgs(0, Category.Rent, monthIndex(2027, 2), eur("750"));
      expect(await vault.claimable(landlord.address)).to.equal(eur("750"));
      expect((await vault.accounts()).claimable).to.equal(eur("750"));
      expect((await vault.bucket(0)).arrears).to.equal(0n);
      await expectConserved(token, vault);

      // Still blocklisted: the claim bounces and nothing changes.
      const before = await stateOf(token, vault, [landlord.address]);
      await expect(vault.connect(landlord).claim())
        .to.be.revertedWithCustomError(token, "EuroTokenBlocked")
        .withArgs(landlord.address);
      expect(await stateOf(token, vault, [landlord.address])).to.deep.equal(before);
      // Nobody else can take it.
      await expect(vault.connect(stranger).claim())
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNothingToClaim")
        .withArgs(stranger.address);

      await token.unblocklist(landlord.address);
      expect(await vault.connect(landlord).claim.staticCall()).to.equal(eur("750"));
      const claim = vault.connect(landlord).claim();
      await expect(claim).to.changeTokenBalances(token, [vaultAddress, landlord], [-eur("750"), eur("750")]);
      await expect(claim).to.emit(vault, "Claimed").withArgs(landlord.address, eur("750"));
      expect(await vault.claimable(landlord.address)).to.equal(0n);
      expect((await vault.accounts()).claimable).to.equal(0n);
      await expect(vault.connect(landlord).claim())
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNothingToClaim")
        .withArgs(landlord.address);
      await expectConserved(token, vault);
    });

    it("lets anyone push a claimable balance to its own payee with payClaimable, never to the caller", async function () {
      const { vault, token, eur, svb, admin, landlord, keeper, stranger, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000"));
      await token.blocklist(landlord.address);
      await at(utc(2027, 2, 1));
      await vault.settle(); // February's rent (750) bounces and becomes the landlord's claimable balance
      expect(await vault.claimable(landlord.address)).to.equal(eur("750"));

      const holders = [vaultAddress, landlord.address, keeper.address];
      // Still blocklisted: pushing it fails like claiming would, and nothing changes.
      let before = await stateOf(token, vault, holders);
      await expect(vault.connect(keeper).payClaimable(landlord.address))
        .to.be.revertedWithCustomError(token, "EuroTokenBlocked")
        .withArgs(landlord.address);
      expect(await stateOf(token, vault, holders)).to.deep.equal(before);

      await token.unblocklist(landlord.address);
      await vault.connect(admin).pause();
      before = await stateOf(token, vault, holders);
      await expect(vault.connect(keeper).payClaimable(landlord.address)).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultIsPaused",
      );
      expect(await stateOf(token, vault, holders)).to.deep.equal(before);
      await vault.connect(admin).unpause();

      // A keeper with nothing of its own to claim pushes the landlord's 750 to the landlord.
      expect(await vault.connect(keeper).payClaimable.staticCall(landlord.address)).to.equal(eur("750"));
      const tx = vault.connect(keeper).payClaimable(landlord.address);
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, landlord, keeper], [-eur("750"), eur("750"), 0n]);
      await expect(tx).to.emit(vault, "Claimed").withArgs(landlord.address, eur("750"));
      expect(await vault.claimable(landlord.address)).to.equal(0n);
      expect((await vault.accounts()).claimable).to.equal(0n);
      await expectConserved(token, vault);

      before = await stateOf(token, vault, holders);
      await expect(vault.connect(keeper).payClaimable(landlord.address))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNothingToClaim")
        .withArgs(landlord.address);
      await expect(vault.connect(stranger).payClaimable(stranger.address))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNothingToClaim")
        .withArgs(stranger.address);
      expect(await stateOf(token, vault, holders)).to.deep.equal(before);
    });

    it("defers every payment while the token itself is paused", async function () {
      const { vault, token, eur, svb, landlord, insurer, water, resident, start, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000"));
      await token.pause();
      await at(start + WEEK);
      await vault.release();
      await at(utc(2027, 2, 1));
      const tx = vault.settle();
      await expect(tx).to.changeTokenBalance(token, vaultAddress, 0n);
      expect(await eventArgs(tx, vault, "PaymentDeferred")).to.deep.equal([
        [landlord.address, eur("750")],
        [insurer.address, eur("140")],
        [water.address, eur("30")],
      ]);
      // The first week's living money (100; savings stay in the vault) and the three payments (920).
      expect(await vault.claimable(resident.address)).to.equal(eur("100"));
      expect((await vault.accounts()).claimable).to.equal(eur("1020"));
      await expectConserved(token, vault);
      await expect(vault.connect(insurer).claim()).to.be.revertedWithCustomError(token, "EnforcedPause");
      await token.unpause();
      await expect(vault.connect(resident).claim()).to.changeTokenBalance(token, resident, eur("100"));
      await expectConserved(token, vault);
    });
  });

  describe("the buffer", function () {
    it("tops up a bucket that falls due short, and the creditor gets both months in one transfer", async function () {
      const { vault, token, eur, svb, landlord, energy, insurer, water, vaultAddress } = await setup();
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("1820"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("1820"),
        toBuckets: [eur("750"), eur("150"), eur("140"), eur("30")],
        toLivingMoney: eur("500"),
        toAdvanceRepayment: 0n,
        toBuffer: eur("250"),
        toSavings: 0n,
      });
      await at(utc(2027, 2, 20));
      const tx = vault.settle();
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, energy, insurer, water],
        [-eur("1100"), eur("750"), eur("150"), eur("140"), eur("60")],
      );
      expect(await eventArgs(tx, vault, "BufferUsed")).to.deep.equal([[eur("30")]]);
      expect((await eventArgs(tx, vault, "CreditorPaid")).filter((a) => a[0] === 3n)).to.deep.equal([
        [3n, BigInt(Category.Water), monthIndex(2027, 1), eur("30")],
        [3n, BigInt(Category.Water), monthIndex(2027, 2), eur("30")],
      ]);
      const transfersToWater = (await eventArgs(tx, token, "Transfer")).filter((a) => a[1] === water.address);
      expect(transfersToWater).to.deep.equal([[vaultAddress, water.address, eur("60")]]);
      expect((await vault.accounts()).buffer).to.equal(eur("220"));
      await expectConserved(token, vault);
    });

    it("puts what the buffer has toward a payment it cannot cover, and the rest becomes arrears", async function () {
      const { vault, token, eur, svb, toeslagen, landlord, energy, insurer, water, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("1820")); // buckets 1070, living 500, buffer 250, savings 0
      await at(utc(2027, 3, 1));
      const tx = vault.settle();
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, energy, insurer, water],
        [-eur("1070"), eur("750"), eur("150"), eur("140"), eur("30")],
      );
      expect(await eventArgs(tx, vault, "BufferUsed")).to.deep.equal([[eur("250")]]);
      expect(await eventArgs(tx, vault, "PaymentMissed")).to.deep.equal([
        [0n, BigInt(Category.Rent), monthIndex(2027, 3), eur("500")],
        [2n, BigInt(Category.Insurance), monthIndex(2027, 3), eur("140")],
        [3n, BigInt(Category.Water), monthIndex(2027, 2), eur("30")],
      ]);
      expect(await bucketBalances(vault)).to.deep.equal([eur("250"), 0n, 0n, 0n]);
      expect(await bucketArrears(vault)).to.deep.equal([eur("750"), 0n, eur("140"), eur("30")]);
      expect((await vault.accounts()).buffer).to.equal(0n);
      await expectConserved(token, vault);

      await expectAllocated(depositAndAllocateTagged(vault, toeslagen, eur("500"), Source.Toeslagen), vault, {
        source: Source.Income,
        amount: eur("500"),
        toBuckets: [eur("500"), 0n, 0n, 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      const paid = vault.settle();
      await expect(paid).to.emit(vault, "ArrearsPaid").withArgs(0, Category.Rent, eur("750"));
      await expect(paid).to.changeTokenBalance(token, landlord, eur("750"));
      await expectConserved(token, vault);
    });

    it("completes a fixed-cost month from the resident's savings when the buffer cannot, but only a whole month", async function () {
      const { vault, token, eur, svb, landlord, energy, insurer, water, vaultAddress } = await setup();
      // 2400 = 1070 fixed costs + 500 living money + 250 buffer + 580 savings.
      await depositAndAllocate(vault, svb, eur("2400"));
      expect((await vault.accounts()).savings).to.equal(eur("580"));
      // No income until 1 March: February is paid from the buckets. March's rent: the 250 buffer,
      // then 500 of savings complete it (80 left). Insurance's March: 140 > 80, so it is missed and
      // the savings are not touched. Water's February: 30 of savings complete it (50 left).
      await at(utc(2027, 3, 1));
      const tx = vault.settle();
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, energy, insurer, water],
        [-eur("1850"), eur("1500"), eur("150"), eur("140"), eur("60")],
      );
      expect(await eventArgs(tx, vault, "BufferUsed")).to.deep.equal([[eur("250")]]);
      expect(await eventArgs(tx, vault, "SavingsUsed")).to.deep.equal([[eur("500")], [eur("30")]]);
      expect(await eventArgs(tx, vault, "PaymentMissed")).to.deep.equal([
        [2n, BigInt(Category.Insurance), monthIndex(2027, 3), eur("140")],
      ]);
      expect(await bucketArrears(vault)).to.deep.equal([0n, 0n, eur("140"), 0n]);
      const a = await vault.accounts();
      expect([a.buffer, a.savings, a.livingMoney]).to.deep.equal([0n, eur("50"), eur("500")]);
      await expectConserved(token, vault);
    });

    it("tops up short living money once the resident's savings are used up", async function () {
      const { vault, token, eur, svb, wi, resident, water, start, vaultAddress } = await setup();
      // 1850 = 1070 fixed costs + 500 living money (five weeks) + 250 buffer + 30 savings.
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("1850"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("1850"),
        toBuckets: [eur("750"), eur("150"), eur("140"), eur("30")],
        toLivingMoney: eur("500"),
        toAdvanceRepayment: 0n,
        toBuffer: eur("250"),
        toSavings: eur("30"),
      });
      await at(start + 5 * WEEK);
      await vault.release(); // settles February (1070 from the buckets) and pays weeks 1-5 (500)
      // The next income covers only the next fixed costs: nothing is left for living money.
      await expectAllocated(depositAndAllocateTagged(vault, wi, eur("1070"), Source.WorkAndIncome), vault, {
        source: Source.Income,
        amount: eur("1070"),
        toBuckets: [eur("750"), eur("150"), eur("140"), eur("30")],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      // Week 6: release first settles water for February (20th) from its bucket, then the week's 100
      // comes from the 30 savings and 70 of the buffer.
      await at(start + 6 * WEEK);
      const tx = vault.release();
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, resident, water],
        [-eur("130"), eur("100"), eur("30")],
      );
      await expect(tx).to.emit(vault, "SavingsUsed").withArgs(eur("30"));
      expect(await eventArgs(tx, vault, "BufferUsed")).to.deep.equal([[eur("70")]]);
      await expect(tx).to.emit(vault, "LivingMoneyReleased").withArgs(1, eur("100"));
      await expect(tx).not.to.emit(vault, "LivingMoneyShort");
      const accounts = await vault.accounts();
      expect(accounts.buffer).to.equal(eur("180"));
      expect(accounts.savings).to.equal(0n);
      expect(accounts.livingMoney).to.equal(0n);
      await expectConserved(token, vault);
    });
  });

  describe("weekly living money", function () {
    it("releases the fixed weekly amount for each full week from the start, and keeps the savings in the vault", async function () {
      const { vault, token, eur, svb, resident, water, start, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // buckets 1070, living 500, buffer 250, savings 180

      await at(start + WEEK - 1);
      const early = vault.release();
      await expect(early).to.changeTokenBalances(token, [vaultAddress, resident], [0n, 0n]);
      await expect(early).not.to.emit(vault, "LivingMoneyReleased");
      expect(await vault.livingMoneySchedule()).to.deep.equal([0n, BigInt(start + WEEK)]);

      await at(start + WEEK);
      const week1 = vault.release();
      await expect(week1).to.changeTokenBalances(token, [vaultAddress, resident], [-eur("100"), eur("100")]);
      await expect(week1).to.emit(vault, "LivingMoneyReleased").withArgs(1, eur("100"));
      expect(await vault.livingMoneySchedule()).to.deep.equal([1n, BigInt(start + 2 * WEEK)]);

      // 24 January: water fell due on the 20th, so release settles it before paying the week.
      await at(start + 2 * WEEK);
      // Its return value counts the living money only, not the 30 the settle inside it paid. (The
      // pending block is the one at start + 2 weeks; a plain eth_call would run at the last block.)
      expect(await vault.release.staticCall({ blockTag: "pending" })).to.equal(eur("100"));
      const week2 = vault.release();
      await expect(week2).to.changeTokenBalances(
        token,
        [vaultAddress, resident, water],
        [-eur("130"), eur("100"), eur("30")],
      );
      await expect(week2).to.emit(vault, "CreditorPaid").withArgs(3, Category.Water, monthIndex(2027, 1), eur("30"));
      await expect(week2).to.emit(vault, "LivingMoneyReleased").withArgs(1, eur("100"));
      await expect(vault.release()).to.changeTokenBalance(token, resident, 0n);
      const accounts = await vault.accounts();
      expect(accounts.livingMoney).to.equal(eur("300"));
      expect(accounts.savings).to.equal(eur("180")); // never paid out by release
      await expectConserved(token, vault);
    });

    it("covers weeks short of living money from the resident's savings before the buffer", async function () {
      const { vault, token, eur, svb, wi, resident, water, start, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // buckets 1070, living 500, buffer 250, savings 180
      await at(start + 5 * WEEK);
      await vault.release(); // settles February (1070) and pays weeks 1-5 (500)
      await depositAndAllocate(vault, wi, eur("1070")); // the next fixed costs only, see above
      await at(start + 6 * WEEK);
      const tx = vault.release();
      // Water for February (30, from its bucket), then week 6 entirely from savings: 180 − 100 = 80.
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, resident, water],
        [-eur("130"), eur("100"), eur("30")],
      );
      await expect(tx).to.emit(vault, "SavingsUsed").withArgs(eur("100"));
      await expect(tx).to.emit(vault, "LivingMoneyReleased").withArgs(1, eur("100"));
      await expect(tx).not.to.emit(vault, "BufferUsed");
      expect((await vault.accounts()).buffer).to.equal(eur("250"));
      expect((await vault.accounts()).savings).to.equal(eur("80"));
      await expectConserved(token, vault);
    });

    it("pays only whole weeks when living money is short, keeps the rest due and reports each short week once", async function () {
      const { vault, token, eur, svb, resident, water, start, vaultAddress } = await setup();
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("1220"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("1220"),
        toBuckets: [eur("750"), eur("150"), eur("140"), eur("30")],
        toLivingMoney: eur("150"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      // 24 January: water (30) is settled first; two weeks due, 150 held: one week paid, one short.
      await at(start + 2 * WEEK);
      const tx = vault.release();
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, resident, water],
        [-eur("130"), eur("100"), eur("30")],
      );
      await expect(tx).to.emit(vault, "LivingMoneyShort").withArgs(1);
      await expect(tx).to.emit(vault, "LivingMoneyReleased").withArgs(1, eur("100"));
      expect(await vault.livingMoneySchedule()).to.deep.equal([1n, BigInt(start + 2 * WEEK)]);

      // 31 January: weeks 2 and 3 are due and short, but week 2 was reported already: only week 3 is new.
      await at(start + 3 * WEEK);
      const none = vault.release();
      await expect(none).to.changeTokenBalance(token, resident, 0n);
      await expect(none).to.emit(vault, "LivingMoneyShort").withArgs(1);
      await expect(none).not.to.emit(vault, "LivingMoneyReleased");
      // Calling again in the same week reports nothing more.
      await expect(vault.release()).not.to.emit(vault, "LivingMoneyShort");
      expect(await vault.livingMoneySchedule()).to.deep.equal([1n, BigInt(start + 2 * WEEK)]);
      expect((await vault.accounts()).livingMoney).to.equal(eur("50"));
      await expectConserved(token, vault);
    });

    it("lets the buffer complete only whole weeks of living money, never part of a week", async function () {
      const { vault, token, eur, svb, wi, resident, water, start, vaultAddress } = await setup();
      // 1720 = 1070 fixed costs + 500 living money + 150 buffer.
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("1720"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("1720"),
        toBuckets: [eur("750"), eur("150"), eur("140"), eur("30")],
        toLivingMoney: eur("500"),
        toAdvanceRepayment: 0n,
        toBuffer: eur("150"),
        toSavings: 0n,
      });
      await at(start + 5 * WEEK);
      await vault.release(); // settles February (1070) and pays weeks 1-5 (500)
      await depositAndAllocate(vault, wi, eur("1070")); // the next fixed costs only
      // 28 February: weeks 6 and 7 are due, no living money or savings is left, and the buffer of
      // 150 makes one whole week: it gives 100 and keeps 50 for the rent rather than parking it in
      // living money nobody receives.
      await at(start + 7 * WEEK);
      const tx = vault.release();
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, resident, water],
        [-eur("130"), eur("100"), eur("30")],
      );
      expect(await eventArgs(tx, vault, "BufferUsed")).to.deep.equal([[eur("100")]]);
      await expect(tx).to.emit(vault, "LivingMoneyReleased").withArgs(1, eur("100"));
      await expect(tx).to.emit(vault, "LivingMoneyShort").withArgs(1);
      await expect(tx).not.to.emit(vault, "SavingsUsed");
      const accounts = await vault.accounts();
      expect(accounts.buffer).to.equal(eur("50"));
      expect(accounts.livingMoney).to.equal(0n);
      expect(await vault.livingMoneySchedule()).to.deep.equal([6n, BigInt(start + 7 * WEEK)]);
      await expectConserved(token, vault);
    });

    it("with no weekly amount, counts the weeks, pays nothing and keeps the savings for the resident", async function () {
      const sys = await setup();
      const { token, eur, svb, resident, landlord, factory } = sys;
      const vault = await createHousehold(sys, "no-weekly-money", {
        buckets: [{ category: Category.Rent, dueDay: 1, amountPerMonth: eur("750"), creditor: landlord.address }],
        weeklyLivingMoney: 0n,
        bufferTarget: 0n,
      });
      const start = await createdAt(factory, vault);
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("1000"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("1000"),
        toBuckets: [eur("750")],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: eur("250"),
      });
      await at(start + WEEK);
      const tx = vault.release();
      await expect(tx).to.changeTokenBalance(token, resident, 0n);
      await expect(tx).to.emit(vault, "LivingMoneyReleased").withArgs(1, 0);
      await at(start + 2 * WEEK);
      const empty = vault.release();
      await expect(empty).to.changeTokenBalance(token, resident, 0n);
      await expect(empty).to.emit(vault, "LivingMoneyReleased").withArgs(1, 0);
      await expect(empty).not.to.emit(vault, "LivingMoneyShort");
      expect(await vault.livingMoneySchedule()).to.deep.equal([2n, BigInt(start + 3 * WEEK)]);
      expect((await vault.accounts()).savings).to.equal(eur("250"));
      await expectConserved(token, vault);
      // The savings are the resident's to take.
      await expect(vault.connect(resident).withdrawSavings(eur("250"))).to.changeTokenBalance(
        token,
        resident,
        eur("250"),
      );
      await expectConserved(token, vault);
    });

    it("pays at most MAX_CATCH_UP_WEEKS weeks per release and the rest on the next call", async function () {
      const { vault, token, eur, svb, resident, landlord, energy, insurer, water, start, vaultAddress } = await setup();
      await time.increaseTo(utc(2027, 3, 8)); // eight weeks have ended; nothing settled yet
      // Step 1: every month due and unsettled: rent, energy, insurance for February and March, water
      // for January and February (2 × 1070 = 2140). Step 2: eight weeks due (800). Step 3: the next
      // month of each (1070). Step 4: 8 + 5 = 13 weeks within the horizon, 1300 − 800 = 500.
      // Buffer 250; savings 5000 − 2140 − 800 − 1070 − 500 − 250 = 240.
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("5000"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("5000"),
        toBuckets: [eur("2250"), eur("450"), eur("420"), eur("90")],
        toLivingMoney: eur("1300"),
        toAdvanceRepayment: 0n,
        toBuffer: eur("250"),
        toSavings: eur("240"),
      });
      // The first release settles the two months of each bucket (2140), then pays five weeks.
      const first = vault.release();
      await expect(first).to.changeTokenBalances(
        token,
        [vaultAddress, resident, landlord, energy, insurer, water],
        [-eur("2640"), eur("500"), eur("1500"), eur("300"), eur("280"), eur("60")],
      );
      await expect(first).to.emit(vault, "LivingMoneyReleased").withArgs(5, eur("500"));
      await expect(first).not.to.emit(vault, "PaymentMissed");
      expect(await vault.livingMoneySchedule()).to.deep.equal([5n, BigInt(start + 6 * WEEK)]);
      const second = vault.release();
      await expect(second).to.changeTokenBalances(token, [vaultAddress, resident], [-eur("300"), eur("300")]);
      await expect(second).to.emit(vault, "LivingMoneyReleased").withArgs(3, eur("300"));
      expect(await vault.livingMoneySchedule()).to.deep.equal([8n, BigInt(start + 9 * WEEK)]);
      await expect(vault.release()).to.changeTokenBalance(token, resident, 0n);
      expect(await accountsOf(vault)).to.deep.equal({
        livingMoney: eur("500"),
        buffer: eur("250"),
        savings: eur("240"),
        repaymentHeld: 0n,
        advanceOutstanding: 0n,
        claimable: 0n,
        unallocated: 0n,
      });
      await expectConserved(token, vault);
    });
  });

  describe("savings", function () {
    it("lets only the resident withdraw savings, exactly the amount asked and never more than there is", async function () {
      const { vault, token, eur, svb, resident, coach, stranger, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // buckets 1070, living 500, buffer 250, savings 180
      const holders = [vaultAddress, resident.address, stranger.address];
      const before = await stateOf(token, vault, holders);
      for (const who of [stranger, coach]) {
        await expect(vault.connect(who).withdrawSavings(eur("1")))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultNotResident")
          .withArgs(who.address);
      }
      await expect(vault.connect(resident).withdrawSavings(0)).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultZeroAmount",
      );
      await expect(vault.connect(resident).withdrawSavings(eur("180") + 1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultInsufficientSavings")
        .withArgs(eur("180") + 1n, eur("180"));
      expect(await stateOf(token, vault, holders)).to.deep.equal(before);

      const tx = vault.connect(resident).withdrawSavings(eur("80"));
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, resident], [-eur("80"), eur("80")]);
      await expect(tx).to.emit(vault, "SavingsWithdrawn").withArgs(eur("80"));
      // Only the savings change: living money, buffer and buckets keep what they held.
      expect(await accountsOf(vault)).to.deep.equal({ ...before.accounts, savings: eur("100") });
      expect(await bucketBalances(vault)).to.deep.equal([eur("750"), eur("150"), eur("140"), eur("30")]);
      await expectConserved(token, vault);

      await expect(vault.connect(resident).withdrawSavings(eur("100"))).to.changeTokenBalance(
        token,
        resident,
        eur("100"),
      );
      await expect(vault.connect(resident).withdrawSavings(1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultInsufficientSavings")
        .withArgs(1n, 0n);
      expect((await vault.accounts()).savings).to.equal(0n);
      await expectConserved(token, vault);
    });

    it("refuses to withdraw savings while paused or once closed", async function () {
      const { vault, token, eur, svb, admin, resident, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // savings 180
      await vault.connect(admin).pause();
      const before = await stateOf(token, vault, [vaultAddress, resident.address]);
      await expect(vault.connect(resident).withdrawSavings(eur("1"))).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultIsPaused",
      );
      expect(await stateOf(token, vault, [vaultAddress, resident.address])).to.deep.equal(before);
      await vault.connect(admin).unpause();

      const now = (await time.latest()) + 1;
      await at(now);
      await vault.connect(resident).requestExit();
      await at(now + EXIT_NOTICE);
      await vault.close();
      await expect(vault.connect(resident).withdrawSavings(eur("1"))).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultIsClosed",
      );
    });
  });

  describe("the municipal advance", function () {
    it("advances only what the fixed-cost buckets need for arrears and next payments", async function () {
      const { vault, token, eur, admin, vaultAddress } = await setup();
      await expect(vault.advance(eur("1070") + 1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultAdvanceExceedsNeed")
        .withArgs(eur("1070") + 1n, eur("1070"));
      const tx = vault.connect(admin).advance(eur("1070"));
      await expect(tx).to.changeTokenBalances(token, [admin, vaultAddress], [-eur("1070"), eur("1070")]);
      await expect(tx).to.emit(vault, "AdvanceReceived").withArgs(eur("1070"), eur("1070"));
      await expectAllocated(tx, vault, {
        source: Source.MunicipalAdvance,
        amount: eur("1070"),
        toBuckets: [eur("750"), eur("150"), eur("140"), eur("30")],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      expect((await vault.accounts()).advanceOutstanding).to.equal(eur("1070"));
      await expect(vault.advance(1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultAdvanceExceedsNeed")
        .withArgs(1n, 0n);
      await expectConserved(token, vault);
    });

    it("never lets a household owe more than ADVANCE_CAP", async function () {
      const { vault, token, eur, landlord } = await setup();
      await at(utc(2027, 3, 2));
      await vault.settle(); // arrears: rent 1500, energy 150, insurance 280, water 60; need 3060
      await expect(vault.advance(eur("1500") + 1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultAdvanceCapExceeded")
        .withArgs(eur("1500") + 1n, eur("1500"));
      const tx = vault.advance(eur("1500"));
      await expect(tx).to.emit(vault, "AdvanceReceived").withArgs(eur("1500"), eur("1500"));
      await expectAllocated(tx, vault, {
        source: Source.MunicipalAdvance,
        amount: eur("1500"),
        toBuckets: [eur("1500"), 0n, 0n, 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      await expect(vault.advance(1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultAdvanceCapExceeded")
        .withArgs(1n, 0n);
      const paid = vault.settle();
      await expect(paid).to.emit(vault, "ArrearsPaid").withArgs(0, Category.Rent, eur("1500"));
      await expect(paid).to.changeTokenBalance(token, landlord, eur("1500"));
      await expectConserved(token, vault);
    });

    it("is repaid only after fixed costs and living money, and settle forwards it to the treasury", async function () {
      const { vault, token, eur, svb, treasury, vaultAddress } = await setup();
      await expectAllocated(vault.advance(eur("1000")), vault, {
        source: Source.MunicipalAdvance,
        amount: eur("1000"),
        toBuckets: [eur("750"), eur("150"), eur("100"), 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      // 700 = the rest of the next payments (70) + five weeks of living money (500) + 130 repayment.
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("700"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("700"),
        toBuckets: [0n, 0n, eur("40"), eur("30")],
        toLivingMoney: eur("500"),
        toAdvanceRepayment: eur("130"),
        toBuffer: 0n,
        toSavings: 0n,
      });
      expect((await vault.accounts()).advanceOutstanding).to.equal(eur("870"));
      expect((await vault.accounts()).repaymentHeld).to.equal(eur("130"));
      await expectConserved(token, vault);

      const tx = vault.settle();
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, treasury], [-eur("130"), eur("130")]);
      await expect(tx).to.emit(vault, "AdvanceRepaid").withArgs(eur("130"), eur("870"));
      expect((await vault.accounts()).repaymentHeld).to.equal(0n);

      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("2000"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("2000"),
        toBuckets: [0n, 0n, 0n, 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: eur("870"),
        toBuffer: eur("250"),
        toSavings: eur("880"), // 2000 − 870 − 250: buckets and living money were already full
      });
      const rest = vault.settle();
      await expect(rest).to.changeTokenBalances(token, [vaultAddress, treasury], [-eur("870"), eur("870")]);
      await expect(rest).to.emit(vault, "AdvanceRepaid").withArgs(eur("870"), 0);
      expect((await vault.accounts()).advanceOutstanding).to.equal(0n);
      await expectConserved(token, vault);
    });
  });

  describe("plan changes with consent", function () {
    function smallerPlan(plan: Plan, eur: (a: string) => bigint): Plan {
      // Energy down to 100, water dropped, buffer target down to 100.
      return {
        buckets: [plan.buckets[0], { ...plan.buckets[1], amountPerMonth: eur("100") }, plan.buckets[2]],
        weeklyLivingMoney: plan.weeklyLivingMoney,
        bufferTarget: eur("100"),
      };
    }

    it("applies a plan only when the resident accepts exactly what the coach proposed, and re-allocates freed money", async function () {
      const { vault, token, eur, svb, coach, resident, plan, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // buckets full, living 500, buffer 250, savings 180
      const next = smallerPlan(plan, eur);
      const hash = planHash(vaultAddress, 1, next);

      expect(await vault.connect(coach).proposePlan.staticCall(next)).to.equal(1n);
      const proposed = await eventArgs(vault.connect(coach).proposePlan(next), vault, "PlanProposed");
      expect(proposed).to.have.length(1);
      expect(proposed[0][0]).to.equal(1n);
      expect(proposed[0][1]).to.equal(hash);
      expect(proposed[0][2]).to.deep.equal([
        next.buckets.map((b) => [BigInt(b.category), BigInt(b.dueDay), BigInt(b.amountPerMonth), b.creditor]),
        BigInt(next.weeklyLivingMoney),
        BigInt(next.bufferTarget),
      ]);
      expect(await vault.pendingPlan()).to.deep.equal([1n, hash]);
      expect(await currentPlan(vault)).to.deep.equal(planValues(plan));

      await expect(vault.connect(resident).acceptPlan(plan))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultPlanMismatch")
        .withArgs(hash, planHash(vaultAddress, 1, plan));
      await expect(vault.connect(coach).acceptPlan(next))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNotResident")
        .withArgs(coach.address);

      const accepted = vault.connect(resident).acceptPlan(next);
      await expect(accepted).to.emit(vault, "PlanAccepted").withArgs(1, hash);
      await expect(accepted).to.changeTokenBalance(token, vaultAddress, 0n);
      // Freed: 50 from energy, 30 from water, 150 of buffer. The five weeks of living money are still
      // needed at 100 a week. Nothing else needs the 230, so it is savings: 180 + 230 = 410.
      await expectAllocated(accepted, vault, {
        source: Source.PlanChange,
        amount: eur("230"),
        toBuckets: [0n, 0n, 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: eur("230"),
      });
      expect(await currentPlan(vault)).to.deep.equal(planValues(next));
      expect(await vault.pendingPlan()).to.deep.equal([1n, ethers.ZeroHash]);
      expect(await bucketBalances(vault)).to.deep.equal([eur("750"), eur("100"), eur("140")]);
      expect((await vault.accounts()).savings).to.equal(eur("410"));
      expect((await vault.accounts()).buffer).to.equal(eur("100"));
      await expectConserved(token, vault);
      await expect(vault.connect(resident).acceptPlan(next)).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultNoPendingPlan",
      );
    });

    it("starts new buckets empty, from their next due date, and fills them from the money freed", async function () {
      const { vault, token, eur, svb, coach, resident, plan, factory, keeper, stranger } = await setup();
      await factory.approveCreditor(keeper.address);
      await factory.approveCreditor(stranger.address);
      await depositAndAllocate(vault, svb, eur("2000"));
      const next: Plan = {
        buckets: [
          ...plan.buckets.slice(0, 3),
          { category: Category.Telecom, dueDay: 15, amountPerMonth: eur("40"), creditor: keeper.address },
          { category: Category.Other, dueDay: 5, amountPerMonth: eur("20"), creditor: stranger.address },
        ],
        weeklyLivingMoney: plan.weeklyLivingMoney,
        bufferTarget: plan.bufferTarget,
      };
      await vault.connect(coach).proposePlan(next);
      await expectAllocated(vault.connect(resident).acceptPlan(next), vault, {
        source: Source.PlanChange,
        amount: eur("30"), // the water bucket's balance
        toBuckets: [0n, 0n, 0n, eur("30"), 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      const telecom = await vault.bucket(3);
      expect(telecom.creditor).to.equal(keeper.address);
      expect(telecom.balance).to.equal(eur("30"));
      expect(telecom.paidThroughMonth).to.equal(monthIndex(2026, 12)); // 15 January is still to come
      expect(telecom.nextDueAt).to.equal(BigInt(utc(2027, 1, 15)));
      const other = await vault.bucket(4);
      expect(other.paidThroughMonth).to.equal(monthIndex(2027, 1)); // 5 January has passed
      expect(other.nextDueAt).to.equal(BigInt(utc(2027, 2, 5)));
      expect(other.balance).to.equal(0n);
      await expectConserved(token, vault);
    });

    it("keeps a bucket's balance, arrears and paid month when its creditor stays, wherever it moves in the list", async function () {
      const { vault, token, eur, svb, coach, resident, plan, creditors, vaultAddress } = await setup();
      await at(utc(2027, 2, 2));
      await vault.settle(); // arrears: rent 750, insurance 140, water 30
      await depositAndAllocate(vault, svb, eur("500")); // all toward the rent arrears (step 1, rent first)
      // Rent moves from first to third place, 800 a month from now on, due on the 3rd.
      const [rentPlan, energyPlan, insurancePlan, waterPlan] = plan.buckets;
      const next: Plan = {
        ...plan,
        buckets: [energyPlan, insurancePlan, { ...rentPlan, amountPerMonth: eur("800"), dueDay: 3 }, waterPlan],
      };
      await vault.connect(coach).proposePlan(next);
      const tx = vault.connect(resident).acceptPlan(next);
      // The settle inside acceptPlan finds nothing due (energy is next, on 5 February) and the rent's
      // 500 does not cover its 750 arrears, so nothing moves and nothing is freed.
      await expect(tx).to.changeTokenBalance(token, vaultAddress, 0n);
      await expect(tx).not.to.emit(vault, "Allocated");
      await expect(tx).not.to.emit(vault, "ArrearsPaid");
      const buckets = (await vault.buckets()).map((b) => [
        b.creditor,
        b.amountPerMonth,
        b.balance,
        b.arrears,
        b.paidThroughMonth,
        b.nextDueAt,
      ]);
      expect(buckets).to.deep.equal([
        [creditors.energy, eur("150"), 0n, 0n, monthIndex(2027, 1), BigInt(utc(2027, 2, 5))],
        [creditors.insurer, eur("140"), 0n, eur("140"), monthIndex(2027, 2), BigInt(utc(2027, 3, 1))],
        // February is done; the next month (March) falls due on the new day at the new amount.
        [creditors.landlord, eur("800"), eur("500"), eur("750"), monthIndex(2027, 2), BigInt(utc(2027, 3, 3))],
        [creditors.water, eur("30"), 0n, eur("30"), monthIndex(2027, 1), BigInt(utc(2027, 2, 20))],
      ]);
      await expectConserved(token, vault);
    });

    it("matches a continuing creditor on creditor and category first, then on the creditor alone", async function () {
      const { vault, token, eur, svb, coach, resident, plan, creditors } = await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // buckets 1070, living 500, buffer 250, savings 180
      // The coach adds a debt instalment to the landlord at the top (a second bucket, same creditor).
      const instalment = {
        category: Category.DebtRepayment,
        dueDay: 15,
        amountPerMonth: eur("50"),
        creditor: creditors.landlord,
      };
      const withDebt: Plan = { ...plan, buckets: [instalment, ...plan.buckets] };
      await vault.connect(coach).proposePlan(withDebt);
      await vault.connect(resident).acceptPlan(withDebt);
      // Rent (creditor and category match) keeps its 750 although it moved. The instalment is a new,
      // empty bucket: nothing is freed by this change, so it waits for the next income.
      expect((await vault.buckets()).map((b) => [b.category, b.balance])).to.deep.equal([
        [BigInt(Category.DebtRepayment), 0n],
        [BigInt(Category.Rent), eur("750")],
        [BigInt(Category.Energy), eur("150")],
        [BigInt(Category.Insurance), eur("140")],
        [BigInt(Category.Water), eur("30")],
      ]);
      const instalmentBefore = await vault.bucket(0);
      // Then the coach moves rent back to the top and relabels the instalment as Other: rent matches on
      // creditor and category; the relabelled instalment has no exact match and continues the old
      // instalment bucket on the creditor alone (not the rent's, which is taken).
      const relabelled: Plan = {
        ...plan,
        buckets: [plan.buckets[0], { ...instalment, category: Category.Other }, ...plan.buckets.slice(1)],
      };
      await vault.connect(coach).proposePlan(relabelled);
      await expect(vault.connect(resident).acceptPlan(relabelled)).not.to.emit(vault, "Allocated");
      const after = await vault.buckets();
      expect([after[0].category, after[0].balance]).to.deep.equal([BigInt(Category.Rent), eur("750")]);
      expect([after[1].category, after[1].balance, after[1].paidThroughMonth, after[1].nextDueAt]).to.deep.equal([
        BigInt(Category.Other),
        instalmentBefore.balance,
        instalmentBefore.paidThroughMonth,
        instalmentBefore.nextDueAt,
      ]);
      await expectConserved(token, vault);
    });

    it("pays the months already due under the old plan before applying a new one", async function () {
      const { vault, token, eur, svb, coach, resident, plan, landlord, insurer, water, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // buckets 1070, living 500, buffer 250, savings 180
      const next: Plan = {
        ...plan,
        buckets: [{ ...plan.buckets[0], amountPerMonth: eur("800"), dueDay: 3 }, ...plan.buckets.slice(1)],
      };
      await vault.connect(coach).proposePlan(next);
      await at(utc(2027, 2, 1));
      const tx = vault.connect(resident).acceptPlan(next);
      // 1 February: February's rent (at the old 750) and insurance, and January's water, are due.
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, insurer, water],
        [-eur("920"), eur("750"), eur("140"), eur("30")],
      );
      expect(await eventArgs(tx, vault, "CreditorPaid")).to.deep.equal([
        [0n, BigInt(Category.Rent), monthIndex(2027, 2), eur("750")],
        [2n, BigInt(Category.Insurance), monthIndex(2027, 2), eur("140")],
        [3n, BigInt(Category.Water), monthIndex(2027, 1), eur("30")],
      ]);
      // Nothing is freed: the buckets hold no more than their next payment, and living money (500)
      // is below the 8 weeks × 100 the horizon asks for on 1 February.
      await expect(tx).not.to.emit(vault, "Allocated");
      const rent = await vault.bucket(0);
      expect(rent.amountPerMonth).to.equal(eur("800"));
      expect(rent.balance).to.equal(0n);
      expect(rent.paidThroughMonth).to.equal(monthIndex(2027, 2));
      expect(rent.nextDueAt).to.equal(BigInt(utc(2027, 3, 3)));
      await expectConserved(token, vault);
    });

    it("frees living money above the new weekly amount over the five-week horizon, and all of it at 0 a week", async function () {
      const { vault, token, eur, svb, coach, resident, plan, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // buckets 1070, living 500, buffer 250, savings 180
      const lower: Plan = { ...plan, weeklyLivingMoney: eur("80") };
      await vault.connect(coach).proposePlan(lower);
      const tx = vault.connect(resident).acceptPlan(lower);
      await expect(tx).to.changeTokenBalance(token, vaultAddress, 0n);
      // Five weeks at 80 = 400 stay; 100 is freed and, with everything else full, becomes savings.
      await expectAllocated(tx, vault, {
        source: Source.PlanChange,
        amount: eur("100"),
        toBuckets: [0n, 0n, 0n, 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: eur("100"),
      });
      expect((await vault.accounts()).livingMoney).to.equal(eur("400"));

      const none: Plan = { ...plan, weeklyLivingMoney: 0n };
      await vault.connect(coach).proposePlan(none);
      await expectAllocated(vault.connect(resident).acceptPlan(none), vault, {
        source: Source.PlanChange,
        amount: eur("400"),
        toBuckets: [0n, 0n, 0n, 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: eur("400"),
      });
      expect(await accountsOf(vault)).to.deep.equal({
        livingMoney: 0n,
        buffer: eur("250"),
        savings: eur("680"), // 180 + 100 + 400
        repaymentHeld: 0n,
        advanceOutstanding: 0n,
        claimable: 0n,
        unallocated: 0n,
      });
      await expectConserved(token, vault);
    });

    it("refuses to drop or redirect a bucket that has arrears, and changes nothing", async function () {
      const { vault, token, eur, coach, resident, plan, factory, keeper, vaultAddress } = await setup();
      await factory.approveCreditor(keeper.address);
      await at(utc(2027, 2, 2));
      await vault.settle(); // water has 30 arrears
      const dropped: Plan = { ...plan, buckets: plan.buckets.slice(0, 3) };
      await vault.connect(coach).proposePlan(dropped);
      const before = await stateOf(token, vault, [vaultAddress]);
      await expect(vault.connect(resident).acceptPlan(dropped))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultBucketHasArrears")
        .withArgs(3, eur("30"));
      expect(await stateOf(token, vault, [vaultAddress])).to.deep.equal(before);

      const redirected: Plan = {
        ...plan,
        buckets: [...plan.buckets.slice(0, 3), { ...plan.buckets[3], creditor: keeper.address }],
      };
      await vault.connect(coach).proposePlan(redirected);
      await expect(vault.connect(resident).acceptPlan(redirected))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultBucketHasArrears")
        .withArgs(3, eur("30"));
      expect(await currentPlan(vault)).to.deep.equal(planValues(plan));
    });

    it("lets the resident reject a proposal, and only the resident", async function () {
      const { vault, eur, coach, resident, stranger, plan, vaultAddress } = await setup();
      const next = smallerPlan(plan, eur);
      await vault.connect(coach).proposePlan(next);
      const hash = planHash(vaultAddress, 1, next);
      for (const who of [coach, stranger]) {
        await expect(vault.connect(who).rejectPlan())
          .to.be.revertedWithCustomError(vault, "HouseholdVaultNotResident")
          .withArgs(who.address);
      }
      await expect(vault.connect(resident).rejectPlan()).to.emit(vault, "PlanRejected").withArgs(1, hash);
      expect(await vault.pendingPlan()).to.deep.equal([1n, ethers.ZeroHash]);
      expect(await currentPlan(vault)).to.deep.equal(planValues(plan));
      await expect(vault.connect(resident).acceptPlan(next)).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultNoPendingPlan",
      );
      await expect(vault.connect(resident).rejectPlan()).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultNoPendingPlan",
      );
    });

    it("replaces an earlier proposal with a later one", async function () {
      const { vault, eur, coach, resident, plan, vaultAddress } = await setup();
      const first = smallerPlan(plan, eur);
      const second: Plan = { ...plan, weeklyLivingMoney: eur("90") };
      await vault.connect(coach).proposePlan(first);
      expect(await vault.connect(coach).proposePlan.staticCall(second)).to.equal(2n);
      await vault.connect(coach).proposePlan(second);
      await expect(vault.connect(resident).acceptPlan(first))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultPlanMismatch")
        .withArgs(planHash(vaultAddress, 2, second), planHash(vaultAddress, 2, first));
      await expect(vault.connect(resident).acceptPlan(second))
        .to.emit(vault, "PlanAccepted")
        .withArgs(2, planHash(vaultAddress, 2, second));
      expect((await vault.plan()).weeklyLivingMoney).to.equal(eur("90"));
    });

    it("lets only the vault's own coach propose, and only while it holds COACH_ROLE", async function () {
      const { vault, eur, factory, coach, resident, stranger, plan } = await setup();
      const next = smallerPlan(plan, eur);
      await factory.grantRole(await factory.COACH_ROLE(), stranger.address);
      for (const who of [stranger, resident]) {
        await expect(vault.connect(who).proposePlan(next))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultNotCoach")
          .withArgs(who.address);
      }
      await factory.revokeRole(await factory.COACH_ROLE(), coach.address);
      await expect(vault.connect(coach).proposePlan(next))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNotACoach")
        .withArgs(coach.address);
      expect(await vault.pendingPlan()).to.deep.equal([0n, ethers.ZeroHash]);
    });

    it("refuses a proposal whose coach lost COACH_ROLE before the resident accepted, and changes nothing", async function () {
      const { vault, token, eur, svb, factory, coach, resident, plan, landlord, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000"));
      const next = smallerPlan(plan, eur);
      await vault.connect(coach).proposePlan(next);
      await factory.revokeRole(await factory.COACH_ROLE(), coach.address);
      // On 1 February the settle inside acceptPlan would pay rent: the refusal undoes that too.
      await at(utc(2027, 2, 1));
      const before = await stateOf(token, vault, [vaultAddress, landlord.address]);
      await expect(vault.connect(resident).acceptPlan(next))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNotACoach")
        .withArgs(coach.address);
      expect(await stateOf(token, vault, [vaultAddress, landlord.address])).to.deep.equal(before);
      expect(await currentPlan(vault)).to.deep.equal(planValues(plan));
    });

    it("checks the registers again when the resident accepts", async function () {
      const { vault, eur, factory, coach, resident, keeper, plan } = await setup();
      await factory.approveCreditor(keeper.address);
      const next: Plan = {
        ...plan,
        buckets: [
          ...plan.buckets,
          { category: Category.Telecom, dueDay: 15, amountPerMonth: eur("40"), creditor: keeper.address },
        ],
      };
      await vault.connect(coach).proposePlan(next);
      await factory.revokeCreditor(keeper.address);
      await expect(vault.connect(resident).acceptPlan(next))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultCreditorNotApproved")
        .withArgs(4, keeper.address);
    });

    it("lets the registrar appoint another coach, which drops the pending proposal", async function () {
      const { vault, eur, factory, admin, coach, resident, stranger, keeper, plan } = await setup();
      const next = smallerPlan(plan, eur);
      await vault.connect(coach).proposePlan(next);
      await factory.grantRole(await factory.COACH_ROLE(), keeper.address);

      await expect(vault.connect(stranger).setCoach(keeper.address))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultMissingRole")
        .withArgs(stranger.address, await factory.REGISTRAR_ROLE());
      await expect(vault.connect(admin).setCoach(stranger.address))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNotACoach")
        .withArgs(stranger.address);
      await expect(vault.connect(admin).setCoach(resident.address))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultCoachIsResident")
        .withArgs(resident.address);
      await expect(vault.connect(admin).setCoach(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultZeroAddress",
      );
      expect(await vault.coach()).to.equal(coach.address);

      await expect(vault.connect(admin).setCoach(keeper.address))
        .to.emit(vault, "CoachChanged")
        .withArgs(keeper.address);
      expect(await vault.coach()).to.equal(keeper.address);
      expect(await vault.pendingPlan()).to.deep.equal([1n, ethers.ZeroHash]);
      await expect(vault.connect(resident).acceptPlan(next)).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultNoPendingPlan",
      );
      await expect(vault.connect(coach).proposePlan(next))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNotCoach")
        .withArgs(coach.address);
      await expect(vault.connect(keeper).proposePlan(next)).to.emit(vault, "PlanProposed");
    });
  });

  describe("leaving the programme", function () {
    it("starts and cancels the notice period, only by the resident", async function () {
      const { vault, resident, stranger } = await setup();
      await expect(vault.connect(stranger).requestExit())
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNotResident")
        .withArgs(stranger.address);
      const now = (await time.latest()) + 10;
      await at(now);
      await expect(vault.connect(resident).requestExit())
        .to.emit(vault, "ExitRequested")
        .withArgs(now + EXIT_NOTICE);
      expect(await vault.exitAvailableAt()).to.equal(BigInt(now + EXIT_NOTICE));
      await expect(vault.connect(resident).requestExit())
        .to.be.revertedWithCustomError(vault, "HouseholdVaultExitAlreadyRequested")
        .withArgs(now + EXIT_NOTICE);
      await at(now + EXIT_NOTICE - 1);
      await expect(vault.close())
        .to.be.revertedWithCustomError(vault, "HouseholdVaultExitNoticeRunning")
        .withArgs(now + EXIT_NOTICE);

      await expect(vault.connect(stranger).cancelExit())
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNotResident")
        .withArgs(stranger.address);
      await expect(vault.connect(resident).cancelExit()).to.emit(vault, "ExitCancelled");
      expect(await vault.exitAvailableAt()).to.equal(0n);
      await expect(vault.connect(resident).cancelExit()).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultExitNotRequested",
      );
      await expect(vault.close()).to.be.revertedWithCustomError(vault, "HouseholdVaultExitNotRequested");
    });

    it("closes after the notice: settles what is due and gives the rest to the resident", async function () {
      const { vault, token, eur, svb, resident, landlord, energy, insurer, water, treasury, keeper, vaultAddress } =
        await setup();
      await depositAndAllocate(vault, svb, eur("2000"));
      const now = (await time.latest()) + 1;
      await at(now);
      await vault.connect(resident).requestExit();
      await at(now + EXIT_NOTICE); // 9 February: rent, energy, insurance for February and water for January are due
      const tx = vault.connect(keeper).close();
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, energy, insurer, water, resident, treasury],
        [-eur("2000"), eur("750"), eur("150"), eur("140"), eur("30"), eur("930"), 0n],
      );
      await expect(tx).to.emit(vault, "VaultClosed").withArgs(0, eur("930"));
      expect(await vault.closed()).to.equal(true);
      expect(await bucketBalances(vault)).to.deep.equal([0n, 0n, 0n, 0n]);
      expect(await accountsOf(vault)).to.deep.equal({
        livingMoney: 0n,
        buffer: 0n,
        savings: 0n,
        repaymentHeld: 0n,
        advanceOutstanding: 0n,
        claimable: 0n,
        unallocated: 0n,
      });
      await expectConserved(token, vault);
    });

    it("repays the outstanding advance to the treasury from what is left before the resident gets the rest", async function () {
      const { vault, token, eur, svb, resident, landlord, energy, insurer, water, treasury, vaultAddress } =
        await setup();
      await vault.advance(eur("1070")); // buckets full, 1070 owed
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("300"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("300"),
        toBuckets: [0n, 0n, 0n, 0n],
        toLivingMoney: eur("300"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      const now = (await time.latest()) + 1;
      await at(now);
      await vault.connect(resident).requestExit();

      await at(utc(2027, 2, 3));
      await expect(vault.settle()).to.changeTokenBalances(
        token,
        [landlord, insurer, water],
        [eur("750"), eur("140"), eur("30")],
      );
      await expectAllocated(depositAndAllocateTagged(vault, svb, eur("1000"), Source.SVB), vault, {
        source: Source.Income,
        amount: eur("1000"),
        toBuckets: [eur("750"), 0n, eur("140"), eur("30")],
        toLivingMoney: eur("80"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });

      await at(now + EXIT_NOTICE);
      const tx = vault.close();
      // Energy for February is paid; 1300 is left, of which 1070 repays the advance.
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, energy, treasury, resident],
        [-eur("1450"), eur("150"), eur("1070"), eur("230")],
      );
      await expect(tx).to.emit(vault, "VaultClosed").withArgs(eur("1070"), eur("230"));
      expect((await vault.accounts()).advanceOutstanding).to.equal(0n);
      await expectConserved(token, vault);
    });

    it("closes an empty vault with its unpaid arrears still on record", async function () {
      const { vault, token, eur, resident, vaultAddress } = await setup();
      const now = (await time.latest()) + 1;
      await at(now);
      await vault.connect(resident).requestExit();
      await at(now + EXIT_NOTICE);
      const tx = vault.close();
      await expect(tx).to.emit(vault, "VaultClosed").withArgs(0, 0);
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, resident], [0n, 0n]);
      expect(await bucketArrears(vault)).to.deep.equal([eur("750"), eur("150"), eur("140"), eur("30")]);
      expect(await vault.closed()).to.equal(true);
    });

    it("refuses to close more than 12 months behind until settle() catches up, then pays arrears from what the buckets hold", async function () {
      const { vault, token, eur, svb, resident, landlord, energy, insurer, water, treasury, keeper, vaultAddress } =
        await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // buckets 1070, living 500, buffer 250, savings 180
      const now = (await time.latest()) + 1;
      await at(now);
      await vault.connect(resident).requestExit();
      // No keeper for fifteen months. close() settles at most 12 months per bucket; then water (due
      // on the 20th, first due January 2027) still has January 2028 due.
      await time.increaseTo(utc(2028, 4, 2));
      const holders = [vaultAddress, resident.address, landlord.address, treasury.address];
      const before = await stateOf(token, vault, holders);
      await expect(vault.connect(keeper).close())
        .to.be.revertedWithCustomError(vault, "HouseholdVaultNotCaughtUp")
        .withArgs(utc(2028, 1, 20));
      expect(await stateOf(token, vault, holders)).to.deep.equal(before);

      // The first settle pays February 2027 (January for water) from the buckets and puts the 250
      // buffer toward March's rent, which the 180 savings cannot complete (500 short): missed. The
      // savings do complete energy's March (150, leaving 30) and water's February (30, leaving 0);
      // every later month through January 2028 (water: December 2027) is missed.
      const first = vault.connect(keeper).settle();
      await expect(first).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, energy, insurer, water],
        [-eur("1250"), eur("750"), eur("300"), eur("140"), eur("60")],
      );
      expect(await eventArgs(first, vault, "BufferUsed")).to.deep.equal([[eur("250")]]);
      expect(await eventArgs(first, vault, "SavingsUsed")).to.deep.equal([[eur("150")], [eur("30")]]);

      // close() now settles the rest (to April 2028; energy to March, water to March) and is caught up.
      // Creditors come first: rent's 250 goes toward its arrears, in part; then the 500 living money
      // goes to the resident, as nothing is owed to the treasury.
      const tx = vault.connect(keeper).close();
      await expect(tx).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, resident, treasury],
        [-eur("750"), eur("250"), eur("500"), 0n],
      );
      expect(await eventArgs(tx, vault, "ArrearsPaid")).to.deep.equal([[0n, BigInt(Category.Rent), eur("250")]]);
      await expect(tx).to.emit(vault, "VaultClosed").withArgs(0, eur("500"));
      expect(await vault.closed()).to.equal(true);
      expect(await bucketArrears(vault)).to.deep.equal([
        eur("750") * 14n - eur("250"), // March 2027 - April 2028, less the 250 paid on closing
        eur("150") * 12n, // April 2027 - March 2028
        eur("140") * 14n, // March 2027 - April 2028
        eur("30") * 13n, // March 2027 - March 2028
      ]);
      expect(await token.balanceOf(vaultAddress)).to.equal(0n);
      await expectConserved(token, vault);
    });

    it("keeps bounced payments claimable after closing, for the creditor and for the resident", async function () {
      const { vault, token, eur, svb, resident, landlord, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000"));
      await token.blocklist(landlord.address);
      await token.blocklist(resident.address);
      const now = (await time.latest()) + 1;
      await at(now);
      await vault.connect(resident).requestExit();
      await at(now + EXIT_NOTICE);
      const tx = vault.close();
      await expect(tx).to.emit(vault, "VaultClosed").withArgs(0, eur("930"));
      await expect(tx).to.changeTokenBalance(token, vaultAddress, -eur("320"));
      expect(await vault.claimable(landlord.address)).to.equal(eur("750"));
      expect(await vault.claimable(resident.address)).to.equal(eur("930"));
      await expectConserved(token, vault);

      await token.unblocklist(landlord.address);
      await token.unblocklist(resident.address);
      await expect(vault.connect(landlord).claim()).to.changeTokenBalance(token, landlord, eur("750"));
      await expect(vault.connect(resident).claim()).to.changeTokenBalance(token, resident, eur("930"));
      expect(await token.balanceOf(vaultAddress)).to.equal(0n);
      await expectConserved(token, vault);
    });

    it("refuses everything on a closed vault except claims and sweeping late arrivals to the resident", async function () {
      const { vault, token, eur, svb, resident, coach, admin, keeper, plan, vaultAddress } = await setup();
      const now = (await time.latest()) + 1;
      await at(now);
      await vault.connect(resident).requestExit();
      await at(now + EXIT_NOTICE);
      await vault.close();

      const sig = await signPermit(token, svb, vaultAddress, eur("1"), now + 2 * EXIT_NOTICE);
      const calls = [
        () => vault.connect(svb).deposit(eur("1")),
        () => vault.connect(svb).depositWithPermit(eur("1"), now + 2 * EXIT_NOTICE, sig.v, sig.r, sig.s),
        () => vault.allocate(),
        () => vault.connect(admin).advance(eur("1")),
        () => vault.settle(),
        () => vault.release(),
        () => vault.connect(resident).withdrawSavings(eur("1")),
        () => vault.connect(coach).proposePlan(plan),
        () => vault.connect(resident).acceptPlan(plan),
        () => vault.connect(resident).rejectPlan(),
        () => vault.connect(admin).setCoach(coach.address),
        () => vault.connect(resident).requestExit(),
        () => vault.connect(resident).cancelExit(),
        () => vault.close(),
        () => vault.connect(admin).pause(),
      ];
      for (const call of calls) await expect(call()).to.be.revertedWithCustomError(vault, "HouseholdVaultIsClosed");
      await expect(vault.connect(admin).unpause()).to.be.revertedWithCustomError(vault, "HouseholdVaultNotPaused");

      await expect(vault.connect(keeper).sweep()).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultNothingToAllocate",
      );
      await token.connect(svb).transfer(vaultAddress, eur("25"));
      await expectConserved(token, vault, eur("25"));
      const tx = vault.connect(keeper).sweep();
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, resident], [-eur("25"), eur("25")]);
      await expect(tx).to.emit(vault, "Swept").withArgs(eur("25"));
      await expectConserved(token, vault);
    });

    it("sweeps only closed vaults", async function () {
      const { vault } = await setup();
      await expect(vault.sweep()).to.be.revertedWithCustomError(vault, "HouseholdVaultNotClosed");
    });
  });

  describe("pause", function () {
    it("lets no money out while paused, takes money in, and catches up after unpause with nothing lost", async function () {
      const { vault, token, eur, svb, toeslagen, admin, resident, landlord, energy, insurer, water, vaultAddress } =
        await setup();
      await depositAndAllocate(vault, svb, eur("2000"));
      await expect(vault.connect(admin).pause()).to.emit(vault, "VaultPaused");
      expect(await vault.paused()).to.equal(true);

      await at(utc(2027, 2, 8)); // four weeks ended; February's payments and January's water are due
      for (const call of [
        () => vault.settle(),
        () => vault.release(),
        () => vault.connect(landlord).claim(),
        () => vault.payClaimable(landlord.address),
        () => vault.connect(resident).withdrawSavings(eur("1")),
        () => vault.close(),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(vault, "HouseholdVaultIsPaused");
      }
      // Income still comes in while paused, and allocate() (which moves nothing out) still splits it.
      // The due months already sit in the buckets and the four weeks due in the 500 living money.
      // Every bucket has a month due, so step 3 gives nothing; the weeks up to 15 March (the horizon)
      // take 400 (nine weeks in all), and step 5 gives the rest to March's rent: 1000 = 400 + 600.
      await expectAllocated(depositAndAllocateTagged(vault, toeslagen, eur("1000"), Source.Toeslagen), vault, {
        source: Source.Income,
        amount: eur("1000"),
        toBuckets: [eur("600"), 0n, 0n, 0n],
        toLivingMoney: eur("400"),
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      expect(await token.balanceOf(vaultAddress)).to.equal(eur("3000"));

      await expect(vault.connect(admin).unpause()).to.emit(vault, "VaultUnpaused");
      await expect(vault.settle()).to.changeTokenBalances(
        token,
        [vaultAddress, landlord, energy, insurer, water],
        [-eur("1070"), eur("750"), eur("150"), eur("140"), eur("30")],
      );
      const release = vault.release();
      await expect(release).to.changeTokenBalances(token, [vaultAddress, resident], [-eur("400"), eur("400")]);
      await expect(release).to.emit(vault, "LivingMoneyReleased").withArgs(4, eur("400"));
      // 3000 in = 1070 to creditors + 400 to the resident + 600 in the rent bucket for March + 500
      // living money (five weeks ahead) + 250 buffer + 180 savings held.
      expect(await token.balanceOf(vaultAddress)).to.equal(eur("1530"));
      expect(await bucketBalances(vault)).to.deep.equal([eur("600"), 0n, 0n, 0n]);
      expect(await accountsOf(vault)).to.deep.equal({
        livingMoney: eur("500"),
        buffer: eur("250"),
        savings: eur("180"),
        repaymentHeld: 0n,
        advanceOutstanding: 0n,
        claimable: 0n,
        unallocated: 0n,
      });
      await expectConserved(token, vault);
    });

    it("still accepts a plan change while paused", async function () {
      const { vault, eur, admin, coach, resident, plan } = await setup();
      await vault.connect(admin).pause();
      const next: Plan = { ...plan, weeklyLivingMoney: eur("110") };
      await vault.connect(coach).proposePlan(next);
      await expect(vault.connect(resident).acceptPlan(next)).to.emit(vault, "PlanAccepted");
      expect((await vault.plan()).weeklyLivingMoney).to.equal(eur("110"));
    });

    it("refuses, while paused, to drop a bucket whose month is due, and drops it once that month is paid", async function () {
      const { vault, token, eur, svb, admin, coach, resident, plan, water, vaultAddress } = await setup();
      await depositAndAllocate(vault, svb, eur("2000")); // water's bucket holds January's 30
      await vault.connect(admin).pause();
      const dropped: Plan = { ...plan, buckets: plan.buckets.slice(0, 3) };
      await vault.connect(coach).proposePlan(dropped);
      // 21 January: water's January payment fell due on the 20th and, paused, cannot be settled.
      await at(utc(2027, 1, 21));
      const before = await stateOf(token, vault, [vaultAddress, water.address]);
      await expect(vault.connect(resident).acceptPlan(dropped))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultBucketPaymentDue")
        .withArgs(3, monthIndex(2027, 1));
      expect(await stateOf(token, vault, [vaultAddress, water.address])).to.deep.equal(before);

      // After unpause, acceptPlan settles first: water gets January's 30 and then leaves the plan
      // with nothing left in its bucket, so nothing is freed.
      await vault.connect(admin).unpause();
      const tx = vault.connect(resident).acceptPlan(dropped);
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, water], [-eur("30"), eur("30")]);
      await expect(tx).to.emit(vault, "CreditorPaid").withArgs(3, Category.Water, monthIndex(2027, 1), eur("30"));
      await expect(tx).not.to.emit(vault, "Allocated");
      expect(await vault.bucketCount()).to.equal(3n);
      await expectConserved(token, vault);
    });

    it("is done and undone only by a guardian, once", async function () {
      const { vault, factory, admin, stranger } = await setup();
      const guardian = await factory.GUARDIAN_ROLE();
      await expect(vault.connect(stranger).pause())
        .to.be.revertedWithCustomError(vault, "HouseholdVaultMissingRole")
        .withArgs(stranger.address, guardian);
      await expect(vault.connect(admin).unpause()).to.be.revertedWithCustomError(vault, "HouseholdVaultNotPaused");
      await vault.connect(admin).pause();
      await expect(vault.connect(admin).pause()).to.be.revertedWithCustomError(vault, "HouseholdVaultIsPaused");
      await expect(vault.connect(stranger).unpause())
        .to.be.revertedWithCustomError(vault, "HouseholdVaultMissingRole")
        .withArgs(stranger.address, guardian);
      expect(await vault.paused()).to.equal(true);
    });
  });

  describe("deposit with an EIP-2612 permit", function () {
    async function permitPayer() {
      const sys = await setup();
      await sys.factory.registerPayer(sys.keeper.address, Source.OtherPayer);
      await sys.token.mint(sys.keeper.address, sys.eur("1000"));
      return sys;
    }

    it("approves and deposits in one call with a signed permit", async function () {
      const { vault, token, eur, keeper, vaultAddress } = await permitPayer();
      const deadline = (await time.latest()) + 3600;
      const { v, r, s } = await signPermit(token, keeper, vaultAddress, eur("1000"), deadline);
      const tx = vault.connect(keeper).depositWithPermit(eur("1000"), deadline, v, r, s);
      await expect(tx).to.changeTokenBalances(token, [keeper, vaultAddress], [-eur("1000"), eur("1000")]);
      await expectIncomeReceived(tx, vault, Source.OtherPayer, eur("1000"));
      await expectAllocated(vault.allocate(), vault, {
        source: Source.Income,
        amount: eur("1000"),
        toBuckets: [eur("750"), eur("150"), eur("100"), 0n],
        toLivingMoney: 0n,
        toAdvanceRepayment: 0n,
        toBuffer: 0n,
        toSavings: 0n,
      });
      expect(await token.nonces(keeper.address)).to.equal(1n);
      expect(await token.allowance(keeper.address, vaultAddress)).to.equal(0n);
      await expectConserved(token, vault);
    });

    it("still deposits when someone used the permit first", async function () {
      const { vault, token, eur, keeper, stranger, vaultAddress } = await permitPayer();
      const deadline = (await time.latest()) + 3600;
      const { v, r, s } = await signPermit(token, keeper, vaultAddress, eur("500"), deadline);
      await token.connect(stranger).permit(keeper.address, vaultAddress, eur("500"), deadline, v, r, s);
      const tx = vault.connect(keeper).depositWithPermit(eur("500"), deadline, v, r, s);
      await expect(tx).to.changeTokenBalances(token, [keeper, vaultAddress], [-eur("500"), eur("500")]);
      await expectIncomeReceived(tx, vault, Source.OtherPayer, eur("500"));
      await expectConserved(token, vault, eur("500")); // waiting for the next keeper call
    });

    it("reverts on the missing allowance when the permit is invalid", async function () {
      const { vault, token, eur, keeper, stranger, vaultAddress } = await permitPayer();
      const deadline = (await time.latest()) + 3600;
      const { v, r, s } = await signPermit(token, stranger, vaultAddress, eur("500"), deadline); // wrong signer
      await expect(vault.connect(keeper).depositWithPermit(eur("500"), deadline, v, r, s))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(vaultAddress, 0, eur("500"));
      await expect(vault.connect(stranger).depositWithPermit(eur("500"), deadline, v, r, s))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultUnknownPayer")
        .withArgs(stranger.address);
    });
  });

  describe("bad input", function () {
    it("refuses a zero, too large or unregistered deposit and changes nothing", async function () {
      const { vault, token, eur, svb, stranger, factory, vaultAddress } = await setup();
      await vault.connect(svb).deposit(eur("100"));
      const before = await stateOf(token, vault, [svb.address, vaultAddress]);
      await expect(vault.connect(svb).deposit(0)).to.be.revertedWithCustomError(vault, "HouseholdVaultZeroAmount");
      await expect(vault.connect(svb).deposit(MAX_AMOUNT + 1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultAmountTooLarge")
        .withArgs(MAX_AMOUNT + 1n, MAX_AMOUNT);
      await expect(vault.connect(stranger).deposit(eur("1")))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultUnknownPayer")
        .withArgs(stranger.address);
      await factory.removePayer(svb.address);
      await expect(vault.connect(svb).deposit(eur("1")))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultUnknownPayer")
        .withArgs(svb.address);
      expect(await stateOf(token, vault, [svb.address, vaultAddress])).to.deep.equal(before);
    });

    it("refuses a zero or too large advance, and an advance by anyone but a treasurer", async function () {
      const { vault, factory, eur, stranger, treasury } = await setup();
      await expect(vault.advance(0)).to.be.revertedWithCustomError(vault, "HouseholdVaultZeroAmount");
      await expect(vault.advance(MAX_AMOUNT + 1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultAmountTooLarge")
        .withArgs(MAX_AMOUNT + 1n, MAX_AMOUNT);
      for (const who of [stranger, treasury]) {
        await expect(vault.connect(who).advance(eur("1")))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultMissingRole")
          .withArgs(who.address, await factory.TREASURER_ROLE());
      }
      expect((await vault.accounts()).advanceOutstanding).to.equal(0n);
    });

    describe("an invalid plan proposal", function () {
      function withBucket(plan: Plan, index: number, change: Partial<Plan["buckets"][number]>): Plan {
        const buckets = plan.buckets.map((b, i) => (i === index ? { ...b, ...change } : b));
        return { ...plan, buckets };
      }

      it("refuses a ninth bucket but takes eight", async function () {
        const { vault, coach, plan } = await setup();
        const nine: Plan = { ...plan, buckets: [...plan.buckets, ...plan.buckets, plan.buckets[0]] };
        await expect(vault.connect(coach).proposePlan(nine))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultTooManyBuckets")
          .withArgs(9, 8);
        const eight: Plan = { ...plan, buckets: [...plan.buckets, ...plan.buckets] };
        await expect(vault.connect(coach).proposePlan(eight)).to.emit(vault, "PlanProposed");
      });

      it("refuses due day 0 and 32", async function () {
        const { vault, coach, plan } = await setup();
        for (const dueDay of [0, 32]) {
          await expect(vault.connect(coach).proposePlan(withBucket(plan, 2, { dueDay })))
            .to.be.revertedWithCustomError(vault, "HouseholdVaultInvalidDueDay")
            .withArgs(2, dueDay);
        }
      });

      it("refuses a bucket of zero per month", async function () {
        const { vault, coach, plan } = await setup();
        await expect(vault.connect(coach).proposePlan(withBucket(plan, 1, { amountPerMonth: 0n })))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultZeroBucketAmount")
          .withArgs(1);
      });

      it("refuses amounts above the ceilings and accepts the ceilings themselves", async function () {
        const { vault, token, coach, resident, plan } = await setup();
        const before = await stateOf(token, vault);
        await expect(vault.connect(coach).proposePlan(withBucket(plan, 1, { amountPerMonth: MAX_MONTHLY_AMOUNT + 1n })))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultBucketAmountTooLarge")
          .withArgs(1, MAX_MONTHLY_AMOUNT + 1n, MAX_MONTHLY_AMOUNT);
        await expect(vault.connect(coach).proposePlan({ ...plan, weeklyLivingMoney: MAX_MONTHLY_AMOUNT + 1n }))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultAmountTooLarge")
          .withArgs(MAX_MONTHLY_AMOUNT + 1n, MAX_MONTHLY_AMOUNT);
        await expect(vault.connect(coach).proposePlan({ ...plan, bufferTarget: MAX_AMOUNT + 1n }))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultAmountTooLarge")
          .withArgs(MAX_AMOUNT + 1n, MAX_AMOUNT);
        expect(await stateOf(token, vault)).to.deep.equal(before);

        const atCeiling: Plan = {
          ...withBucket(plan, 1, { amountPerMonth: MAX_MONTHLY_AMOUNT }),
          weeklyLivingMoney: MAX_MONTHLY_AMOUNT,
          bufferTarget: MAX_AMOUNT,
        };
        await expect(vault.connect(coach).proposePlan(atCeiling)).to.emit(vault, "PlanProposed");
        await expect(vault.connect(resident).acceptPlan(atCeiling)).to.emit(vault, "PlanAccepted");
        expect(await currentPlan(vault)).to.deep.equal(planValues(atCeiling));
      });

      it("refuses a creditor the factory has not approved", async function () {
        const { vault, coach, stranger, plan } = await setup();
        await expect(vault.connect(coach).proposePlan(withBucket(plan, 3, { creditor: stranger.address })))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultCreditorNotApproved")
          .withArgs(3, stranger.address);
        expect(await vault.pendingPlan()).to.deep.equal([0n, ethers.ZeroHash]);
      });
    });

    it("refuses a second initialisation", async function () {
      const { vault, resident, coach, plan, admin } = await setup();
      await expect(
        vault.connect(admin).initialize(resident.address, coach.address, plan),
      ).to.be.revertedWithCustomError(vault, "InvalidInitialization");
    });
  });
}
