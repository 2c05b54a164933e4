/**
 * The vault arm's setting: the stand-in addresses a simulated vault uses, its options, and the
 * rules' World right after the factory created it with the household's plan.
 */
import { initialWorld, type Config, type Plan, type World } from "../rules";
import { CATEGORY, SOURCE, type CreditorRules, type HouseholdYear, type VaultAccounts } from "./types";

/** The stand-in addresses of a simulated vault (never on chain). */
export const SIM_ACCOUNTS: VaultAccounts = {
  vault: "sim:vault",
  resident: "sim:resident",
  coach: "sim:coach",
  treasury: "sim:treasury",
  payers: { [SOURCE.svb]: "sim:svb", [SOURCE.toeslagen]: "sim:toeslagen", [SOURCE.wi]: "sim:wi" },
  creditors: {
    [CATEGORY.rent]: "sim:landlord",
    [CATEGORY.energy]: "sim:energy",
    [CATEGORY.insurance]: "sim:insurer",
    [CATEGORY.water]: "sim:water",
  },
};

export interface VaultArmOptions {
  /** Whether the municipality advances money the day before a payment would be missed. */
  advances: boolean;
  /** The factory's ADVANCE_CAP. */
  advanceCap: bigint;
  /** The plan's buffer target at the start. */
  bufferTarget: bigint;
  /**
   * Whether the coach sets the forecast's recommended buffer target (reviewed on the 1st of each
   * measured month until one is set), and how late the calendar says a Toeslagen payment may come
   * (the forecast's worst case).
   */
  reviewBuffer: boolean;
  toeslagenLateDays: number;
  rules: CreditorRules;
  /**
   * A keeper that calls every day instead of only when nextKeeperCallAt() says there is work. The
   * figures must not change (test/simulate/simulation.test.ts); the simulation uses the cheaper one.
   */
  keeperEveryDay?: boolean;
}

/** More than any household's income: the stand-in payers and the treasury never run dry. */
const FUNDS = 1n << 120n;

/** The household's plan: its costs in order, each paid to its category's creditor. */
export function planOf(h: HouseholdYear, accounts: VaultAccounts, bufferTarget: bigint): Plan {
  return {
    buckets: h.costs.map((c) => ({
      category: c.category,
      dueDay: c.dueDay,
      amountPerMonth: c.amountPerMonth,
      creditor: accounts.creditors[c.category].toLowerCase(),
    })),
    weeklyLivingMoney: h.weekly,
    bufferTarget,
  };
}

/** The rules' World right after the factory created the vault at `h.start`. */
export function vaultWorld(h: HouseholdYear, accounts: VaultAccounts, options: VaultArmOptions): World {
  const payers = Object.fromEntries(Object.entries(accounts.payers).map(([s, a]) => [a.toLowerCase(), Number(s)]));
  const treasury = accounts.treasury.toLowerCase();
  const balances = Object.fromEntries([...Object.keys(payers), treasury].map((a) => [a, FUNDS]));
  const config: Config = {
    vault: accounts.vault.toLowerCase(),
    treasury,
    registrars: [],
    guardians: [],
    treasurers: [treasury],
    coaches: [accounts.coach.toLowerCase()],
    approvedCreditors: Object.values(accounts.creditors).map((c) => c.toLowerCase()),
    payers,
    advanceCap: options.advanceCap,
    exitNotice: 0,
  };
  const plan = planOf(h, accounts, options.bufferTarget);
  return initialWorld(config, h.start, accounts.resident, accounts.coach, plan, balances);
}
