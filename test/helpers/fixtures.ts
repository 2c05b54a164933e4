import { ethers } from "hardhat";
import { loadFixture, reset, time } from "@nomicfoundation/hardhat-network-helpers";
import { EuroToken, HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";

/** Mirrors IHouseholdVault.Source. */
export const Source = {
  Untagged: 0,
  SVB: 1,
  Toeslagen: 2,
  WorkAndIncome: 3,
  OtherPayer: 4,
  MunicipalAdvance: 5,
  PlanChange: 6,
  Income: 7,
} as const;

/** Mirrors IHouseholdVault.Category. */
export const Category = {
  Rent: 0,
  Energy: 1,
  Insurance: 2,
  Water: 3,
  Telecom: 4,
  Taxes: 5,
  DebtRepayment: 6,
  Other: 7,
} as const;

export const DAY = 86_400;
export const WEEK = 7 * DAY;
export const EXIT_NOTICE = 30 * DAY;
export const HOUSEHOLD_ID = ethers.id("household-fixture-1"); // a random-looking id, no personal data

/** 00:00 UTC of a civil date (month 1-12). */
export function utc(year: number, month: number, day: number, hour = 0): number {
  return Date.UTC(year, month - 1, day, hour) / 1000;
}

/** Month index as the vault counts it: year * 12 + month - 1. */
export function monthIndex(year: number, month: number): bigint {
  return BigInt(year * 12 + month - 1);
}

export type BucketPlan = IHouseholdVault.BucketPlanStruct;
export type Plan = IHouseholdVault.PlanStruct;

/**
 * A single parent with two children, in euro: rent due on the 1st, energy on the 5th, health
 * insurance on the 1st, water on the 20th; EUR 100 living money a week; buffer target EUR 250.
 */
export function defaultPlan(
  eur: (amount: string) => bigint,
  creditors: { landlord: string; energy: string; insurer: string; water: string },
): Plan {
  return {
    buckets: [
      { category: Category.Rent, dueDay: 1, amountPerMonth: eur("750"), creditor: creditors.landlord },
      { category: Category.Energy, dueDay: 5, amountPerMonth: eur("150"), creditor: creditors.energy },
      { category: Category.Insurance, dueDay: 1, amountPerMonth: eur("140"), creditor: creditors.insurer },
      { category: Category.Water, dueDay: 20, amountPerMonth: eur("30"), creditor: creditors.water },
    ],
    weeklyLivingMoney: eur("100"),
    bufferTarget: eur("250"),
  };
}

/**
 * Deploys token, vault implementation and factory; registers SVB, Toeslagen and W&I as payers and
 * four creditors; appoints a coach; funds the payers and the treasurer; and (unless `start` is
 * null) moves the chain to `start` and creates one household vault with `defaultPlan`.
 */
export async function deploySystem(decimals: number, start: number | null = utc(2027, 1, 10, 12)) {
  // A fixture loaded for the first time runs on the chain as the last test left it; if that test
  // moved time past `start`, start again from a fresh chain (this also drops loadFixture's snapshots,
  // so other fixtures are simply rebuilt the next time they are loaded).
  if (start !== null && (await time.latest()) >= start) await reset();
  const [admin, resident, coach, svb, toeslagen, wi, landlord, energy, insurer, water, treasury, keeper, stranger] =
    await ethers.getSigners();
  const eur = (amount: string) => ethers.parseUnits(amount, decimals);

  const token = (await ethers.deployContract("EuroToken", [admin.address, decimals])) as unknown as EuroToken;
  const implementation = (await ethers.deployContract("HouseholdVault")) as unknown as HouseholdVault;
  const factory = (await ethers.deployContract("HouseholdVaultFactory", [
    admin.address,
    await token.getAddress(),
    await implementation.getAddress(),
    treasury.address,
    eur("1500"),
    EXIT_NOTICE,
  ])) as unknown as HouseholdVaultFactory;

  await factory.registerPayer(svb.address, Source.SVB);
  await factory.registerPayer(toeslagen.address, Source.Toeslagen);
  await factory.registerPayer(wi.address, Source.WorkAndIncome);
  for (const creditor of [landlord, energy, insurer, water]) await factory.approveCreditor(creditor.address);
  await factory.grantRole(await factory.COACH_ROLE(), coach.address);

  for (const payer of [svb, toeslagen, wi, treasury, admin]) await token.mint(payer.address, eur("100000"));

  const creditors = {
    landlord: landlord.address,
    energy: energy.address,
    insurer: insurer.address,
    water: water.address,
  };
  const plan = defaultPlan(eur, creditors);

  let vault: HouseholdVault | undefined;
  if (start !== null) {
    await time.increaseTo(start);
    await factory.createVault(HOUSEHOLD_ID, resident.address, coach.address, plan);
    vault = (await ethers.getContractAt(
      "HouseholdVault",
      await factory.vaultAddress(HOUSEHOLD_ID),
    )) as unknown as HouseholdVault;
    const vaultAddress = await vault.getAddress();
    for (const payer of [svb, toeslagen, wi, admin]) {
      await token.connect(payer).approve(vaultAddress, ethers.MaxUint256);
    }
  }

  return {
    decimals,
    eur,
    token,
    implementation,
    factory,
    vault: vault as HouseholdVault,
    plan,
    creditors,
    accounts: {
      admin,
      resident,
      coach,
      svb,
      toeslagen,
      wi,
      landlord,
      energy,
      insurer,
      water,
      treasury,
      keeper,
      stranger,
    },
  };
}

export type System = Awaited<ReturnType<typeof deploySystem>>;

/** The three decimal settings every behaviour runs with. */
export const DECIMALS = [2, 6, 18] as const;

/** One fixture function per decimal setting, so `loadFixture` can snapshot each. */
export const fixtures: Record<(typeof DECIMALS)[number], () => Promise<System>> = {
  2: () => deploySystem(2),
  6: () => deploySystem(6),
  18: () => deploySystem(18),
};

/** The default household at 6 decimals (as EURC), with the accounts spread out for destructuring. */
export async function defaultHousehold() {
  const sys = await loadFixture(fixtures[6]);
  return { ...sys, ...sys.accounts };
}

/** The default household after a January income of 2000, split by allocate() as a keeper's next
 * call would: buckets 1070, five weeks of living money 500, buffer 250, savings 180. */
export async function fundedHousehold() {
  const sys = await defaultHousehold();
  await sys.vault.connect(sys.svb).deposit(sys.eur("2000"));
  await sys.vault.allocate();
  return sys;
}
