import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { EuroToken } from "../../typechain-types";
import { Category, monthIndex, Source, utc } from "../helpers/fixtures";
import { expectConserved } from "../helpers/vault";
import { deployHostile, januaryWaterfall, leaveFreshChain } from "./hostileFixture";

// FeeOnTransferToken burns 1 % of every transfer: the sender is debited the full amount.
const fixture = () => deployHostile({ token: "FeeOnTransferToken" });

describe("hostile token: fee on transfer", function () {
  after(leaveFreshChain);

  it("refuses a deposit, naming the amount asked and the amount that arrived", async function () {
    const { vault, vaultAddress, token, eur, accounts } = await loadFixture(fixture);
    await expect(vault.connect(accounts.svb).deposit(eur("1000")))
      .to.be.revertedWithCustomError(vault, "HouseholdVaultTransferAmountMismatch")
      .withArgs(eur("1000"), eur("990"));
    // Nothing arrived and nothing waits to be split.
    expect(await token.balanceOf(vaultAddress)).to.equal(0n);
    expect((await vault.accounts()).unallocated).to.equal(0n);
  });

  it("allocates a plain transfer by what actually arrived", async function () {
    const { vault, vaultAddress, token, eur, accounts } = await loadFixture(fixture);
    await token.connect(accounts.svb).transfer(vaultAddress, eur("1100"));
    expect(await token.balanceOf(vaultAddress)).to.equal(eur("1089"));
    // The 1089 waits as income until a keeper call splits it.
    expect((await vault.accounts()).unallocated).to.equal(eur("1089"));

    const w = januaryWaterfall(eur, eur("1089"));
    expect(w.toLivingMoney).to.equal(eur("19")); // 1089 - 1070 for the buckets
    await expect(vault.allocate())
      .to.emit(vault, "Allocated")
      .withArgs(Source.Income, eur("1089"), w.toBuckets, w.toLivingMoney, 0n, 0n, 0n);
    expect((await vault.accounts()).unallocated).to.equal(0n);
    await expectConserved(token as unknown as EuroToken, vault);
  });

  it("a plain transfer is picked up by the next keeper call (settle) as waiting income", async function () {
    const { vault, vaultAddress, token, eur, accounts } = await loadFixture(fixture);
    await token.connect(accounts.svb).transfer(vaultAddress, eur("1100")); // 1089 arrives
    const w = januaryWaterfall(eur, eur("1089"));
    // Nothing is due yet: the settle only splits what waits, and pays nobody.
    const settle = vault.settle();
    await expect(settle)
      .to.emit(vault, "Allocated")
      .withArgs(Source.Income, eur("1089"), w.toBuckets, w.toLivingMoney, 0n, 0n, 0n);
    await expect(settle).not.to.emit(vault, "CreditorPaid");
    await expect(settle).to.changeTokenBalances(token, [vaultAddress], [0n]);
    expect((await vault.buckets()).map((b) => b.balance)).to.deep.equal(w.toBuckets);
    expect((await vault.accounts()).livingMoney).to.equal(eur("19"));
    await expectConserved(token as unknown as EuroToken, vault);
  });

  it("pays out in full from the vault's side, and the creditor receives 1 % less", async function () {
    const { vault, vaultAddress, token, eur, accounts } = await loadFixture(fixture);
    await token.connect(accounts.svb).transfer(vaultAddress, eur("2000")); // 1980 arrives
    await vault.allocate();

    await time.increaseTo(utc(2027, 1, 20));
    const tx = vault.settle();
    await expect(tx).to.emit(vault, "CreditorPaid").withArgs(3, Category.Water, monthIndex(2027, 1), eur("30"));
    // The vault is debited the full 30; the water company is credited 29.70; 0.30 is burnt.
    await expect(tx).to.changeTokenBalances(token, [vaultAddress, accounts.water.address], [-eur("30"), eur("29.7")]);
    await expect(tx).not.to.emit(vault, "PaymentDeferred");

    // The vault's own books stay exact: nothing tracked is missing, nothing unallocated appears.
    const accountsAfter = await vault.accounts();
    expect(accountsAfter.unallocated).to.equal(0n);
    const bucketSum = (await vault.buckets()).reduce((s, b) => s + b.balance, 0n);
    expect(await token.balanceOf(vaultAddress)).to.equal(
      bucketSum + accountsAfter.livingMoney + accountsAfter.buffer + accountsAfter.savings,
    );

    // Rent on 1 February: the landlord is 7.50 short on a 750 rent.
    await time.increaseTo(utc(2027, 2, 1));
    await expect(vault.settle()).to.changeTokenBalances(
      token,
      [vaultAddress, accounts.landlord.address, accounts.insurer.address],
      [-eur("890"), eur("742.5"), eur("138.6")],
    );
  });
});
