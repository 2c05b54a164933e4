import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { BareVaultCloner, FeeSkimmingToken, HouseholdVault, HouseholdVaultFactory } from "../typechain-types";
import { DECIMALS, EXIT_NOTICE, Source, defaultPlan, fixtures } from "./helpers/fixtures";
import { shouldBehaveLikeHouseholdVault } from "./HouseholdVault.behavior";

describe("HouseholdVault", function () {
  for (const decimals of DECIMALS) {
    describe(`with a ${decimals}-decimal euro token`, function () {
      shouldBehaveLikeHouseholdVault(decimals);
    });
  }

  describe("initialisation", function () {
    it("cannot initialise the implementation itself", async function () {
      const { implementation, resident, coach, plan } = { ...(await loadFixture(fixtures[6])), ...(await accounts()) };
      await expect(implementation.initialize(resident.address, coach.address, plan)).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
    });

    it("lets only the factory named in a clone's arguments initialise it", async function () {
      const { implementation, factory, token, plan } = await loadFixture(fixtures[6]);
      const { resident, coach, stranger } = await accounts();
      const cloner = (await ethers.deployContract("BareVaultCloner")) as unknown as BareVaultCloner;
      const id = ethers.id("household-bare-clone");
      const receipt = await (
        await cloner.cloneWithoutInit(
          await implementation.getAddress(),
          await factory.getAddress(),
          await token.getAddress(),
          id,
        )
      ).wait();
      const cloneAddress = cloner.interface.parseLog(receipt!.logs[0])!.args.clone as string;
      const clone = (await ethers.getContractAt("HouseholdVault", cloneAddress)) as unknown as HouseholdVault;
      expect(await clone.householdId()).to.equal(id);
      await expect(clone.connect(stranger).initialize(resident.address, coach.address, plan))
        .to.be.revertedWithCustomError(clone, "HouseholdVaultNotFactory")
        .withArgs(stranger.address);
      expect(await clone.resident()).to.equal(ethers.ZeroAddress);
    });
  });

  describe("with a fee-on-transfer token", function () {
    it("refuses a deposit that arrives short", async function () {
      const [admin, resident, coach, payer, landlord, treasury] = await ethers.getSigners();
      const token = (await ethers.deployContract("FeeSkimmingToken")) as unknown as FeeSkimmingToken;
      const implementation = await ethers.deployContract("HouseholdVault");
      const factory = (await ethers.deployContract("HouseholdVaultFactory", [
        admin.address,
        await token.getAddress(),
        await implementation.getAddress(),
        treasury.address,
        1000n,
        EXIT_NOTICE,
      ])) as unknown as HouseholdVaultFactory;
      await factory.registerPayer(payer.address, Source.SVB);
      await factory.approveCreditor(landlord.address);
      await factory.grantRole(await factory.COACH_ROLE(), coach.address);
      const plan = defaultPlan((a) => ethers.parseUnits(a, 18), {
        landlord: landlord.address,
        energy: landlord.address,
        insurer: landlord.address,
        water: landlord.address,
      });
      const id = ethers.id("household-fee-token");
      await factory.createVault(id, resident.address, coach.address, plan);
      const vault = (await ethers.getContractAt(
        "HouseholdVault",
        await factory.vaultAddress(id),
      )) as unknown as HouseholdVault;
      await token.mint(payer.address, 10_000n);
      await token.connect(payer).approve(await vault.getAddress(), 10_000n);
      await expect(vault.connect(payer).deposit(1000n))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultTransferAmountMismatch")
        .withArgs(1000n, 990n);
      expect(await token.balanceOf(await vault.getAddress())).to.equal(0n);
    });
  });
});

async function accounts() {
  const [, resident, coach, , , , , , , , , , stranger] = await ethers.getSigners();
  return { resident, coach, stranger };
}
