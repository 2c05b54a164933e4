import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { HouseholdVault } from "../typechain-types";
import { BucketPlan, Category, deploySystem, monthIndex, Source, System, utc, WEEK } from "./helpers/fixtures";
import { depositAndAllocate, expectConserved, expectIncomeReceived } from "./helpers/vault";
import { freshChain, leaveFreshChain } from "./hostile/hostileFixture";

// Calendar edges, through the vault: due days 29-31 in short months, leap years (2028 is one,
// 2100 is not), the turn of the year, long idle stretches caught up within the per-call bounds,
// and dates decades ahead. Expected dates are written out by hand, not computed.

const EUR = (amount: string) => ethers.parseUnits(amount, 6);

async function base() {
  await freshChain(utc(2027, 1, 1));
  return deploySystem(6, null);
}

let idCounter = 0;

/**
 * Creates a vault at `start` with the given buckets (100 each unless stated), funds it (a deposit
 * split by allocate() right away, as a keeper's next call would), returns it.
 */
async function vaultAt(
  s: System,
  start: number,
  buckets: Partial<BucketPlan>[],
  opts: { weekly?: string; bufferTarget?: string; deposit?: string } = {},
): Promise<HouseholdVault> {
  await time.setNextBlockTimestamp(start); // the vault's living-money schedule starts exactly here
  const id = ethers.id(`calendar-edge-${++idCounter}`);
  const plan = {
    buckets: buckets.map((b) => ({
      category: b.category ?? Category.Rent,
      dueDay: b.dueDay!,
      amountPerMonth: b.amountPerMonth ?? EUR("100"),
      creditor: b.creditor ?? s.creditors.landlord,
    })),
    weeklyLivingMoney: EUR(opts.weekly ?? "0"),
    bufferTarget: EUR(opts.bufferTarget ?? "0"),
  };
  await s.factory.createVault(id, s.accounts.resident.address, s.accounts.coach.address, plan);
  const vault = (await ethers.getContractAt(
    "HouseholdVault",
    await s.factory.vaultAddress(id),
  )) as unknown as HouseholdVault;
  await s.token.connect(s.accounts.svb).approve(await vault.getAddress(), ethers.MaxUint256);
  if (opts.deposit) await depositAndAllocate(vault, s.accounts.svb, EUR(opts.deposit));
  return vault;
}

interface Paid {
  bucketIndex: bigint;
  category: bigint;
  monthIndex: bigint;
  amount: bigint;
}

/** Settles with the next block at exactly `timestamp`; returns the CreditorPaid events and the block time. */
async function settleAt(vault: HouseholdVault, timestamp: number): Promise<{ paid: Paid[]; blockTime: number }> {
  await time.setNextBlockTimestamp(timestamp);
  return settleNow(vault);
}

async function settleNow(vault: HouseholdVault): Promise<{ paid: Paid[]; blockTime: number }> {
  const receipt = await (await vault.settle()).wait();
  const block = await ethers.provider.getBlock(receipt!.blockNumber);
  const paid: Paid[] = [];
  for (const log of receipt!.logs) {
    const parsed = vault.interface.parseLog(log);
    if (parsed?.name === "CreditorPaid") {
      const [bucketIndex, category, month, amount] = parsed.args;
      paid.push({ bucketIndex, category, monthIndex: month, amount });
    }
  }
  return { paid, blockTime: block!.timestamp };
}

function rent(bucketIndex: number, year: number, month: number, amount = EUR("100")): Paid {
  return {
    bucketIndex: BigInt(bucketIndex),
    category: BigInt(Category.Rent),
    monthIndex: monthIndex(year, month),
    amount,
  };
}

describe("calendar edges through the vault", function () {
  after(leaveFreshChain);

  it("due day 31 lands on each month's last day, Feb 2027 (28th) to Feb 2028 (29th), across the year end", async function () {
    const s = await loadFixture(base);
    // One bucket of 100 due on the 31st; a buffer big enough to pay 14 months.
    const vault = await vaultAt(s, utc(2027, 1, 10, 12), [{ dueDay: 31 }], { bufferTarget: "1400", deposit: "1500" });
    const dueDates: [number, number, number][] = [
      [2027, 1, 31],
      [2027, 2, 28],
      [2027, 3, 31],
      [2027, 4, 30],
      [2027, 5, 31],
      [2027, 6, 30],
      [2027, 7, 31],
      [2027, 8, 31],
      [2027, 9, 30],
      [2027, 10, 31],
      [2027, 11, 30],
      [2027, 12, 31],
      [2028, 1, 31],
      [2028, 2, 29],
    ];
    for (const [year, month, day] of dueDates) {
      const due = utc(year, month, day);
      expect((await vault.bucket(0)).nextDueAt, `next due ${year}-${month}`).to.equal(BigInt(due));
      const early = await settleAt(vault, due - 1);
      expect(early.paid, `one second before ${year}-${month}-${day}`).to.deep.equal([]);
      const onTime = await settleAt(vault, due);
      expect(onTime.blockTime).to.equal(due);
      expect(onTime.paid, `${year}-${month}-${day}`).to.deep.equal([rent(0, year, month)]);
    }
    // The turn of the year is one month index apart: December 2027 -> January 2028.
    expect(monthIndex(2028, 1) - monthIndex(2027, 12)).to.equal(1n);
    expect((await vault.bucket(0)).paidThroughMonth).to.equal(monthIndex(2028, 2));
  });

  it("due days 29, 30 and 31 in February 2027, February 2028, April and December", async function () {
    const s = await loadFixture(base);
    const vault = await vaultAt(s, utc(2027, 2, 10), [{ dueDay: 29 }, { dueDay: 30 }, { dueDay: 31 }], {
      bufferTarget: "10000",
      deposit: "10300",
    });
    const all = (year: number, month: number) => [rent(0, year, month), rent(1, year, month), rent(2, year, month)];

    // February 2027 has 28 days: all three fall on the 28th.
    expect((await settleAt(vault, utc(2027, 2, 28) - 1)).paid).to.deep.equal([]);
    expect((await settleAt(vault, utc(2027, 2, 28))).paid).to.deep.equal(all(2027, 2));

    // April has 30 days: the 29th, then the 30th for both 30 and 31.
    expect((await settleAt(vault, utc(2027, 3, 29))).paid).to.deep.equal([rent(0, 2027, 3)]);
    expect((await settleAt(vault, utc(2027, 3, 30))).paid).to.deep.equal([rent(1, 2027, 3)]);
    expect((await settleAt(vault, utc(2027, 3, 31))).paid).to.deep.equal([rent(2, 2027, 3)]);
    expect((await settleAt(vault, utc(2027, 4, 29))).paid).to.deep.equal([rent(0, 2027, 4)]);
    expect((await settleAt(vault, utc(2027, 4, 30))).paid).to.deep.equal([rent(1, 2027, 4), rent(2, 2027, 4)]);

    // Catch up to December 2027 in one call (months 5..11, each at most once per bucket)...
    const december = await settleAt(vault, utc(2027, 12, 28));
    expect(december.paid.length).to.equal(3 * 7);
    // ...then the 29th, 30th and 31st of December are three separate due dates.
    expect((await settleAt(vault, utc(2027, 12, 29))).paid).to.deep.equal([rent(0, 2027, 12)]);
    expect((await settleAt(vault, utc(2027, 12, 30))).paid).to.deep.equal([rent(1, 2027, 12)]);
    expect((await settleAt(vault, utc(2027, 12, 31))).paid).to.deep.equal([rent(2, 2027, 12)]);
    // January 2028 (month index + 1 across the year end).
    expect((await settleAt(vault, utc(2028, 1, 31))).paid).to.deep.equal(all(2028, 1));

    // February 2028 is a leap month: nothing on the 28th, all three on the 29th.
    expect((await settleAt(vault, utc(2028, 2, 28))).paid).to.deep.equal([]);
    expect((await settleAt(vault, utc(2028, 2, 29) - 1)).paid).to.deep.equal([]);
    expect((await settleAt(vault, utc(2028, 2, 29))).paid).to.deep.equal(all(2028, 2));
  });

  it("2100 is not a leap year: due days 29-31 fall on 28 February 2100; a settle on 1 March pays January and February", async function () {
    const s = await loadFixture(base);
    const vault = await vaultAt(s, utc(2100, 1, 15), [{ dueDay: 29 }, { dueDay: 30 }, { dueDay: 31 }], {
      bufferTarget: "10000",
      deposit: "10300",
    });
    expect((await vault.bucket(0)).nextDueAt).to.equal(BigInt(utc(2100, 1, 29)));
    await time.increaseTo(utc(2100, 2, 1));
    // Nothing was settled in January; by 1 February every January due date has passed.
    expect((await vault.bucket(2)).nextDueAt).to.equal(BigInt(utc(2100, 1, 31)));
    await time.setNextBlockTimestamp(utc(2100, 2, 27, 23));
    expect((await settleNow(vault)).paid).to.deep.equal([rent(0, 2100, 1), rent(1, 2100, 1), rent(2, 2100, 1)]);
    for (let i = 0; i < 3; i++) expect((await vault.bucket(i)).nextDueAt).to.equal(BigInt(utc(2100, 2, 28)));

    const march1 = await settleAt(vault, utc(2100, 3, 1));
    expect(march1.blockTime).to.equal(utc(2100, 3, 1));
    expect(march1.paid).to.deep.equal([rent(0, 2100, 2), rent(1, 2100, 2), rent(2, 2100, 2)]);
    expect(monthIndex(2100, 2)).to.equal(25201n);
  });

  it("decades ahead: 2090 pays on the right days with the right month indexes", async function () {
    const s = await loadFixture(base);
    const vault = await vaultAt(s, utc(2090, 6, 10, 9), [{ dueDay: 31 }, { dueDay: 1, creditor: s.creditors.energy }], {
      bufferTarget: "1000",
      deposit: "1200",
    });
    expect((await settleAt(vault, utc(2090, 6, 30))).paid).to.deep.equal([rent(0, 2090, 6)]);
    const july = await settleAt(vault, utc(2090, 7, 1));
    expect(july.paid).to.deep.equal([rent(1, 2090, 7)]);
    expect(july.paid[0].monthIndex).to.equal(BigInt(2090 * 12 + 6));
  });

  it("a year and two months without activity: 12 months per settle call, the next call continues", async function () {
    const s = await loadFixture(base);
    // 100 in the bucket and a buffer of 1400: enough for all 14 months, paid one by one.
    const vault = await vaultAt(s, utc(2027, 1, 10, 12), [{ dueDay: 1 }], { bufferTarget: "1400", deposit: "1500" });
    await time.increaseTo(utc(2028, 3, 15));

    const first = await settleNow(vault);
    const expectedFirst = [];
    for (let m = 2; m <= 13; m++) expectedFirst.push(rent(0, m <= 12 ? 2027 : 2028, m <= 12 ? m : m - 12));
    expect(first.paid).to.deep.equal(expectedFirst); // February 2027 .. January 2028
    expect((await vault.bucket(0)).paidThroughMonth).to.equal(monthIndex(2028, 1));

    const second = await settleNow(vault);
    expect(second.paid).to.deep.equal([rent(0, 2028, 2), rent(0, 2028, 3)]);
    expect((await settleNow(vault)).paid).to.deep.equal([]);
    expect(await s.token.balanceOf(s.creditors.landlord)).to.equal(EUR("1400"));
    expect((await vault.accounts()).buffer).to.equal(EUR("100"));
  });

  it("twelve idle weeks of living money: 5 weeks per release call, the next calls continue", async function () {
    const s = await loadFixture(base);
    const start = utc(2027, 1, 10, 12);
    const vault = await vaultAt(s, start, [{ dueDay: 1 }], { weekly: "100" });
    await time.increaseTo(utc(2027, 4, 5)); // 84.5 days: 12 weeks due, none released
    // The deposit (at 5 April 00:00:01) waits; allocate() in the next block splits it, in order: rent
    // for February, March and April, all due and unsettled (300); the 12 weeks already due (1200);
    // May's rent (100); and the weeks that fall due within 35 days: weeksElapsed(now + 35 days) =
    // floor(119.5 / 7) = 17, so 5 more (500).
    await expectIncomeReceived(vault.connect(s.accounts.svb).deposit(EUR("2100")), vault, Source.SVB, EUR("2100"));
    await expect(vault.allocate())
      .to.emit(vault, "Allocated")
      .withArgs(Source.Income, EUR("2100"), [EUR("400")], EUR("1700"), 0n, 0n, 0n);

    // The first release settles the three due rents before it pays living money.
    const first = vault.release();
    await expect(first).to.emit(vault, "LivingMoneyReleased").withArgs(5, EUR("500"));
    await expect(first).to.changeTokenBalances(
      s.token,
      [s.creditors.landlord, s.accounts.resident.address],
      [EUR("300"), EUR("500")],
    );
    await expect(vault.release()).to.emit(vault, "LivingMoneyReleased").withArgs(5, EUR("500"));
    await expect(vault.release()).to.emit(vault, "LivingMoneyReleased").withArgs(2, EUR("200"));
    await expect(vault.release()).not.to.emit(vault, "LivingMoneyReleased");
    const schedule = await vault.livingMoneySchedule();
    expect(schedule.weeksReleased).to.equal(12n);
    expect(schedule.nextReleaseAt).to.equal(BigInt(start + 13 * WEEK));
    expect(await s.token.balanceOf(s.accounts.resident.address)).to.equal(EUR("1200"));
    // Left: May's rent (100) and the five weeks ahead (500).
    expect((await vault.bucket(0)).balance).to.equal(EUR("100"));
    expect((await vault.accounts()).livingMoney).to.equal(EUR("500"));
    await expectConserved(s.token, vault);
  });
});
