import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Category, DAY, EXIT_NOTICE, monthIndex, Source, utc, WEEK } from "../helpers/fixtures";
import { deployHostile, leaveFreshChain, START } from "./hostileFixture";

// RevertOnZeroToken reverts any transfer of 0. A zero payout attempted through the vault's
// trySafeTransfer would not revert the call but show up as PaymentDeferred(payee, 0); one through
// safeTransfer(From) would revert the call. So "succeeds, no PaymentDeferred, no Transfer" proves
// that no zero-amount transfer was attempted.
const fixture = () => deployHostile({ token: "RevertOnZeroToken" });

describe("hostile token: reverts on a zero amount", function () {
  after(leaveFreshChain);

  it("deposit(0) is refused by the vault before the token is called", async function () {
    const s = await loadFixture(fixture);
    await expect(s.vault.connect(s.accounts.svb).deposit(0)).to.be.revertedWithCustomError(
      s.vault,
      "HouseholdVaultZeroAmount",
    );
  });

  it("settle and release with nothing due move nothing", async function () {
    const s = await loadFixture(fixture);
    for (const call of [s.vault.settle(), s.vault.release()]) {
      await expect(call).not.to.emit(s.token as never, "Transfer");
      await expect(call).not.to.emit(s.vault, "PaymentDeferred");
    }
  });

  it("a missed payment and a short week transfer nothing", async function () {
    const s = await loadFixture(fixture);
    await time.increaseTo(START + WEEK);
    const release = s.vault.release();
    await expect(release).to.emit(s.vault, "LivingMoneyShort").withArgs(1);
    await expect(release).not.to.emit(s.token as never, "Transfer");
    await expect(release).not.to.emit(s.vault, "PaymentDeferred");

    await time.increaseTo(utc(2027, 1, 20));
    const settle = s.vault.settle();
    await expect(settle)
      .to.emit(s.vault, "PaymentMissed")
      .withArgs(3, Category.Water, monthIndex(2027, 1), s.eur("30"));
    await expect(settle).not.to.emit(s.token as never, "Transfer");
    await expect(settle).not.to.emit(s.vault, "PaymentDeferred");
  });

  it("a partly funded month pays the funded buckets and skips the empty ones", async function () {
    const s = await loadFixture(fixture);
    // 800, split by the keeper's next call (allocate, in the next block), fills rent (750) and a
    // third of energy (50); insurance and water get nothing.
    await s.vault.connect(s.accounts.svb).deposit(s.eur("800"));
    await expect(s.vault.allocate())
      .to.emit(s.vault, "Allocated")
      .withArgs(Source.Income, s.eur("800"), [s.eur("750"), s.eur("50"), 0n, 0n], 0n, 0n, 0n, 0n);
    await time.increaseTo(utc(2027, 2, 1));
    const settle = s.vault.settle();
    await expect(settle).to.emit(s.vault, "CreditorPaid").withArgs(0, Category.Rent, monthIndex(2027, 2), s.eur("750"));
    await expect(settle)
      .to.emit(s.vault, "PaymentMissed")
      .withArgs(2, Category.Insurance, monthIndex(2027, 2), s.eur("140"));
    await expect(settle)
      .to.emit(s.vault, "PaymentMissed")
      .withArgs(3, Category.Water, monthIndex(2027, 1), s.eur("30"));
    await expect(settle).not.to.emit(s.vault, "PaymentDeferred");
    await expect(settle).to.changeTokenBalances(
      s.token,
      [s.accounts.landlord.address, s.accounts.insurer.address, s.accounts.water.address],
      [s.eur("750"), 0n, 0n],
    );
    // No weeks are covered (living money got nothing): the release transfers nothing.
    const release = s.vault.release();
    await expect(release).to.emit(s.vault, "LivingMoneyShort").withArgs(3);
    await expect(release).not.to.emit(s.vault, "PaymentDeferred");
  });

  it("claim and sweep with nothing refuse instead of sending zero", async function () {
    const s = await loadFixture(fixture);
    await expect(s.vault.connect(s.accounts.landlord).claim())
      .to.be.revertedWithCustomError(s.vault, "HouseholdVaultNothingToClaim")
      .withArgs(s.accounts.landlord.address);
    await expect(s.vault.sweep()).to.be.revertedWithCustomError(s.vault, "HouseholdVaultNotClosed");
  });

  it("closing an empty vault sends nothing", async function () {
    const s = await loadFixture(fixture);
    await s.vault.connect(s.accounts.resident).requestExit();
    await time.increaseTo(START + EXIT_NOTICE + DAY);
    const close = s.vault.close();
    // Every bill due by then is missed; there is no advance and nothing to give back.
    await expect(close).to.emit(s.vault, "VaultClosed").withArgs(0n, 0n);
    await expect(close).not.to.emit(s.token as never, "Transfer");
    await expect(close).not.to.emit(s.vault, "PaymentDeferred");
    await expect(s.vault.sweep()).to.be.revertedWithCustomError(s.vault, "HouseholdVaultNothingToAllocate");
  });

  it("closing with money and no advance: no zero repayment to the treasury", async function () {
    const s = await loadFixture(fixture);
    await s.vault.connect(s.accounts.svb).deposit(s.eur("2000"));
    await s.vault.connect(s.accounts.resident).requestExit();
    await time.increaseTo(START + EXIT_NOTICE + DAY);
    expect((await s.vault.accounts()).unallocated).to.equal(s.eur("2000")); // no keeper call since
    const close = s.vault.close();
    // Close splits the waiting 2000 first: the due months (January's water, February's rent, energy
    // and insurance: 1070), the four weeks due (400), five weeks ahead (500), then 30 toward March's
    // rent (step 5). Its settle then pays the 1070; the other 930 is the resident's.
    await expect(close)
      .to.emit(s.vault, "Allocated")
      .withArgs(
        Source.Income,
        s.eur("2000"),
        [s.eur("780"), s.eur("150"), s.eur("140"), s.eur("30")],
        s.eur("900"),
        0n,
        0n,
        0n,
      );
    await expect(close).to.emit(s.vault, "VaultClosed").withArgs(0n, s.eur("930"));
    await expect(close).not.to.emit(s.vault, "PaymentDeferred");
    await expect(close).to.changeTokenBalances(
      s.token,
      [s.vaultAddress, s.accounts.treasury.address, s.residentAddress],
      [-s.eur("2000"), 0n, s.eur("930")],
    );
  });
});
