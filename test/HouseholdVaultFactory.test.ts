import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { HouseholdVault } from "../typechain-types";
import { Category, EXIT_NOTICE, HOUSEHOLD_ID, Plan, Source, fixtures, utc } from "./helpers/fixtures";
import {
  createHousehold,
  currentPlan,
  depositAndAllocate,
  expectConserved,
  expectIncomeReceived,
  planValues,
} from "./helpers/vault";

async function setup() {
  const sys = await loadFixture(fixtures[6]);
  return { ...sys, ...sys.accounts };
}

describe("HouseholdVaultFactory", function () {
  describe("deployment", function () {
    it("refuses a zero admin, token, implementation or treasury", async function () {
      const { admin, token, implementation, treasury } = await setup();
      const Factory = await ethers.getContractFactory("HouseholdVaultFactory");
      const args = [admin.address, await token.getAddress(), await implementation.getAddress(), treasury.address];
      for (let i = 0; i < 4; i++) {
        const bad = args.map((a, j) => (j === i ? ethers.ZeroAddress : a));
        await expect(
          Factory.deploy(bad[0], bad[1], bad[2], bad[3], 1n, EXIT_NOTICE),
          `argument ${i}`,
        ).to.be.revertedWithCustomError(Factory, "HouseholdVaultFactoryZeroAddress");
      }
    });

    it("keeps its settings and gives the admin every role except coach", async function () {
      const { factory, admin, token, implementation, treasury, eur } = await setup();
      expect(await factory.TOKEN()).to.equal(await token.getAddress());
      expect(await factory.VAULT_IMPLEMENTATION()).to.equal(await implementation.getAddress());
      expect(await factory.ADVANCE_CAP()).to.equal(eur("1500"));
      expect(await factory.EXIT_NOTICE_PERIOD()).to.equal(BigInt(EXIT_NOTICE));
      expect(await factory.MAX_BATCH()).to.equal(200n);
      expect(await factory.GAS_PER_VAULT()).to.equal(4_000_000n);
      expect(await factory.treasury()).to.equal(treasury.address);
      for (const role of [
        await factory.DEFAULT_ADMIN_ROLE(),
        await factory.REGISTRAR_ROLE(),
        await factory.GUARDIAN_ROLE(),
        await factory.TREASURER_ROLE(),
      ]) {
        expect(await factory.hasRole(role, admin.address)).to.equal(true);
      }
      expect(await factory.hasRole(await factory.COACH_ROLE(), admin.address)).to.equal(false);
      expect(await factory.REGISTRAR_ROLE()).to.equal(ethers.id("REGISTRAR_ROLE"));
      expect(await factory.COACH_ROLE()).to.equal(ethers.id("COACH_ROLE"));
      expect(await factory.GUARDIAN_ROLE()).to.equal(ethers.id("GUARDIAN_ROLE"));
      expect(await factory.TREASURER_ROLE()).to.equal(ethers.id("TREASURER_ROLE"));
    });

    it("announces its first treasury", async function () {
      const { admin, token, implementation, treasury } = await setup();
      const factory = await ethers.deployContract("HouseholdVaultFactory", [
        admin.address,
        await token.getAddress(),
        await implementation.getAddress(),
        treasury.address,
        1n,
        EXIT_NOTICE,
      ]);
      await expect(factory.deploymentTransaction()).to.emit(factory, "TreasuryChanged").withArgs(treasury.address);
    });
  });

  describe("the payer register", function () {
    it("registers payers with a payer source and removes them", async function () {
      const { factory, keeper } = await setup();
      expect(await factory.payerSource(keeper.address)).to.equal(BigInt(Source.Untagged));
      for (const source of [Source.SVB, Source.Toeslagen, Source.WorkAndIncome, Source.OtherPayer]) {
        await expect(factory.registerPayer(keeper.address, source))
          .to.emit(factory, "PayerRegistered")
          .withArgs(keeper.address, source);
        expect(await factory.payerSource(keeper.address)).to.equal(BigInt(source));
      }
      await expect(factory.removePayer(keeper.address)).to.emit(factory, "PayerRemoved").withArgs(keeper.address);
      expect(await factory.payerSource(keeper.address)).to.equal(BigInt(Source.Untagged));
      await expect(factory.removePayer(keeper.address))
        .to.be.revertedWithCustomError(factory, "HouseholdVaultFactoryPayerNotRegistered")
        .withArgs(keeper.address);
    });

    it("refuses the sources the vault sets itself, and a zero payer", async function () {
      const { factory, keeper } = await setup();
      for (const source of [Source.Untagged, Source.MunicipalAdvance, Source.PlanChange, Source.Income]) {
        await expect(factory.registerPayer(keeper.address, source))
          .to.be.revertedWithCustomError(factory, "HouseholdVaultFactoryInvalidSource")
          .withArgs(source);
      }
      await expect(factory.registerPayer(ethers.ZeroAddress, Source.SVB)).to.be.revertedWithCustomError(
        factory,
        "HouseholdVaultFactoryZeroAddress",
      );
      expect(await factory.payerSource(keeper.address)).to.equal(BigInt(Source.Untagged));
    });
  });

  describe("the creditor register", function () {
    it("approves and revokes creditors", async function () {
      const { factory, keeper } = await setup();
      await expect(factory.approveCreditor(keeper.address))
        .to.emit(factory, "CreditorApproved")
        .withArgs(keeper.address);
      expect(await factory.isApprovedCreditor(keeper.address)).to.equal(true);
      await expect(factory.revokeCreditor(keeper.address)).to.emit(factory, "CreditorRevoked").withArgs(keeper.address);
      expect(await factory.isApprovedCreditor(keeper.address)).to.equal(false);
      await expect(factory.revokeCreditor(keeper.address))
        .to.be.revertedWithCustomError(factory, "HouseholdVaultFactoryCreditorNotApproved")
        .withArgs(keeper.address);
      await expect(factory.approveCreditor(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        factory,
        "HouseholdVaultFactoryZeroAddress",
      );
    });

    it("keeps paying a revoked creditor under an existing plan but refuses it in new plans", async function () {
      const { factory, vault, token, eur, svb, coach, landlord, plan } = await setup();
      await depositAndAllocate(vault, svb, eur("2000"));
      await factory.revokeCreditor(landlord.address);
      await time.setNextBlockTimestamp(utc(2027, 2, 1));
      await expect(vault.settle()).to.changeTokenBalance(token, landlord, eur("750"));
      await expect(vault.connect(coach).proposePlan(plan))
        .to.be.revertedWithCustomError(vault, "HouseholdVaultCreditorNotApproved")
        .withArgs(0, landlord.address);
      await expectConserved(token, vault);
    });
  });

  describe("the treasury", function () {
    it("lets only the admin move the treasury, and repayments follow it", async function () {
      const { factory, vault, token, eur, svb, keeper, stranger, treasury } = await setup();
      await expect(factory.connect(stranger).setTreasury(stranger.address))
        .to.be.revertedWithCustomError(factory, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, ethers.ZeroHash);
      await expect(factory.setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        factory,
        "HouseholdVaultFactoryZeroAddress",
      );
      await expect(factory.setTreasury(keeper.address)).to.emit(factory, "TreasuryChanged").withArgs(keeper.address);
      expect(await factory.treasury()).to.equal(keeper.address);

      // The advance fills rent (750), energy (150) and 100 of insurance. The deposit, split by the
      // next keeper call, then gives insurance 40 and water 30 (their next payments), five weeks of
      // living money (500), and repays 130 of the advance, held until the next settle sends it to
      // the treasury.
      await vault.advance(eur("1000"));
      await expectIncomeReceived(vault.connect(svb).deposit(eur("700")), vault, Source.SVB, eur("700"));
      await expect(vault.allocate())
        .to.emit(vault, "Allocated")
        .withArgs(Source.Income, eur("700"), [0n, 0n, eur("40"), eur("30")], eur("500"), eur("130"), 0n, 0n);
      await expect(vault.settle()).to.changeTokenBalances(token, [keeper, treasury], [eur("130"), 0n]);
      expect((await vault.accounts()).advanceOutstanding).to.equal(eur("870"));
      await expectConserved(token, vault);
    });
  });

  describe("access control", function () {
    it("lets only a registrar keep the registers and create vaults", async function () {
      const { factory, stranger, resident, coach, plan } = await setup();
      const registrar = await factory.REGISTRAR_ROLE();
      const calls = [
        () => factory.connect(stranger).registerPayer(stranger.address, Source.SVB),
        () => factory.connect(stranger).removePayer(stranger.address),
        () => factory.connect(stranger).approveCreditor(stranger.address),
        () => factory.connect(stranger).revokeCreditor(stranger.address),
        () => factory.connect(stranger).createVault(ethers.id("household-x"), resident.address, coach.address, plan),
      ];
      for (const call of calls) {
        await expect(call())
          .to.be.revertedWithCustomError(factory, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, registrar);
      }
    });

    it("lets only the admin appoint coaches", async function () {
      const { factory, stranger } = await setup();
      await expect(factory.connect(stranger).grantRole(await factory.COACH_ROLE(), stranger.address))
        .to.be.revertedWithCustomError(factory, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, ethers.ZeroHash);
    });
  });

  describe("creating vaults", function () {
    it("creates the vault at the address it predicted, initialised in the same transaction", async function () {
      const sys = await setup();
      const { factory, resident, coach, plan, token } = sys;
      const id = ethers.id("household-new");
      const predicted = await factory.vaultAddress(id);
      expect(await ethers.provider.getCode(predicted)).to.equal("0x");
      expect(await factory.isVault(predicted)).to.equal(false);
      expect(await factory.createVault.staticCall(id, resident.address, coach.address, plan)).to.equal(predicted);
      await expect(factory.createVault(id, resident.address, coach.address, plan))
        .to.emit(factory, "VaultCreated")
        .withArgs(id, predicted);
      expect(await factory.isVault(predicted)).to.equal(true);
      const vault = (await ethers.getContractAt("HouseholdVault", predicted)) as unknown as HouseholdVault;
      expect(await vault.householdId()).to.equal(id);
      expect(await vault.factory()).to.equal(await factory.getAddress());
      expect(await vault.token()).to.equal(await token.getAddress());
      expect(await vault.resident()).to.equal(resident.address);
      expect(await currentPlan(vault)).to.deep.equal(planValues(plan));
    });

    it("lets payers approve a vault before it exists", async function () {
      const sys = await setup();
      const { factory, token, eur, svb, resident, coach, plan } = sys;
      const id = ethers.id("household-approved-early");
      const predicted = await factory.vaultAddress(id);
      await token.connect(svb).approve(predicted, eur("100"));
      await factory.createVault(id, resident.address, coach.address, plan);
      const vault = (await ethers.getContractAt("HouseholdVault", predicted)) as unknown as HouseholdVault;
      const tx = vault.connect(svb).deposit(eur("100"));
      await expect(tx).to.changeTokenBalances(token, [svb, predicted], [-eur("100"), eur("100")]);
      await expectIncomeReceived(tx, vault, Source.SVB, eur("100"));
    });

    it("refuses household id zero and an id that already has a vault", async function () {
      const { factory, vault, resident, coach, plan } = await setup();
      await expect(
        factory.createVault(ethers.ZeroHash, resident.address, coach.address, plan),
      ).to.be.revertedWithCustomError(factory, "HouseholdVaultFactoryZeroHouseholdId");
      await expect(factory.createVault(HOUSEHOLD_ID, resident.address, coach.address, plan))
        .to.be.revertedWithCustomError(factory, "HouseholdVaultFactoryHouseholdExists")
        .withArgs(HOUSEHOLD_ID, await vault.getAddress());
    });

    it("refuses a zero resident or coach, a coach who is the resident or holds no coach role, and leaves no vault", async function () {
      const { factory, implementation, resident, coach, stranger, plan } = await setup();
      const id = ethers.id("household-bad-init");
      const cases: Array<[string, string, string, unknown[]]> = [
        [ethers.ZeroAddress, coach.address, "HouseholdVaultZeroAddress", []],
        [resident.address, ethers.ZeroAddress, "HouseholdVaultZeroAddress", []],
        [coach.address, coach.address, "HouseholdVaultCoachIsResident", [coach.address]],
        [resident.address, stranger.address, "HouseholdVaultNotACoach", [stranger.address]],
      ];
      for (const [who, theCoach, error, args] of cases) {
        await expect(factory.createVault(id, who, theCoach, plan))
          .to.be.revertedWithCustomError(implementation, error)
          .withArgs(...args);
      }
      expect(await ethers.provider.getCode(await factory.vaultAddress(id))).to.equal("0x");
      expect(await factory.isVault(await factory.vaultAddress(id))).to.equal(false);
    });

    it("validates the first plan like any other", async function () {
      const { factory, implementation, resident, coach, stranger, plan, eur } = await setup();
      const id = ethers.id("household-bad-plan");
      const tooMany: Plan = { ...plan, buckets: [...plan.buckets, ...plan.buckets, plan.buckets[0]] };
      await expect(factory.createVault(id, resident.address, coach.address, tooMany))
        .to.be.revertedWithCustomError(implementation, "HouseholdVaultTooManyBuckets")
        .withArgs(9, 8);
      const unapproved: Plan = {
        ...plan,
        buckets: [{ category: Category.Other, dueDay: 3, amountPerMonth: eur("1"), creditor: stranger.address }],
      };
      await expect(factory.createVault(id, resident.address, coach.address, unapproved))
        .to.be.revertedWithCustomError(implementation, "HouseholdVaultCreditorNotApproved")
        .withArgs(0, stranger.address);
    });

    it("gives the same household id different addresses in different factories", async function () {
      const { factory, admin, token, implementation, treasury } = await setup();
      const other = await ethers.deployContract("HouseholdVaultFactory", [
        admin.address,
        await token.getAddress(),
        await implementation.getAddress(),
        treasury.address,
        1n,
        EXIT_NOTICE,
      ]);
      expect(await other.vaultAddress(HOUSEHOLD_ID)).to.not.equal(await factory.vaultAddress(HOUSEHOLD_ID));
    });
  });

  describe("the keeper batch", function () {
    it("settles and releases each vault, skipping a paused one with KeeperCallFailed", async function () {
      const sys = await setup();
      const { factory, vault, token, eur, svb, admin, keeper, resident, landlord, energy, insurer, water } = sys;
      const paused = await createHousehold(sys, "household-2");
      // January's income, split when it arrived (10 January): savings 180 in each vault.
      await depositAndAllocate(vault, svb, eur("2000"));
      await depositAndAllocate(paused, svb, eur("2000"));
      await paused.connect(admin).pause();
      const [a, b] = [await vault.getAddress(), await paused.getAddress()];

      await time.setNextBlockTimestamp(utc(2027, 2, 8));
      const tx = factory.connect(keeper).settleAndReleaseMany([a, b]);
      // Vault a: February's fixed costs and January's water (1070), then the four weeks due since
      // 10 January (400, from the 500 of living money reserved in January; savings stay).
      await expect(tx).to.changeTokenBalances(
        token,
        [a, b, landlord, energy, insurer, water, resident],
        [-eur("1470"), 0n, eur("750"), eur("150"), eur("140"), eur("30"), eur("400")],
      );
      await expect(tx).to.emit(factory, "KeeperCallFailed").withArgs(b, vault.interface.getFunction("settle").selector);
      await expect(tx)
        .to.emit(factory, "KeeperCallFailed")
        .withArgs(b, vault.interface.getFunction("release").selector);
      await expect(tx).to.emit(vault, "LivingMoneyReleased").withArgs(4, eur("400"));
      await expect(tx).not.to.emit(factory, "KeeperBatchStopped");
      expect(await factory.settleAndReleaseMany.staticCall([a, b])).to.equal(2n);
      expect((await vault.accounts()).savings).to.equal(eur("180"));
      await expectConserved(token, vault);
      await expectConserved(token, paused);
    });

    it("skips a closed vault and goes on with the next", async function () {
      const sys = await setup();
      const { factory, vault, token, eur, svb, resident, landlord } = sys;
      const closing = await createHousehold(sys, "household-closing");
      await closing.connect(resident).requestExit();
      await depositAndAllocate(vault, svb, eur("2000"));
      await time.increaseTo((await time.latest()) + EXIT_NOTICE);
      await closing.close();
      const tx = factory.settleAndReleaseMany([await closing.getAddress(), await vault.getAddress()]);
      await expect(tx)
        .to.emit(factory, "KeeperCallFailed")
        .withArgs(await closing.getAddress(), vault.interface.getFunction("settle").selector);
      await expect(tx).to.changeTokenBalance(token, landlord, eur("750"));
    });

    it("refuses an address this factory did not create", async function () {
      const { factory, vault, stranger } = await setup();
      await expect(factory.settleAndReleaseMany([await vault.getAddress(), stranger.address]))
        .to.be.revertedWithCustomError(factory, "HouseholdVaultFactoryUnknownVault")
        .withArgs(stranger.address);
    });

    it("takes at most MAX_BATCH vaults", async function () {
      const sys = await setup();
      const { factory } = sys;
      // An empty plan keeps 200 keeper calls cheap (also under coverage instrumentation).
      const empty = await createHousehold(sys, "household-empty-plan", {
        buckets: [],
        weeklyLivingMoney: 0n,
        bufferTarget: 0n,
      });
      const address = await empty.getAddress();
      await expect(factory.settleAndReleaseMany(Array(201).fill(address)))
        .to.be.revertedWithCustomError(factory, "HouseholdVaultFactoryBatchTooLarge")
        .withArgs(201, 200);
      await expect(factory.settleAndReleaseMany(Array(200).fill(address))).not.to.emit(factory, "KeeperCallFailed");
      await expect(factory.settleAndReleaseMany([])).not.to.be.reverted;
    });
  });
});
