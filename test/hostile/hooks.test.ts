import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { EuroToken } from "../../typechain-types";
import { Category, monthIndex, Source, utc } from "../helpers/fixtures";
import { eventArgs, expectConserved } from "../helpers/vault";
import { deployHostile, HostileSystem, leaveFreshChain } from "./hostileFixture";

/** Mirrors HostileAccount.Action. */
const Action = {
  None: 0,
  Revert: 1,
  BurnGas: 2,
  ReenterDeposit: 3,
  ReenterSettle: 4,
  ReenterRelease: 5,
  ReenterClaim: 6,
  ReenterAllocate: 7,
} as const;
type ReentryName = "ReenterDeposit" | "ReenterSettle" | "ReenterRelease" | "ReenterClaim" | "ReenterAllocate";
const REENTRIES: ReentryName[] = [
  "ReenterDeposit",
  "ReenterSettle",
  "ReenterRelease",
  "ReenterClaim",
  "ReenterAllocate",
];

// HookToken calls registered senders and recipients back (ERC-777 style). The landlord (bucket 0)
// and the resident are HostileAccount contracts; so is a registered payer (Work and Income).
async function fixture() {
  const s = await deployHostile({
    token: "HookToken",
    hostileCreditors: [0],
    hostileResident: true,
    hostilePayer: true,
  });
  // January income, split by the keeper's next call (allocate, in the next block): buckets 1070,
  // living money 500 (five weeks ahead), buffer 250, savings 180.
  await s.vault.connect(s.accounts.svb).deposit(s.eur("2000"));
  await s.vault.allocate();
  return s;
}

function guardError(s: HostileSystem): string {
  return s.vault.interface.encodeErrorResult("ReentrancyGuardReentrantCall", []);
}

const FEB = monthIndex(2027, 2);

describe("hostile token: ERC-777-style hooks", function () {
  after(leaveFreshChain);

  describe("a creditor whose receive hook re-enters the vault", function () {
    for (const name of REENTRIES) {
      it(`${name}: the guard stops it, the payment becomes claimable and the others are paid`, async function () {
        const s = await loadFixture(fixture);
        const landlord = s.hostileCreditors[0];
        const landlordAddress = await landlord.getAddress();
        await landlord.setAction(Action[name], s.vaultAddress, false); // the revert bubbles

        await time.increaseTo(utc(2027, 2, 1));
        const tx = s.vault.settle();
        // The month counts as paid for the bucket; the money waits in claimable for the landlord.
        await expect(tx).to.emit(s.vault, "CreditorPaid").withArgs(0, Category.Rent, FEB, s.eur("750"));
        await expect(tx).to.emit(s.vault, "PaymentDeferred").withArgs(landlordAddress, s.eur("750"));
        await expect(tx).to.emit(s.vault, "CreditorPaid").withArgs(2, Category.Insurance, FEB, s.eur("140"));
        await expect(tx).to.changeTokenBalances(
          s.token,
          [s.vaultAddress, landlordAddress, s.accounts.insurer.address, s.accounts.water.address],
          [-s.eur("170"), 0n, s.eur("140"), s.eur("30")],
        );
        expect(await s.vault.claimable(landlordAddress)).to.equal(s.eur("750"));
        expect((await s.vault.accounts()).claimable).to.equal(s.eur("750"));
        expect((await s.vault.bucket(0)).paidThroughMonth).to.equal(FEB);

        // Claiming while the hook still re-enters: the claim's transfer bubbles the guard's error.
        await expect(landlord.claim(s.vaultAddress)).to.be.revertedWithCustomError(
          s.vault,
          "ReentrancyGuardReentrantCall",
        );
        // Once it behaves, the landlord takes the full rent.
        await landlord.setAction(Action.None, s.vaultAddress, false);
        const claim = landlord.claim(s.vaultAddress);
        await expect(claim).to.emit(s.vault, "Claimed").withArgs(landlordAddress, s.eur("750"));
        await expect(claim).to.changeTokenBalances(
          s.token,
          [s.vaultAddress, landlordAddress],
          [-s.eur("750"), s.eur("750")],
        );
        expect((await s.vault.accounts()).claimable).to.equal(0n);
      });

      it(`${name}: caught inside the hook, the re-entrant call fails with ReentrancyGuardReentrantCall`, async function () {
        const s = await loadFixture(fixture);
        const landlord = s.hostileCreditors[0];
        const landlordAddress = await landlord.getAddress();
        await landlord.setAction(Action[name], s.vaultAddress, true); // swallow: record the revert

        await time.increaseTo(utc(2027, 2, 1));
        const tx = s.vault.settle();
        await expect(tx).not.to.emit(s.vault, "PaymentDeferred");
        await expect(tx).to.changeTokenBalances(
          s.token,
          [s.vaultAddress, landlordAddress],
          [-s.eur("920"), s.eur("750")],
        );
        expect(await landlord.lastError()).to.equal(guardError(s));
        expect(await landlord.hookCalls()).to.equal(1n);
        // Nothing else happened: no second settle, release, claim or allocation slipped through.
        expect((await s.vault.livingMoneySchedule()).weeksReleased).to.equal(0n);
        expect((await s.vault.accounts()).unallocated).to.equal(0n);
      });
    }
  });

  it("a resident whose hook re-enters settle: the living money becomes claimable, the week counts", async function () {
    const s = await loadFixture(fixture);
    const resident = s.hostileResident!;
    await resident.setAction(Action.ReenterSettle, s.vaultAddress, false);
    await time.increaseTo(utc(2027, 1, 17, 12)); // one week after the start
    const tx = s.vault.release();
    await expect(tx).to.emit(s.vault, "LivingMoneyReleased").withArgs(1, s.eur("100"));
    await expect(tx).to.emit(s.vault, "PaymentDeferred").withArgs(s.residentAddress, s.eur("100"));
    expect(await s.vault.claimable(s.residentAddress)).to.equal(s.eur("100"));
    expect((await s.vault.livingMoneySchedule()).weeksReleased).to.equal(1n);

    await resident.setAction(Action.None, s.vaultAddress, false);
    await expect(resident.claim(s.vaultAddress)).to.changeTokenBalances(
      s.token,
      [s.vaultAddress, s.residentAddress],
      [-s.eur("100"), s.eur("100")],
    );
    expect((await s.vault.accounts()).savings).to.equal(s.eur("180")); // never released
  });

  describe("a payer whose send hook re-enters deposit", function () {
    it("without catching: the whole deposit reverts with ReentrancyGuardReentrantCall", async function () {
      const s = await loadFixture(fixture);
      const payer = s.hostilePayer!;
      await payer.setAction(Action.ReenterDeposit, s.vaultAddress, false);
      const before = await s.token.balanceOf(s.vaultAddress);
      await expect(payer.deposit(s.vaultAddress, s.eur("500"))).to.be.revertedWithCustomError(
        s.vault,
        "ReentrancyGuardReentrantCall",
      );
      expect(await s.token.balanceOf(s.vaultAddress)).to.equal(before);
    });

    // The send hook runs inside deposit's transferFrom, before the tokens move. Deposit holds the
    // guard, so a re-entrant deposit (or allocate) is refused; and deposit itself splits nothing:
    // the 500 waits for the next keeper call, which splits it once.
    it("catching it: the outer deposit is received once, the inner one never happens; the next call splits it once", async function () {
      const s = await loadFixture(fixture);
      const payer = s.hostilePayer!;
      await payer.setAction(Action.ReenterDeposit, s.vaultAddress, true);
      const hookCallsBefore = await payer.hookCalls();
      const tx = payer.deposit(s.vaultAddress, s.eur("500"));
      await expect(tx).to.emit(s.vault, "IncomeReceived").withArgs(Source.WorkAndIncome, s.eur("500"));
      expect(await eventArgs(tx, s.vault, "IncomeReceived"), "one income, not two").to.have.length(1);
      await expect(tx).not.to.emit(s.vault, "Allocated");
      await expect(tx).to.changeTokenBalances(s.token, [s.vaultAddress], [s.eur("500")]);
      expect(await payer.lastError()).to.equal(guardError(s));
      expect(await payer.hookCalls(), "one send hook: the inner deposit moved no tokens").to.equal(
        hookCallsBefore + 1n,
      );
      const waiting = await s.vault.accounts();
      expect([waiting.unallocated, waiting.savings]).to.deep.equal([s.eur("500"), s.eur("180")]);

      // Every bucket, the five weeks of living money and the buffer are already full: all 500 is savings.
      await expect(s.vault.allocate())
        .to.emit(s.vault, "Allocated")
        .withArgs(Source.Income, s.eur("500"), [0n, 0n, 0n, 0n], 0n, 0n, 0n, s.eur("500"));
      expect((await s.vault.accounts()).savings).to.equal(s.eur("680"));
      await expectConserved(s.token as unknown as EuroToken, s.vault);
    });

    it("re-entering allocate from the send hook: the guard refuses it, and the deposit waits whole", async function () {
      const s = await loadFixture(fixture);
      const payer = s.hostilePayer!;
      await payer.setAction(Action.ReenterAllocate, s.vaultAddress, true);
      const tx = payer.deposit(s.vaultAddress, s.eur("500"));
      await expect(tx).to.emit(s.vault, "IncomeReceived").withArgs(Source.WorkAndIncome, s.eur("500"));
      await expect(tx).not.to.emit(s.vault, "Allocated");
      expect(await payer.lastError()).to.equal(guardError(s));
      expect((await s.vault.accounts()).unallocated).to.equal(s.eur("500"));
      await expectConserved(s.token as unknown as EuroToken, s.vault, s.eur("500"));

      await expect(s.vault.allocate())
        .to.emit(s.vault, "Allocated")
        .withArgs(Source.Income, s.eur("500"), [0n, 0n, 0n, 0n], 0n, 0n, 0n, s.eur("500"));
      await expect(s.vault.allocate()).to.be.revertedWithCustomError(s.vault, "HouseholdVaultNothingToAllocate");
      await expectConserved(s.token as unknown as EuroToken, s.vault);
    });

    it("re-entering settle from the send hook is stopped the same way", async function () {
      const s = await loadFixture(fixture);
      const payer = s.hostilePayer!;
      await payer.setAction(Action.ReenterSettle, s.vaultAddress, false);
      await expect(payer.deposit(s.vaultAddress, s.eur("500"))).to.be.revertedWithCustomError(
        s.vault,
        "ReentrancyGuardReentrantCall",
      );
    });
  });

  it("a creditor contract that reverts on receipt: its payment becomes claimable, the others are paid", async function () {
    const s = await loadFixture(fixture);
    const landlord = s.hostileCreditors[0];
    const landlordAddress = await landlord.getAddress();
    await landlord.setAction(Action.Revert, s.vaultAddress, false);
    await time.increaseTo(utc(2027, 2, 1));
    const tx = s.vault.settle();
    await expect(tx).to.emit(s.vault, "PaymentDeferred").withArgs(landlordAddress, s.eur("750"));
    await expect(tx).to.changeTokenBalances(
      s.token,
      [landlordAddress, s.accounts.insurer.address, s.accounts.water.address],
      [0n, s.eur("140"), s.eur("30")],
    );
    await expect(landlord.claim(s.vaultAddress)).to.be.revertedWithCustomError(landlord, "HostileAccountRefused");
    await landlord.setAction(Action.None, s.vaultAddress, false);
    await expect(landlord.claim(s.vaultAddress)).to.changeTokenBalances(
      s.token,
      [s.vaultAddress, landlordAddress],
      [-s.eur("750"), s.eur("750")],
    );
  });

  describe("a creditor contract that burns all the gas it is given", function () {
    before(function () {
      // Under solidity-coverage every burnt step is traced, which makes this slow. The vault's
      // branch (a failed transfer becomes claimable) is covered by the reverting creditor.
      if ((hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING) this.skip();
    });

    // The vault calls the token with at most PAYOUT_GAS = 100,000 gas; the hook burns what it is
    // given of that and the transfer fails, so the burner gets a claimable balance. The settle's
    // cost is bounded by PAYOUT_GAS plus the vault's own work, whatever the hook does (it used to
    // get 63/64 of all the gas left, so a keeper had to send about 6.2 million gas).
    it("the others are paid, the burner's payment becomes claimable, and the settle costs under 1M gas", async function () {
      const s = await loadFixture(fixture);
      const burner = s.hostileCreditors[0];
      const burnerAddress = await burner.getAddress();
      await burner.setAction(Action.BurnGas, s.vaultAddress, false);
      await time.increaseTo(utc(2027, 2, 5));
      const tx = s.vault.connect(s.accounts.keeper).settle({ gasLimit: 1_000_000 });
      await expect(tx).to.emit(s.vault, "PaymentDeferred").withArgs(burnerAddress, s.eur("750"));
      await expect(tx).to.changeTokenBalances(
        s.token,
        [
          s.vaultAddress,
          burnerAddress,
          s.accounts.energy.address,
          s.accounts.insurer.address,
          s.accounts.water.address,
        ],
        [-s.eur("320"), 0n, s.eur("150"), s.eur("140"), s.eur("30")],
      );
      const receipt = await (await tx).wait();
      expect(receipt!.gasUsed).to.be.lessThan(1_000_000n);
      expect(await burner.hookCalls()).to.equal(0n); // the burn was reverted with the failed transfer
      expect(await s.vault.claimable(burnerAddress)).to.equal(s.eur("750"));
      for (let i = 0; i < 3; i++) expect((await s.vault.bucket(i)).paidThroughMonth).to.equal(FEB);
      expect((await s.vault.bucket(3)).paidThroughMonth).to.equal(monthIndex(2027, 1)); // water: 20 January
    });

    it("with too little gas for the burner's full allowance the whole settle reverts and changes nothing", async function () {
      const s = await loadFixture(fixture);
      const burner = s.hostileCreditors[0];
      await burner.setAction(Action.BurnGas, s.vaultAddress, false);
      await time.increaseTo(utc(2027, 2, 5));
      const keeper = s.vault.connect(s.accounts.keeper);
      // The burner's transfer is the first payout; before it the vault needs
      // PAYOUT_GAS * 64 / 63 + 5,000 = 106,587 gas left, so 140,000 in all is too little.
      const needed = (100_000n * 64n) / 63n + 5_000n;
      await expect(keeper.settle({ gasLimit: 140_000 }))
        .to.be.revertedWithCustomError(s.vault, "HouseholdVaultInsufficientGas")
        .withArgs((left: bigint) => left < needed, needed);
      expect((await s.vault.bucket(0)).paidThroughMonth).to.equal(monthIndex(2027, 1));
      expect(await s.vault.claimable(await burner.getAddress())).to.equal(0n);
      expect(await s.token.balanceOf(s.accounts.energy.address)).to.equal(0n);

      await expect(keeper.settle({ gasLimit: 1_000_000 }))
        .to.emit(s.vault, "PaymentDeferred")
        .withArgs(await burner.getAddress(), s.eur("750"));
    });
  });
});
