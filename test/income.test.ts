import { expect } from "chai";
import { ethers } from "hardhat";
import { ContractTransactionResponse } from "ethers";
import { loadFixture, takeSnapshot, time } from "@nomicfoundation/hardhat-network-helpers";
import { EuroToken, HouseholdVault } from "../typechain-types";
import {
  Category,
  DAY,
  EXIT_NOTICE,
  Source,
  WEEK,
  defaultHousehold,
  fundedHousehold,
  monthIndex,
  utc,
} from "./helpers/fixtures";
import {
  Allocation,
  allocationTotal,
  allocationsOf,
  bucketBalances,
  createdAt,
  eventArgs,
  expectAllocated,
  expectConserved,
  expectIncomeReceived,
  previewOf,
  signPermit,
  stateOf,
} from "./helpers/vault";
import { deployHostile, leaveFreshChain } from "./hostile/hostileFixture";

// The income path, from the users' side: a payer's deposit only pulls the money and tags it
// (IncomeReceived); the money waits in the vault (accounts().unallocated) until the next keeper
// call, which splits everything waiting in one Allocated(Source.Income) by the usual waterfall at
// its own block time. The default household (helpers/fixtures.ts) starts on Sunday 10 January 2027
// at 12:00:01 UTC: rent 750 and insurance 140 due on the 1st, energy 150 on the 5th, water 30 on
// the 20th; 100 a week living money (weeks end on Sundays at 12:00:01); buffer target 250.

const MAX_AMOUNT = 2n ** 96n - 1n;
const HOUR = 3_600;

/** The default household (see above), with its vault's address. */
async function household() {
  const h = await defaultHousehold();
  return { ...h, vaultAddress: await h.vault.getAddress() };
}

/** The default household after January's income (SVB 2000 on the 10th, split at once). */
async function funded() {
  const h = await fundedHousehold();
  return { ...h, vaultAddress: await h.vault.getAddress() };
}

type Household = Awaited<ReturnType<typeof household>>;

/** The next transaction is mined at exactly `timestamp`. */
async function at(timestamp: number): Promise<void> {
  await time.setNextBlockTimestamp(timestamp);
}

/** Everyone money can go to: the four creditors, the resident and the treasury. */
function payees(h: Household): string[] {
  return [h.landlord, h.energy, h.insurer, h.water, h.resident, h.treasury].map((a) => a.address);
}

/** The whole end state: vault balance, buckets, accounts, schedule, plan state and every payee's balance. */
async function endState(h: Household) {
  return stateOf(h.token, h.vault, payees(h));
}

/** The daily keeper (the factory's batch: settle, then release) at exactly `timestamp`; no call may fail. */
async function keeperRun(h: Household, timestamp: number): Promise<ContractTransactionResponse> {
  await at(timestamp);
  const tx = await h.factory.connect(h.keeper).settleAndReleaseMany([await h.vault.getAddress()]);
  expect(await eventArgs(tx, h.factory, "KeeperCallFailed"), "keeper calls that failed").to.deep.equal([]);
  return tx;
}

/** The daily keeper at 00:00 UTC on every day from `first` to `last` (both 00:00 timestamps). */
async function dailyKeeper(h: Household, first: number, last: number): Promise<void> {
  for (let t = first; t <= last; t += DAY) await keeperRun(h, t);
}

/** The vault's events named `names` from block `fromBlock` on, in order, as [name, ...args]. */
async function vaultEvents(vault: HouseholdVault, fromBlock: number, names: string[]): Promise<unknown[][]> {
  const logs = await ethers.provider.getLogs({ address: await vault.getAddress(), fromBlock, toBlock: "latest" });
  const out: unknown[][] = [];
  for (const log of logs) {
    const parsed = vault.interface.parseLog(log);
    if (parsed && names.includes(parsed.name)) out.push([parsed.name, ...parsed.args.toArray(true)]);
  }
  return out;
}

/** The one Allocated event `tx` emitted from the vault (fails if there is not exactly one). */
async function onlyAllocation(tx: ContractTransactionResponse, vault: HouseholdVault): Promise<Allocation> {
  const all = await allocationsOf(tx, vault);
  expect(all, "exactly one Allocated event").to.have.length(1);
  expect(allocationTotal(all[0]), "parts add up to the amount").to.equal(all[0].amount);
  return all[0];
}

describe("the income path: deposit now, split at the next keeper call", function () {
  describe("a deposit", function () {
    it("is tagged with its payer's source and waits unsplit: no bucket, living money, buffer or savings changes", async function () {
      const h = await household();
      const { vault, token, factory, eur, svb, toeslagen, wi, keeper, vaultAddress } = h;
      await factory.registerPayer(keeper.address, Source.OtherPayer);
      await token.mint(keeper.address, eur("100"));
      await token.connect(keeper).approve(vaultAddress, ethers.MaxUint256);

      const deposits = [
        [svb, Source.SVB, eur("295.07")],
        [toeslagen, Source.Toeslagen, eur("129")],
        [wi, Source.WorkAndIncome, eur("1300.61")],
        [keeper, Source.OtherPayer, eur("40")],
      ] as const;
      let waiting = 0n;
      for (const [payer, source, amount] of deposits) {
        const before = await stateOf(token, vault);
        const tx = vault.connect(payer).deposit(amount);
        await expect(tx).to.changeTokenBalances(token, [payer, vaultAddress], [-amount, amount]);
        await expectIncomeReceived(tx, vault, source, amount); // and no Allocated
        waiting += amount;
        // Only the vault's balance and the income waiting change.
        expect(await stateOf(token, vault)).to.deep.equal({
          ...before,
          vaultBalance: before.vaultBalance + amount,
          accounts: { ...before.accounts, unallocated: waiting },
        });
        await expectConserved(token, vault, waiting);
      }
      expect(await bucketBalances(vault)).to.deep.equal([0n, 0n, 0n, 0n]);
    });

    it("pays nothing out, even when rent is due and the buckets hold it", async function () {
      const h = await funded(); // February's fixed costs sit in the buckets
      const { vault, token, eur, wi, vaultAddress } = h;
      await at(utc(2027, 2, 2)); // rent and insurance fell due yesterday; no keeper has settled them
      const before = await stateOf(token, vault, payees(h));
      const tx = vault.connect(wi).deposit(eur("1300"));
      await expect(tx).to.changeTokenBalances(
        token,
        [wi, vaultAddress, ...payees(h)],
        [-eur("1300"), eur("1300"), 0n, 0n, 0n, 0n, 0n, 0n],
      );
      await expectIncomeReceived(tx, vault, Source.WorkAndIncome, eur("1300"));
      await expect(tx).not.to.emit(vault, "CreditorPaid");
      await expect(tx).not.to.emit(vault, "PaymentMissed");
      expect(await stateOf(token, vault, payees(h))).to.deep.equal({
        ...before,
        vaultBalance: before.vaultBalance + eur("1300"),
        accounts: { ...before.accounts, unallocated: eur("1300") },
      });
      await expectConserved(token, vault, eur("1300"));
    });
  });

  describe("refusals: each names its reason, and nothing changes", function () {
    it("refuses an unregistered or removed payer, a zero amount and an amount above MAX_AMOUNT", async function () {
      const { vault, token, factory, eur, svb, wi, stranger, vaultAddress } = await household();
      // Each payer holds the tokens and the allowance, so only the vault's own checks can refuse.
      await token.mint(stranger.address, eur("100"));
      await token.connect(stranger).approve(vaultAddress, ethers.MaxUint256);
      await token.mint(wi.address, MAX_AMOUNT + 1n);
      const holders = [vaultAddress, svb.address, wi.address, stranger.address];
      const before = await stateOf(token, vault, holders);

      await expect(vault.connect(stranger).deposit(eur("100")))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultUnknownPayer")
        .withArgs(stranger.address);
      // A valid permit does not let an unknown payer in either (and is undone with the deposit).
      const deadline = (await time.latest()) + HOUR;
      const permit = await signPermit(token, stranger, vaultAddress, eur("100"), deadline);
      await expect(vault.connect(stranger).depositWithPermit(eur("100"), deadline, permit.v, permit.r, permit.s))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultUnknownPayer")
        .withArgs(stranger.address);
      expect(await token.nonces(stranger.address)).to.equal(0n);

      await expect(vault.connect(wi).deposit(0)).to.be.revertedWithCustomError(vault, "HouseholdVaultZeroAmount");
      await expect(vault.connect(wi).deposit(MAX_AMOUNT + 1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultAmountTooLarge")
        .withArgs(MAX_AMOUNT + 1n, MAX_AMOUNT);

      await factory.removePayer(svb.address);
      await expect(vault.connect(svb).deposit(eur("100")))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultUnknownPayer")
        .withArgs(svb.address);
      expect(await stateOf(token, vault, holders)).to.deep.equal(before);

      // The ceiling itself is accepted: it waits like any other deposit.
      await expectIncomeReceived(vault.connect(wi).deposit(MAX_AMOUNT), vault, Source.WorkAndIncome, MAX_AMOUNT);
      await expectConserved(token, vault, MAX_AMOUNT);
    });

    it("refuses a deposit into a closed vault", async function () {
      const { vault, token, eur, svb, resident, vaultAddress } = await household();
      await vault.connect(resident).requestExit();
      await time.increase(EXIT_NOTICE);
      await vault.close();
      const holders = [vaultAddress, svb.address];
      const before = await stateOf(token, vault, holders);
      await expect(vault.connect(svb).deposit(eur("100"))).to.be.revertedWithCustomError(
        vault,
        "HouseholdVaultIsClosed",
      );
      const deadline = (await time.latest()) + HOUR;
      const permit = await signPermit(token, svb, vaultAddress, eur("100"), deadline);
      await expect(
        vault.connect(svb).depositWithPermit(eur("100"), deadline, permit.v, permit.r, permit.s),
      ).to.be.revertedWithCustomError(vault, "HouseholdVaultIsClosed");
      expect(await stateOf(token, vault, holders)).to.deep.equal(before);
    });

    it("takes a deposit into a paused vault: the money arrives and waits, nothing leaves", async function () {
      const h = await funded();
      const { vault, token, eur, wi, admin, vaultAddress } = h;
      await vault.connect(admin).pause();
      await at(utc(2027, 2, 2)); // February's rent and insurance are due
      const before = await stateOf(token, vault, payees(h));
      const tx = vault.connect(wi).deposit(eur("1300"));
      await expect(tx).to.changeTokenBalances(
        token,
        [wi, vaultAddress, ...payees(h)],
        [-eur("1300"), eur("1300"), 0n, 0n, 0n, 0n, 0n, 0n],
      );
      await expectIncomeReceived(tx, vault, Source.WorkAndIncome, eur("1300"));
      expect(await stateOf(token, vault, payees(h))).to.deep.equal({
        ...before,
        vaultBalance: before.vaultBalance + eur("1300"),
        accounts: { ...before.accounts, unallocated: eur("1300") },
      });
      await expect(vault.settle()).to.be.revertedWithCustomError(vault, "HouseholdVaultIsPaused");
      await expectConserved(token, vault, eur("1300"));
    });

    describe("with a token that takes a fee on transfer", function () {
      after(leaveFreshChain);

      it("refuses the deposit, naming the amount asked and the amount that arrived", async function () {
        const { vault, vaultAddress, token, eur, accounts } = await loadFixture(fotFixture);
        const euro = token as unknown as EuroToken; // stateOf reads balanceOf only
        const holders = [vaultAddress, accounts.svb.address];
        const before = await stateOf(euro, vault, holders);
        // 1 % is burnt on the way: 990 of 1000 would arrive.
        await expect(vault.connect(accounts.svb).deposit(eur("1000")))
          .to.be.revertedWithCustomError(vault, "HouseholdVaultTransferAmountMismatch")
          .withArgs(eur("1000"), eur("990"));
        expect(await stateOf(euro, vault, holders)).to.deep.equal(before);
      });
    });
  });

  describe("previewAllocation()", function () {
    /**
     * Mines a block at `t`, reads the preview (an eth_call at "latest" runs at that block's time),
     * then makes the keeper call in the next block, at t + 1 s: no due date or week boundary lies
     * in (t, t + 1] in the cases below, so the two must agree field by field.
     */
    async function previewThenCall(
      vault: HouseholdVault,
      t: number,
      call: "allocate" | "settle" | "release",
    ): Promise<{ preview: Allocation; tx: ContractTransactionResponse }> {
      await time.increaseTo(t);
      const preview = await previewOf(vault);
      expect(preview.amount, "the preview covers everything waiting").to.equal((await vault.accounts()).unallocated);
      expect(allocationTotal(preview), "the preview's parts add up").to.equal(preview.amount);
      await at(t + 1);
      const tx = await vault[call]();
      return { preview, tx };
    }

    it("is the next allocate()'s Allocated event when nothing is due yet", async function () {
      const { vault, token, eur, svb } = await household();
      await vault.connect(svb).deposit(eur("1000"));
      const { preview, tx } = await previewThenCall(vault, utc(2027, 1, 15, 10), "allocate");
      expect(preview.toBuckets).to.deep.equal([eur("750"), eur("150"), eur("100"), 0n]); // priority order
      await expectAllocated(tx, vault, preview);
      await expectConserved(token, vault);
    });

    it("is the next settle()'s Allocated event with arrears and living money already due", async function () {
      const { vault, token, eur, svb } = await household();
      await at(utc(2027, 2, 2));
      await vault.settle(); // February's rent and insurance and January's water become arrears
      await at(utc(2027, 2, 3, 9));
      await vault.connect(svb).deposit(eur("1500"));
      const { preview, tx } = await previewThenCall(vault, utc(2027, 2, 3, 10), "settle");
      // Arrears first (750 + 140 + 30), then the three weeks already due (300), then March's rent.
      expect(preview.toBuckets).to.deep.equal([eur("1030"), 0n, eur("140"), eur("30")]);
      expect(preview.toLivingMoney).to.equal(eur("300"));
      await expectAllocated(tx, vault, preview);
      await expect(tx).to.emit(vault, "ArrearsPaid").withArgs(0, Category.Rent, eur("750"));
      await expectConserved(token, vault);
    });

    it("is the next release()'s Allocated event with an advance to repay, a buffer to fill and savings", async function () {
      const { vault, token, eur, svb, admin } = await household();
      await vault.connect(admin).advance(eur("1000")); // rent, energy and 100 of insurance
      await vault.connect(svb).deposit(eur("2700"));
      const { preview, tx } = await previewThenCall(vault, utc(2027, 1, 12, 8), "release");
      // 2700 = 70 for the buckets + 500 living money + 1000 repayment + 250 buffer + 880 savings.
      expect(preview).to.deep.equal({
        source: Source.Income,
        amount: eur("2700"),
        toBuckets: [0n, 0n, eur("40"), eur("30")],
        toLivingMoney: eur("500"),
        toAdvanceRepayment: eur("1000"),
        toBuffer: eur("250"),
        toSavings: eur("880"),
      });
      await expectAllocated(tx, vault, preview);
      await expectConserved(token, vault);
    });

    it("answers for the block it runs in: a due date between the preview and the call changes the split", async function () {
      const { vault, eur, svb } = await household();
      await vault.connect(svb).deposit(eur("1000"));
      const due = utc(2027, 2, 1); // rent and insurance for February
      await time.increaseTo(due - 1);
      // At "latest" (the block at due − 1 s): only January's water (20th) is due, then the three
      // weeks already due, then rent's next payment with the rest.
      const before = await previewOf(vault);
      expect(before.toBuckets).to.deep.equal([eur("670"), 0n, 0n, eur("30")]);
      expect(before.toLivingMoney).to.equal(eur("300"));
      // At "pending" (the next block, set to the due date): February's rent and insurance are due too
      // and come first (920), before the weeks already due, which get the last 80.
      await at(due);
      const pending = await previewOf(vault, "pending");
      expect(pending.toBuckets).to.deep.equal([eur("750"), 0n, eur("140"), eur("30")]);
      expect(pending.toLivingMoney).to.equal(eur("80"));
      // The keeper call runs in that next block: it splits as the pending preview said.
      await expectAllocated(vault.allocate(), vault, pending);
    });

    it("splits two deposits from different payers and a plain transfer together, in one Allocated(Income, sum)", async function () {
      const { vault, token, eur, svb, wi, admin, landlord, water, vaultAddress } = await household();
      await expectIncomeReceived(vault.connect(svb).deposit(eur("600")), vault, Source.SVB, eur("600"));
      await expectIncomeReceived(vault.connect(wi).deposit(eur("700")), vault, Source.WorkAndIncome, eur("700"));
      await token.connect(admin).transfer(vaultAddress, eur("250")); // no payer tag: it just arrives
      const sum = eur("1550");
      await expectConserved(token, vault, sum);

      const { preview, tx } = await previewThenCall(vault, utc(2027, 1, 28, 10), "settle");
      expect(preview.amount).to.equal(sum);
      await expectAllocated(tx, vault, preview); // exactly one event, parts add up to the sum
      // The settle then pays what is due: January's water (the 20th), from the split; rent is not due yet.
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, water, landlord], [-eur("30"), eur("30"), 0n]);
      await expectConserved(token, vault);
    });

    it("shows nothing on a closed vault, even when tokens arrive", async function () {
      const { vault, token, eur, admin, resident, vaultAddress } = await household();
      await vault.connect(resident).requestExit();
      await time.increase(EXIT_NOTICE);
      await vault.close();
      await token.connect(admin).transfer(vaultAddress, eur("25"));
      expect((await vault.accounts()).unallocated).to.equal(eur("25")); // for sweep(), not for a split
      expect((await previewOf(vault)).amount).to.equal(0n);
    });
  });

  describe("metamorphic: the split does not depend on how the money waited", function () {
    const starts: Array<[string, () => Promise<Household>]> = [
      ["an empty household", household],
      ["a household funded in January", funded],
    ];
    const moments = [
      { label: "mid-January, nothing due", depositAt: utc(2027, 1, 14, 8), keeperAt: utc(2027, 1, 14, 9) },
      { label: "1 February, rent and insurance due", depositAt: utc(2027, 1, 31, 10), keeperAt: utc(2027, 2, 1, 6) },
      { label: "8 February, four weeks due", depositAt: utc(2027, 2, 7, 20), keeperAt: utc(2027, 2, 8, 6) },
    ];

    for (const [startLabel, start] of starts) {
      for (const m of moments) {
        for (const call of ["settle", "release"] as const) {
          it(`(a) deposit, allocate, ${call} ends as deposit, ${call}: ${startLabel}, ${m.label}`, async function () {
            const h = await start();
            const { vault, eur, wi } = h;
            const amount = eur("1650");
            await at(m.depositAt);
            await vault.connect(wi).deposit(amount);
            const snapshot = await takeSnapshot();

            // Arm A: allocate() at the keeper's time, then the keeper call one second later.
            await at(m.keeperAt);
            const split = await onlyAllocation(await vault.allocate(), vault);
            await at(m.keeperAt + 1);
            const callA = await vault[call]();
            expect(await allocationsOf(callA, vault), "nothing left to split").to.deep.equal([]);
            const a = await endState(h);

            // Arm B: only the keeper call, at the same time; it splits first.
            await snapshot.restore();
            await at(m.keeperAt + 1);
            const callB = await vault[call]();
            expect(await onlyAllocation(callB, vault)).to.deep.equal(split);
            expect(split.amount).to.equal(amount);
            expect(await endState(h)).to.deep.equal(a);
            expect(a.accounts.unallocated).to.equal(0n);
          });
        }
      }
    }

    const days = [
      { label: "28 January, keeper on the 29th", day: utc(2027, 1, 28), keeperAt: utc(2027, 1, 29) },
      { label: "31 January, keeper on the 1st", day: utc(2027, 1, 31), keeperAt: utc(2027, 2, 1) },
      { label: "7 February (a week ends at noon), keeper on the 8th", day: utc(2027, 2, 7), keeperAt: utc(2027, 2, 8) },
    ];
    for (const [startLabel, start] of starts) {
      for (const d of days) {
        it(`(b) one deposit of X + Y ends as deposits of X and Y on the same day: ${startLabel}, ${d.label}`, async function () {
          const h = await start();
          const { vault, token, eur, svb, wi } = h;
          const [x, y] = [eur("900"), eur("650")];
          const payersBefore = (await token.balanceOf(svb.address)) + (await token.balanceOf(wi.address));
          const snapshot = await takeSnapshot();

          // Arm A: one deposit of X + Y in the morning.
          await at(d.day + 9 * HOUR);
          await expectIncomeReceived(vault.connect(svb).deposit(x + y), vault, Source.SVB, x + y);
          const splitA = await onlyAllocation(await keeperRun(h, d.keeperAt), vault);
          const a = await endState(h);
          const paidInA = payersBefore - (await token.balanceOf(svb.address)) - (await token.balanceOf(wi.address));

          // Arm B: X in the morning from one payer, Y in the afternoon from another.
          await snapshot.restore();
          await at(d.day + 9 * HOUR);
          await expectIncomeReceived(vault.connect(svb).deposit(x), vault, Source.SVB, x);
          await at(d.day + 15 * HOUR);
          await expectIncomeReceived(vault.connect(wi).deposit(y), vault, Source.WorkAndIncome, y);
          const splitB = await onlyAllocation(await keeperRun(h, d.keeperAt), vault);
          const paidInB = payersBefore - (await token.balanceOf(svb.address)) - (await token.balanceOf(wi.address));

          expect(splitB).to.deep.equal(splitA);
          expect(splitA.amount).to.equal(x + y);
          expect(paidInB).to.equal(paidInA);
          expect(await endState(h)).to.deep.equal(a);
        });
      }
    }

    it("(c) a deposit on the 28th split by the keeper on the 29th ends as one allocated on the 28th, after the 1st's settle", async function () {
      const h = await funded();
      const { vault, wi, eur } = h;
      // A daily keeper at 00:00 through 28 January. No due date or week boundary lies between the
      // deposit (28 January, 10:00) and the next keeper call (29 January, 00:00).
      await dailyKeeper(h, utc(2027, 1, 11), utc(2027, 1, 28));
      const amount = eur("1329");
      const snapshot = await takeSnapshot();

      // Arm A: the deposit waits for the keeper on the 29th.
      await at(utc(2027, 1, 28, 10));
      await vault.connect(wi).deposit(amount);
      expect((await vault.accounts()).unallocated).to.equal(amount);
      const splitA = await onlyAllocation(await keeperRun(h, utc(2027, 1, 29)), vault);
      await dailyKeeper(h, utc(2027, 1, 30), utc(2027, 2, 1));
      const a = await endState(h);

      // Arm B: allocate() right after the deposit, on the 28th; the same daily keeper.
      await snapshot.restore();
      await at(utc(2027, 1, 28, 10));
      await vault.connect(wi).deposit(amount);
      await at(utc(2027, 1, 28, 10) + 1);
      const splitB = await onlyAllocation(await vault.allocate(), vault);
      await dailyKeeper(h, utc(2027, 1, 29), utc(2027, 2, 1));

      expect(splitA).to.deep.equal(splitB);
      expect(splitA.amount).to.equal(amount);
      expect(await endState(h)).to.deep.equal(a);
      // The 1st's settle ran in both: February's rent and insurance are paid.
      const [rent, insurance] = [await vault.bucket(0), await vault.bucket(2)];
      expect([rent.paidThroughMonth, rent.arrears, insurance.paidThroughMonth, insurance.arrears]).to.deep.equal([
        monthIndex(2027, 2),
        0n,
        monthIndex(2027, 2),
        0n,
      ]);
    });
  });

  describe("a user's story", function () {
    it("W&I pays on the 28th, the keeper is down on the 1st and 2nd: on the 3rd the income is split and the 1st's rent paid in full", async function () {
      const h = await funded(); // January: SVB 2000 on the 10th, split at once
      const { vault, token, factory, eur, wi, toeslagen, landlord, resident } = h;
      const start = await createdAt(factory, vault);
      const fromBlock = (await ethers.provider.getBlockNumber()) - 1; // the January deposit and its split
      const residentBefore = await token.balanceOf(resident.address);
      const landlordBefore = await token.balanceOf(landlord.address);

      // A daily keeper at 00:00 from 11 January through 28 February; Toeslagen pays its advance for
      // March on the 20th; W&I pays the resident's bijstand on the 28th, after that day's keeper run.
      await dailyKeeper(h, utc(2027, 1, 11), utc(2027, 2, 20));
      await at(utc(2027, 2, 20, 10));
      await vault.connect(toeslagen).deposit(eur("700"));
      await dailyKeeper(h, utc(2027, 2, 21), utc(2027, 2, 28));
      const income = eur("1329");
      await at(utc(2027, 2, 28, 10));
      const paidIn = vault.connect(wi).deposit(income);
      await expectIncomeReceived(paidIn, vault, Source.WorkAndIncome, income);

      // The keeper is down on 1 and 2 March. On the 3rd its settle splits the waiting income first,
      // then pays March's rent (due on the 1st) in full, from the split and nothing else.
      expect((await vault.accounts()).unallocated).to.equal(income);
      const third = await keeperRun(h, utc(2027, 3, 3));
      const split = await onlyAllocation(third, vault);
      expect([split.source, split.amount]).to.deep.equal([Source.Income, income]);
      const paid = await eventArgs(third, vault, "CreditorPaid");
      expect(paid).to.deep.include.members([[0n, BigInt(Category.Rent), monthIndex(2027, 3), eur("750")]]);
      expect(await eventArgs(third, vault, "PaymentMissed")).to.deep.equal([]);
      expect(await eventArgs(third, vault, "BufferUsed")).to.deep.equal([]);
      expect(await eventArgs(third, vault, "SavingsUsed")).to.deep.equal([]);
      const vaultAddress = await vault.getAddress();
      const names = (await third.wait())!.logs
        .filter((l) => l.address === vaultAddress)
        .map((l) => vault.interface.parseLog(l)?.name);
      expect(names.indexOf("Allocated"), "split before any payment").to.be.lessThan(names.indexOf("CreditorPaid"));
      await dailyKeeper(h, utc(2027, 3, 4), utc(2027, 3, 8));

      // The household book: each income tagged by its payer, then one split of it, in that order.
      expect(
        await vaultEvents(vault, fromBlock, ["IncomeReceived", "Allocated"]).then((e) => e.map((x) => x.slice(0, 3))),
      ).to.deep.equal([
        ["IncomeReceived", BigInt(Source.SVB), eur("2000")],
        ["Allocated", BigInt(Source.Income), eur("2000")],
        ["IncomeReceived", BigInt(Source.Toeslagen), eur("700")],
        ["Allocated", BigInt(Source.Income), eur("700")],
        ["IncomeReceived", BigInt(Source.WorkAndIncome), income],
        ["Allocated", BigInt(Source.Income), income],
      ]);

      // Living money: every week that has ended was paid, each the same 100, never short.
      const weeksEnded = Math.floor((utc(2027, 3, 8) - start) / WEEK);
      const released = await vaultEvents(vault, fromBlock, ["LivingMoneyReleased", "LivingMoneyShort"]);
      expect(released).to.deep.equal(Array.from({ length: weeksEnded }, () => ["LivingMoneyReleased", 1n, eur("100")]));
      expect((await token.balanceOf(resident.address)) - residentBefore).to.equal(eur("100") * BigInt(weeksEnded));
      // Rent: February and March, each in full, nothing missed.
      expect((await token.balanceOf(landlord.address)) - landlordBefore).to.equal(eur("1500"));
      expect(await vaultEvents(vault, fromBlock, ["PaymentMissed"])).to.deep.equal([]);
    });
  });

  describe("calls that split the waiting income first", function () {
    it("withdrawSavings(): the surplus of income still waiting can be withdrawn in the same call", async function () {
      const { vault, token, eur, svb, resident, vaultAddress } = await funded(); // savings 180
      await vault.connect(svb).deposit(eur("500"));
      const savings = (await vault.accounts()).savings;
      const preview = await previewOf(vault);
      // January's buckets, five weeks and the buffer are full: all 500 would become savings.
      expect(preview.toSavings).to.equal(eur("500"));
      const all = savings + preview.toSavings;

      // The check counts the split: one unit more than savings + 500 is refused, naming savings + 500.
      const holders = [vaultAddress, resident.address];
      const before = await stateOf(token, vault, holders);
      await expect(vault.connect(resident).withdrawSavings(all + 1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultInsufficientSavings")
        .withArgs(all + 1n, all);
      expect(await stateOf(token, vault, holders)).to.deep.equal(before); // the income still waits

      const tx = vault.connect(resident).withdrawSavings(all);
      await expect(tx).to.changeTokenBalances(token, [vaultAddress, resident], [-all, all]);
      await expectAllocated(tx, vault, preview);
      await expect(tx).to.emit(vault, "SavingsWithdrawn").withArgs(all);
      expect((await vault.accounts()).savings).to.equal(0n);
      await expectConserved(token, vault);
    });

    it("advance(): the waiting income pays first, and the need check counts what it covers", async function () {
      const { vault, token, eur, svb, admin, vaultAddress } = await household();
      await vault.connect(svb).deposit(eur("600"));
      // The buckets' next payments need 1070; the 600 waiting goes to rent first, so 470 is left.
      const preview = await previewOf(vault);
      expect(preview.toBuckets).to.deep.equal([eur("600"), 0n, 0n, 0n]);
      const need = eur("1070") - eur("600");

      const holders = [vaultAddress, admin.address];
      const before = await stateOf(token, vault, holders);
      await expect(vault.connect(admin).advance(need + 1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultAdvanceExceedsNeed")
        .withArgs(need + 1n, need);
      expect(await stateOf(token, vault, holders)).to.deep.equal(before);

      const tx = await vault.connect(admin).advance(need);
      await expect(tx).to.changeTokenBalances(token, [admin, vaultAddress], [-need, need]);
      await expect(tx).to.emit(vault, "AdvanceReceived").withArgs(need, need);
      // First the waiting income, then the advance for exactly what is still short.
      expect(await allocationsOf(tx, vault)).to.deep.equal([
        preview,
        {
          source: Source.MunicipalAdvance,
          amount: need,
          toBuckets: [eur("150"), eur("150"), eur("140"), eur("30")],
          toLivingMoney: 0n,
          toAdvanceRepayment: 0n,
          toBuffer: 0n,
          toSavings: 0n,
        },
      ]);
      expect(await bucketBalances(vault)).to.deep.equal([eur("750"), eur("150"), eur("140"), eur("30")]);
      expect((await vault.accounts()).advanceOutstanding).to.equal(need);
      await expectConserved(token, vault);
    });

    it("advance(): nothing is advanced when the waiting income already covers the need", async function () {
      const { vault, token, eur, svb, admin, vaultAddress } = await household();
      await vault.connect(svb).deposit(eur("2000"));
      const before = await stateOf(token, vault, [vaultAddress, admin.address]);
      // Without the split the buckets would need 1070; with it, nothing.
      await expect(vault.connect(admin).advance(1n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultAdvanceExceedsNeed")
        .withArgs(1n, 0n);
      expect(await stateOf(token, vault, [vaultAddress, admin.address])).to.deep.equal(before);
    });
  });
});

const fotFixture = () => deployHostile({ token: "FeeOnTransferToken" });
