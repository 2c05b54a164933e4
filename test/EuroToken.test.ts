import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { EuroToken } from "../typechain-types";
import { signPermit } from "./helpers/vault";

async function fixture() {
  const [admin, alice, bob, stranger] = await ethers.getSigners();
  const token = (await ethers.deployContract("EuroToken", [admin.address, 6])) as unknown as EuroToken;
  const eur = (amount: string) => ethers.parseUnits(amount, 6);
  await token.mint(alice.address, eur("1000"));
  return { token, eur, admin, alice, bob, stranger };
}

describe("EuroToken", function () {
  describe("deployment", function () {
    for (const decimals of [0, 2, 6, 18]) {
      it(`keeps the ${decimals} decimals it was deployed with`, async function () {
        const [admin] = await ethers.getSigners();
        const token = await ethers.deployContract("EuroToken", [admin.address, decimals]);
        expect(await token.decimals()).to.equal(BigInt(decimals));
      });
    }

    it("refuses more than 18 decimals", async function () {
      const [admin] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("EuroToken");
      await expect(factory.deploy(admin.address, 19))
        .to.be.revertedWithCustomError(factory, "EuroTokenInvalidDecimals")
        .withArgs(19);
    });

    it("refuses a zero admin", async function () {
      const factory = await ethers.getContractFactory("EuroToken");
      await expect(factory.deploy(ethers.ZeroAddress, 6)).to.be.revertedWithCustomError(
        factory,
        "EuroTokenZeroAddress",
      );
    });

    it("gives the admin every role and names itself tEUR", async function () {
      const { token, admin } = await loadFixture(fixture);
      for (const role of [
        await token.DEFAULT_ADMIN_ROLE(),
        await token.MINTER_ROLE(),
        await token.PAUSER_ROLE(),
        await token.BLOCKLISTER_ROLE(),
      ]) {
        expect(await token.hasRole(role, admin.address)).to.equal(true);
      }
      expect(await token.symbol()).to.equal("tEUR");
      expect(await token.name()).to.equal("Huishoudboekje Test Euro");
    });
  });

  describe("roles", function () {
    it("lets only the minter mint", async function () {
      const { token, eur, alice, stranger } = await loadFixture(fixture);
      await expect(token.connect(stranger).mint(stranger.address, eur("1")))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await token.MINTER_ROLE());
      await expect(token.mint(alice.address, eur("5"))).to.changeTokenBalance(token, alice, eur("5"));
    });

    it("lets only the pauser pause and unpause", async function () {
      const { token, stranger } = await loadFixture(fixture);
      const role = await token.PAUSER_ROLE();
      await expect(token.connect(stranger).pause())
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await token.pause();
      await expect(token.connect(stranger).unpause())
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
    });

    it("lets only the blocklister blocklist and unblocklist", async function () {
      const { token, alice, stranger } = await loadFixture(fixture);
      const role = await token.BLOCKLISTER_ROLE();
      await expect(token.connect(stranger).blocklist(alice.address))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(token.connect(stranger).unblocklist(alice.address))
        .to.be.revertedWithCustomError(token, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
    });
  });

  describe("blocklist", function () {
    it("stops a blocklisted account from sending", async function () {
      const { token, eur, alice, bob } = await loadFixture(fixture);
      await expect(token.blocklist(alice.address)).to.emit(token, "Blocklisted").withArgs(alice.address);
      expect(await token.isBlocklisted(alice.address)).to.equal(true);
      await expect(token.connect(alice).transfer(bob.address, eur("1")))
        .to.be.revertedWithCustomError(token, "EuroTokenBlocked")
        .withArgs(alice.address);
      expect(await token.balanceOf(alice.address)).to.equal(eur("1000"));
    });

    it("stops a blocklisted account from receiving, minting included", async function () {
      const { token, eur, alice, bob } = await loadFixture(fixture);
      await token.blocklist(bob.address);
      await expect(token.connect(alice).transfer(bob.address, eur("1")))
        .to.be.revertedWithCustomError(token, "EuroTokenBlocked")
        .withArgs(bob.address);
      await expect(token.mint(bob.address, eur("1")))
        .to.be.revertedWithCustomError(token, "EuroTokenBlocked")
        .withArgs(bob.address);
      expect(await token.balanceOf(bob.address)).to.equal(0n);
    });

    it("lets an account move money again once unblocklisted", async function () {
      const { token, eur, alice, bob } = await loadFixture(fixture);
      await token.blocklist(bob.address);
      await expect(token.unblocklist(bob.address)).to.emit(token, "Unblocklisted").withArgs(bob.address);
      expect(await token.isBlocklisted(bob.address)).to.equal(false);
      await expect(token.connect(alice).transfer(bob.address, eur("2.5"))).to.changeTokenBalances(
        token,
        [alice, bob],
        [-eur("2.5"), eur("2.5")],
      );
    });
  });

  describe("pause", function () {
    it("stops every transfer while paused and none after", async function () {
      const { token, eur, alice, bob } = await loadFixture(fixture);
      await token.pause();
      await expect(token.connect(alice).transfer(bob.address, eur("1"))).to.be.revertedWithCustomError(
        token,
        "EnforcedPause",
      );
      await expect(token.mint(bob.address, eur("1"))).to.be.revertedWithCustomError(token, "EnforcedPause");
      await token.unpause();
      await expect(token.connect(alice).transfer(bob.address, eur("1"))).to.changeTokenBalances(
        token,
        [alice, bob],
        [-eur("1"), eur("1")],
      );
    });
  });

  describe("permit (EIP-2612)", function () {
    it("approves with an off-chain signature", async function () {
      const { token, eur, alice, bob } = await loadFixture(fixture);
      const deadline = (await time.latest()) + 3600;
      const value = eur("12.34");
      const { v, r, s } = await signPermit(token, alice, bob.address, value, deadline);
      await token.connect(bob).permit(alice.address, bob.address, value, deadline, v, r, s);
      expect(await token.allowance(alice.address, bob.address)).to.equal(value);
      expect(await token.nonces(alice.address)).to.equal(1n);
      await expect(token.connect(bob).permit(alice.address, bob.address, value, deadline, v, r, s))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(anyAddressExcept(alice.address), alice.address);
    });
  });
});

/** The signer a replayed permit recovers to is some address, but never the owner's. */
function anyAddressExcept(owner: string) {
  return (value: string) => ethers.isAddress(value) && value.toLowerCase() !== owner.toLowerCase();
}
