import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { EuroToken } from "../../typechain-types";
import { Category, monthIndex, Source, utc, WEEK } from "../helpers/fixtures";
import { expectConserved } from "../helpers/vault";
import { deployHostile, januaryWaterfall, START, leaveFreshChain } from "./hostileFixture";

describe("hostile token: missing and false return values", function () {
  after(leaveFreshChain);

  describe("a token that returns nothing (USDT style)", function () {
    const fixture = () => deployHostile({ token: "NoReturnToken", decimals: 6 });

    it("deposits, allocates, settles, releases and claims like a standard token", async function () {
      const s = await loadFixture(fixture);
      const w = januaryWaterfall(s.eur, s.eur("2000"));
      expect([w.toLivingMoney, w.toBuffer, w.toSavings]).to.deep.equal([s.eur("500"), s.eur("250"), s.eur("180")]);
      const deposit = s.vault.connect(s.accounts.svb).deposit(s.eur("2000"));
      await expect(deposit).to.emit(s.vault, "IncomeReceived").withArgs(Source.SVB, s.eur("2000"));
      await expect(deposit).not.to.emit(s.vault, "Allocated");
      await expect(deposit).to.changeTokenBalances(
        s.token,
        [s.accounts.svb.address, s.vaultAddress],
        [-s.eur("2000"), s.eur("2000")],
      );
      await expectConserved(s.token as unknown as EuroToken, s.vault, s.eur("2000")); // waiting, not split
      // The keeper's next call splits it.
      await expect(s.vault.allocate())
        .to.emit(s.vault, "Allocated")
        .withArgs(Source.Income, s.eur("2000"), w.toBuckets, w.toLivingMoney, 0n, w.toBuffer, w.toSavings);
      await expectConserved(s.token as unknown as EuroToken, s.vault);

      await time.increaseTo(START + WEEK);
      await expect(s.vault.release()).to.changeTokenBalances(
        s.token,
        [s.vaultAddress, s.residentAddress],
        [-s.eur("100"), s.eur("100")], // one week of 100; the 180 savings stay in the vault
      );

      await time.increaseTo(utc(2027, 2, 5));
      const settle = s.vault.settle();
      await expect(settle)
        .to.emit(s.vault, "CreditorPaid")
        .withArgs(0, Category.Rent, monthIndex(2027, 2), s.eur("750"));
      await expect(settle).not.to.emit(s.vault, "PaymentDeferred");
      await expect(settle).to.changeTokenBalances(
        s.token,
        [s.accounts.landlord.address, s.accounts.energy.address, s.accounts.insurer.address, s.accounts.water.address],
        [s.eur("750"), s.eur("150"), s.eur("140"), s.eur("30")],
      );
      // Left in the vault: 400 living money (weeks 2 to 5), the 250 buffer and the 180 savings.
      expect(await s.token.balanceOf(s.vaultAddress)).to.equal(s.eur("830"));
      await expectConserved(s.token as unknown as EuroToken, s.vault);
    });
  });

  describe("a token that returns false instead of reverting", function () {
    const fixture = () => deployHostile({ token: "ReturnsFalseToken" });

    it("refuses the deposit with SafeERC20FailedOperation(token)", async function () {
      const s = await loadFixture(fixture);
      await expect(s.vault.connect(s.accounts.svb).deposit(s.eur("1000")))
        .to.be.revertedWithCustomError(s.vault, "SafeERC20FailedOperation")
        .withArgs(s.tokenAddress);
    });

    it("defers every payout to claimable; claims fail until the token works, then pay in full", async function () {
      const s = await loadFixture(fixture);
      // Money that reached the vault another way (minted to it) is allocated by balance.
      await s.token.mint(s.vaultAddress, s.eur("2000"));
      await s.vault.allocate();

      await time.increaseTo(utc(2027, 2, 5));
      const settle = s.vault.settle();
      await expect(settle).to.emit(s.vault, "PaymentDeferred").withArgs(s.accounts.landlord.address, s.eur("750"));
      await expect(settle).to.emit(s.vault, "PaymentDeferred").withArgs(s.accounts.energy.address, s.eur("150"));
      await expect(settle).to.emit(s.vault, "PaymentDeferred").withArgs(s.accounts.insurer.address, s.eur("140"));
      await expect(settle).to.emit(s.vault, "PaymentDeferred").withArgs(s.accounts.water.address, s.eur("30"));
      await expect(settle).to.changeTokenBalances(s.token, [s.vaultAddress], [0n]);
      // 3 weeks due since 10 January (17, 24, 31 January); savings are never released.
      const release = s.vault.release();
      await expect(release).to.emit(s.vault, "PaymentDeferred").withArgs(s.residentAddress, s.eur("300"));
      expect((await s.vault.accounts()).claimable).to.equal(s.eur("1370"));
      expect(await s.token.balanceOf(s.vaultAddress)).to.equal(s.eur("2000"));

      await expect(s.vault.connect(s.accounts.landlord).claim())
        .to.be.revertedWithCustomError(s.vault, "SafeERC20FailedOperation")
        .withArgs(s.tokenAddress);

      await (s.token as unknown as { setFailing(f: boolean): Promise<unknown> }).setFailing(false);
      await expect(s.vault.connect(s.accounts.landlord).claim()).to.changeTokenBalances(
        s.token,
        [s.vaultAddress, s.accounts.landlord.address],
        [-s.eur("750"), s.eur("750")],
      );
      await expect(s.vault.connect(s.accounts.resident).claim())
        .to.emit(s.vault, "Claimed")
        .withArgs(s.residentAddress, s.eur("300"));
      // Energy 150, insurance 140 and water 30 are still waiting for their creditors.
      expect((await s.vault.accounts()).claimable).to.equal(s.eur("320"));
      await expectConserved(s.token as unknown as EuroToken, s.vault);
    });
  });
});
