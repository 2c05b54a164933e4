import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { BareVaultCloner, HouseholdVault, HouseholdVaultFactory, ReentrantHookToken } from "../typechain-types";
import { Category, DECIMALS, EXIT_NOTICE, Plan, Source, fixtures } from "./helpers/fixtures";
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

  describe("reentrancy", function () {
    async function hookFixture() {
      const [admin, resident, coach, payer, landlord, treasury] = await ethers.getSigners();
      const token = (await ethers.deployContract("ReentrantHookToken")) as unknown as ReentrantHookToken;
      const implementation = await ethers.deployContract("HouseholdVault");
      const factory = (await ethers.deployContract("HouseholdVaultFactory", [
        admin.address,
        await token.getAddress(),
        await implementation.getAddress(),
        treasury.address,
        10_000n,
        EXIT_NOTICE,
      ])) as unknown as HouseholdVaultFactory;
      await factory.registerPayer(payer.address, Source.SVB);
      await factory.approveCreditor(landlord.address);
      await factory.grantRole(await factory.COACH_ROLE(), coach.address);
      const plan: Plan = {
        buckets: [{ category: Category.Rent, dueDay: 1, amountPerMonth: 750n, creditor: landlord.address }],
        weeklyLivingMoney: 100n,
        bufferTarget: 0n,
      };
      const id = ethers.id("household-hook-token");
      await factory.createVault(id, resident.address, coach.address, plan);
      const vault = (await ethers.getContractAt(
        "HouseholdVault",
        await factory.vaultAddress(id),
      )) as unknown as HouseholdVault;
      await token.mint(payer.address, 10_000n);
      await token.connect(payer).approve(await vault.getAddress(), 10_000n);
      return { token, vault, plan, payer };
    }

    const reentryGuardError = ethers.id("ReentrancyGuardReentrantCall()").slice(0, 10);
    const iface = new ethers.Interface([
      "function deposit(uint256)",
      "function depositWithPermit(uint256,uint256,uint8,bytes32,bytes32)",
      "function allocate()",
      "function advance(uint256)",
      "function settle()",
      "function release()",
      "function claim()",
      "function payClaimable(address)",
      "function withdrawSavings(uint256)",
      "function close()",
      "function sweep()",
    ]);
    const inner: Array<[string, unknown[]]> = [
      ["deposit", [1n]],
      ["depositWithPermit", [1n, 0n, 0, ethers.ZeroHash, ethers.ZeroHash]],
      ["allocate", []],
      ["advance", [1n]],
      ["settle", []],
      ["release", []],
      ["claim", []],
      ["payClaimable", [ethers.ZeroAddress]],
      ["withdrawSavings", [1n]],
      ["close", []],
      ["sweep", []],
    ];
    for (const [name, args] of inner) {
      it(`refuses ${name}() entered from a token hook in the middle of a deposit`, async function () {
        const { token, vault, payer } = await loadFixture(hookFixture);
        await token.arm(await vault.getAddress(), iface.encodeFunctionData(name, args));
        // The deposit itself goes through (tagged, waiting for a keeper); only the re-entry is refused.
        const deposit = vault.connect(payer).deposit(1000n);
        await expect(deposit).to.emit(vault, "IncomeReceived").withArgs(Source.SVB, 1000n);
        await expect(deposit).not.to.emit(vault, "Allocated");
        expect(await token.lastCallSucceeded()).to.equal(false);
        expect(await token.lastReturnData()).to.equal(reentryGuardError);
        expect(await token.balanceOf(await vault.getAddress())).to.equal(1000n);
      });
    }

    it("refuses acceptPlan() entered from a token hook in the middle of a deposit", async function () {
      const { token, vault, plan, payer } = await loadFixture(hookFixture);
      await token.arm(await vault.getAddress(), vault.interface.encodeFunctionData("acceptPlan", [plan]));
      await vault.connect(payer).deposit(1000n);
      expect(await token.lastCallSucceeded()).to.equal(false);
      expect(await token.lastReturnData()).to.equal(reentryGuardError);
    });
  });
});

async function accounts() {
  const [, resident, coach, , , , , , , , , , stranger] = await ethers.getSigners();
  return { resident, coach, stranger };
}
