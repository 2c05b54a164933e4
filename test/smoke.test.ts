import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { fixtures, utc, WEEK } from "./helpers/fixtures";

describe("smoke", () => {
  it("deposits, settles and releases", async () => {
    const { vault, token, eur, accounts } = await loadFixture(fixtures[6]);
    await vault.connect(accounts.wi).deposit(eur("1500"));
    console.log(await vault.buckets());
    console.log(await vault.accounts());
    await time.increaseTo(utc(2027, 2, 1, 1));
    await vault.settle();
    console.log(await vault.buckets());
    await vault.release();
    console.log(await vault.accounts(), await token.balanceOf(accounts.resident.address), WEEK);
    expect(await token.balanceOf(accounts.landlord.address)).to.equal(eur("750"));
  });
});
