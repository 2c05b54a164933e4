import { ethers } from "hardhat";
import { reset, time } from "@nomicfoundation/hardhat-network-helpers";
import { HouseholdVault, HouseholdVaultFactory, HostileAccount } from "../../typechain-types";
import { Category, EXIT_NOTICE, Plan, Source, utc } from "../helpers/fixtures";

/** Every mock token here (and EuroToken) has a `mint(to, amount)` open to the test. */
export interface MintableToken {
  getAddress(): Promise<string>;
  mint(to: string, amount: bigint): Promise<unknown>;
  balanceOf(account: string): Promise<bigint>;
  connect(signer: unknown): MintableToken;
  transfer(to: string, amount: bigint): Promise<unknown>;
  approve(spender: string, amount: bigint): Promise<unknown>;
}

export const HOSTILE_HOUSEHOLD_ID = ethers.id("household-hostile-1");
/** The vault is created on Sunday 10 January 2027, 12:00 UTC. */
export const START = utc(2027, 1, 10, 12);

export interface HostileOptions {
  /** The token contract name and constructor arguments (EuroToken takes admin and decimals). */
  token: string;
  tokenArgs?: (admin: string) => unknown[];
  decimals?: number;
  /** Make the creditor of these bucket indexes a HostileAccount contract (0 = rent, 1 = energy, ...). */
  hostileCreditors?: number[];
  /** Make the resident a HostileAccount contract. */
  hostileResident?: boolean;
  /** Register a HostileAccount as a payer (Work and Income). */
  hostilePayer?: boolean;
}

/**
 * The default four-bucket household (rent 750 due 1st, energy 150 due 5th, insurance 140 due 1st,
 * water 30 due 20th; 100 a week; buffer 250) in a vault of a factory that holds the given token.
 * Hostile accounts register for the token's hooks when the token has them.
 */
export async function deployHostile(opts: HostileOptions) {
  await freshChain(START);
  const [admin, resident, coach, svb, landlord, energy, insurer, water, treasury, keeper] = await ethers.getSigners();
  const decimals = opts.decimals ?? 18;
  const eur = (amount: string) => ethers.parseUnits(amount, decimals);

  const args = opts.tokenArgs ? opts.tokenArgs(admin.address) : [];
  const token = (await ethers.deployContract(opts.token, args)) as unknown as MintableToken;
  const tokenAddress = await token.getAddress();
  const implementation = await ethers.deployContract("HouseholdVault");
  const factory = (await ethers.deployContract("HouseholdVaultFactory", [
    admin.address,
    tokenAddress,
    await implementation.getAddress(),
    treasury.address,
    eur("1500"),
    EXIT_NOTICE,
  ])) as unknown as HouseholdVaultFactory;

  const hasHooks = opts.token === "HookToken";
  async function hostile(): Promise<HostileAccount> {
    const account = (await ethers.deployContract("HostileAccount")) as unknown as HostileAccount;
    if (hasHooks) await account.registerHooks(tokenAddress);
    return account;
  }

  const hostileCreditors: Record<number, HostileAccount> = {};
  const creditorAddresses = [landlord.address, energy.address, insurer.address, water.address];
  for (const index of opts.hostileCreditors ?? []) {
    hostileCreditors[index] = await hostile();
    creditorAddresses[index] = await hostileCreditors[index].getAddress();
  }
  const hostileResident = opts.hostileResident ? await hostile() : undefined;
  const residentAddress = hostileResident ? await hostileResident.getAddress() : resident.address;
  const hostilePayer = opts.hostilePayer ? await hostile() : undefined;

  await factory.registerPayer(svb.address, Source.SVB);
  if (hostilePayer) await factory.registerPayer(await hostilePayer.getAddress(), Source.WorkAndIncome);
  for (const creditor of creditorAddresses) await factory.approveCreditor(creditor);
  await factory.grantRole(await factory.COACH_ROLE(), coach.address);

  const plan: Plan = {
    buckets: [
      { category: Category.Rent, dueDay: 1, amountPerMonth: eur("750"), creditor: creditorAddresses[0] },
      { category: Category.Energy, dueDay: 5, amountPerMonth: eur("150"), creditor: creditorAddresses[1] },
      { category: Category.Insurance, dueDay: 1, amountPerMonth: eur("140"), creditor: creditorAddresses[2] },
      { category: Category.Water, dueDay: 20, amountPerMonth: eur("30"), creditor: creditorAddresses[3] },
    ],
    weeklyLivingMoney: eur("100"),
    bufferTarget: eur("250"),
  };

  await time.increaseTo(START);
  await factory.createVault(HOSTILE_HOUSEHOLD_ID, residentAddress, coach.address, plan);
  const vault = (await ethers.getContractAt(
    "HouseholdVault",
    await factory.vaultAddress(HOSTILE_HOUSEHOLD_ID),
  )) as unknown as HouseholdVault;
  const vaultAddress = await vault.getAddress();

  await token.mint(svb.address, eur("100000"));
  await token.connect(svb).approve(vaultAddress, ethers.MaxUint256);
  if (hostilePayer) {
    await token.mint(await hostilePayer.getAddress(), eur("100000"));
    await hostilePayer.approve(tokenAddress, vaultAddress, ethers.MaxUint256);
  }

  return {
    eur,
    decimals,
    token,
    tokenAddress,
    factory,
    vault,
    vaultAddress,
    plan,
    creditorAddresses,
    hostileCreditors,
    hostileResident,
    residentAddress,
    hostilePayer,
    accounts: { admin, resident, coach, svb, landlord, energy, insurer, water, treasury, keeper },
  };
}

export type HostileSystem = Awaited<ReturnType<typeof deployHostile>>;

/**
 * What January income of `amount`, split seconds after the vault's start on 10 January 2027, 12:00
 * (a deposit, or a plain transfer, and then the keeper's next call, such as allocate() in the next
 * block), gives each part, for the default plan: no month is due yet, so the four buckets get
 * their next payment in full (step 3), then living money for the five weeks that fall due within
 * LIVING_MONEY_HORIZON = 35 days (weeks ending 17, 24, 31 January, 7 and 14 February: step 4),
 * then the buffer, then the resident's savings.
 */
export function januaryWaterfall(eur: (a: string) => bigint, amount: bigint) {
  let remaining = amount;
  const take = (want: bigint) => {
    const give = remaining < want ? remaining : want;
    remaining -= give;
    return give;
  };
  const toBuckets = [take(eur("750")), take(eur("150")), take(eur("140")), take(eur("30"))];
  const toLivingMoney = take(eur("500"));
  const toBuffer = take(eur("250"));
  return { toBuckets, toLivingMoney, toAdvanceRepayment: 0n, toBuffer, toSavings: remaining };
}

/** The first second of a civil date (UTC); an alias that reads well next to `time.increaseTo`. */
export const at = utc;

/**
 * Makes sure the chain can still move to `start`: test files run in one process and one chain, and
 * time only moves forward, so a file that went to 2100 would leave later fixtures unable to go
 * back to 2027. Resetting clears every loadFixture snapshot, which then simply re-run.
 */
export async function freshChain(start: number): Promise<void> {
  if ((await time.latest()) >= start - 3600) await reset();
}

/** For an `after` hook in files that move time far ahead: leave a fresh chain to the next file. */
export async function leaveFreshChain(): Promise<void> {
  await reset();
}
