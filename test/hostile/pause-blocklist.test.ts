import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { EuroToken } from "../../typechain-types";
import { Category, DAY, EXIT_NOTICE, monthIndex, utc } from "../helpers/fixtures";
import { expectConserved } from "../helpers/vault";
import { deployHostile, HostileSystem, leaveFreshChain, START } from "./hostileFixture";

// The project's own EuroToken (6 decimals, like EURC), with its issuer's pause and blocklist.
async function fixture() {
  const s = await deployHostile({ token: "EuroToken", tokenArgs: (admin) => [admin, 6], decimals: 6 });
  // January income, split by the keeper's next call (allocate, in the next block): buckets 1070,
  // living 500 (5 weeks), buffer 250, savings 180.
  await s.vault.connect(s.accounts.svb).deposit(s.eur("2000"));
  await s.vault.allocate();
  return { ...s, euro: s.token as unknown as EuroToken };
}

/** The February settle and release (on 5 February) every payee should get: 1370 in all. */
async function payees(s: HostileSystem) {
  return [
    { who: s.accounts.landlord, amount: s.eur("750") },
    { who: s.accounts.energy, amount: s.eur("150") },
    { who: s.accounts.insurer, amount: s.eur("140") },
    { who: s.accounts.water, amount: s.eur("30") },
    { who: s.accounts.resident, amount: s.eur("300") }, // 3 weeks of 100; savings are never released
  ];
}

async function settleAndReleaseDeferred(s: HostileSystem & { euro: EuroToken }) {
  await time.increaseTo(utc(2027, 2, 5));
  const settle = s.vault.settle();
  await expect(settle).to.emit(s.vault, "CreditorPaid").withArgs(0, Category.Rent, monthIndex(2027, 2), s.eur("750"));
  for (const p of (await payees(s)).slice(0, 4)) {
    await expect(settle).to.emit(s.vault, "PaymentDeferred").withArgs(p.who.address, p.amount);
  }
  await expect(s.vault.release()).to.emit(s.vault, "PaymentDeferred").withArgs(s.residentAddress, s.eur("300"));
  expect(await s.token.balanceOf(s.vaultAddress)).to.equal(s.eur("2000"));
  expect((await s.vault.accounts()).claimable).to.equal(s.eur("1370"));
  await expectConserved(s.euro, s.vault);
}

async function everyoneClaims(s: HostileSystem & { euro: EuroToken }) {
  for (const p of await payees(s)) {
    const claim = s.vault.connect(p.who).claim();
    await expect(claim).to.emit(s.vault, "Claimed").withArgs(p.who.address, p.amount);
    await expect(claim).to.changeTokenBalances(s.token, [s.vaultAddress, p.who.address], [-p.amount, p.amount]);
  }
  const a = await s.vault.accounts();
  expect(a.claimable).to.equal(0n);
  expect(a.unallocated).to.equal(0n);
  // Left: living money for weeks 4 and 5 (200), the buffer (250) and the savings (180).
  expect(await s.token.balanceOf(s.vaultAddress)).to.equal(s.eur("630"));
  await expectConserved(s.euro, s.vault);
}

describe("hostile token: paused token and blocklisted vault", function () {
  after(leaveFreshChain);

  describe("the token is paused by its issuer", function () {
    it("refuses deposits with the token's EnforcedPause", async function () {
      const s = await loadFixture(fixture);
      await s.euro.pause();
      await expect(s.vault.connect(s.accounts.svb).deposit(s.eur("100"))).to.be.revertedWithCustomError(
        s.euro,
        "EnforcedPause",
      );
    });

    it("defers every payout to claimable; claims work once the token is unpaused", async function () {
      const s = await loadFixture(fixture);
      await s.euro.pause();
      await settleAndReleaseDeferred(s);
      await expect(s.vault.connect(s.accounts.landlord).claim()).to.be.revertedWithCustomError(s.euro, "EnforcedPause");
      await s.euro.unpause();
      await everyoneClaims(s);
    });
  });

  describe("the vault itself is blocklisted by the token", function () {
    it("refuses deposits with EuroTokenBlocked(vault)", async function () {
      const s = await loadFixture(fixture);
      await s.euro.blocklist(s.vaultAddress);
      await expect(s.vault.connect(s.accounts.svb).deposit(s.eur("100")))
        .to.be.revertedWithCustomError(s.euro, "EuroTokenBlocked")
        .withArgs(s.vaultAddress);
    });

    it("defers every payout; nothing is lost; after unblocklisting all is claimed and March settles", async function () {
      const s = await loadFixture(fixture);
      await s.euro.blocklist(s.vaultAddress);
      await settleAndReleaseDeferred(s);
      await expect(s.vault.connect(s.accounts.energy).claim())
        .to.be.revertedWithCustomError(s.euro, "EuroTokenBlocked")
        .withArgs(s.vaultAddress);

      await s.euro.unblocklist(s.vaultAddress);
      await everyoneClaims(s);

      // Business as usual: new income pays what falls due (March rent, insurance, energy; February
      // water). It waits in the vault until the keeper's settle on 5 March splits it and pays.
      await s.vault.connect(s.accounts.svb).deposit(s.eur("1070"));
      expect((await s.vault.accounts()).unallocated).to.equal(s.eur("1070"));
      await time.increaseTo(utc(2027, 3, 5));
      await expect(s.vault.settle()).to.changeTokenBalances(
        s.token,
        [s.accounts.landlord.address, s.accounts.energy.address, s.accounts.insurer.address, s.accounts.water.address],
        [s.eur("750"), s.eur("150"), s.eur("140"), s.eur("30")],
      );
    });

    it("closing while blocklisted: the rest becomes the resident's claim, paid after unblocklisting", async function () {
      const s = await loadFixture(fixture);
      await s.vault.connect(s.accounts.resident).requestExit();
      await s.euro.blocklist(s.vaultAddress);
      await time.increaseTo(START + EXIT_NOTICE + DAY);
      const close = s.vault.close();
      // Water, rent, insurance and energy (1070) are deferred; the other 930 (living money 500,
      // buffer 250, savings 180) goes to the resident's claim.
      await expect(close).to.emit(s.vault, "VaultClosed").withArgs(0n, s.eur("930"));
      await expect(close).to.emit(s.vault, "PaymentDeferred").withArgs(s.residentAddress, s.eur("930"));
      expect((await s.vault.accounts()).claimable).to.equal(s.eur("2000"));

      await s.euro.unblocklist(s.vaultAddress);
      const expected: [string, bigint][] = [
        [s.accounts.landlord.address, s.eur("750")],
        [s.accounts.energy.address, s.eur("150")],
        [s.accounts.insurer.address, s.eur("140")],
        [s.accounts.water.address, s.eur("30")],
        [s.residentAddress, s.eur("930")],
      ];
      const signers = [
        s.accounts.landlord,
        s.accounts.energy,
        s.accounts.insurer,
        s.accounts.water,
        s.accounts.resident,
      ];
      for (let i = 0; i < expected.length; i++) {
        await expect(s.vault.connect(signers[i]).claim())
          .to.emit(s.vault, "Claimed")
          .withArgs(...expected[i]);
      }
      expect(await s.token.balanceOf(s.vaultAddress)).to.equal(0n);
    });
  });

  it("a blocklisted creditor cannot claim around its blocklisting; after unblocklisting it can", async function () {
    const s = await loadFixture(fixture);
    await s.euro.blocklist(s.accounts.landlord.address);
    await time.increaseTo(utc(2027, 2, 1));
    const settle = s.vault.settle();
    await expect(settle).to.emit(s.vault, "PaymentDeferred").withArgs(s.accounts.landlord.address, s.eur("750"));
    await expect(settle).to.changeTokenBalances(
      s.token,
      [s.accounts.insurer.address, s.accounts.water.address],
      [s.eur("140"), s.eur("30")],
    );
    await expect(s.vault.connect(s.accounts.landlord).claim())
      .to.be.revertedWithCustomError(s.euro, "EuroTokenBlocked")
      .withArgs(s.accounts.landlord.address);
    await s.euro.unblocklist(s.accounts.landlord.address);
    await expect(s.vault.connect(s.accounts.landlord).claim()).to.changeTokenBalances(
      s.token,
      [s.vaultAddress, s.accounts.landlord.address],
      [-s.eur("750"), s.eur("750")],
    );
  });
});
