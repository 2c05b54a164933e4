/**
 * Forecasts read from a chain: one vault, or every vault of a factory (the coach's at-risk list).
 * All reads of a factory's vaults are sent at once against one block, so a JSON-RPC provider
 * batches them into a few round trips.
 */
import path from "path";
import fs from "fs";
import type { Provider } from "ethers";
import { factoryTerms, factoryVaults, readVault, readVaultAt, tokenDecimals } from "../chain";
import { DAY, Money, UserError } from "../core";
import { loadIncomeCalendar, type IncomeCalendar } from "./calendar-file";
import { DEFAULT_FORECAST, forecastHousehold, type ForecastOptions, type HouseholdForecast } from "./forecast";
import type { Failure } from "./project";

export interface VaultForecast {
  forecast: HouseholdForecast;
  money: Money;
}

/** The forecast of the vault at `vault`, as of `block` (default: the latest). */
export async function forecastVault(
  provider: Provider,
  vault: string,
  calendar: IncomeCalendar,
  options: ForecastOptions = DEFAULT_FORECAST,
  block?: number,
): Promise<VaultForecast> {
  const snapshot = await readVault(provider, vault.toLowerCase(), block);
  const [{ advanceCap }, decimals] = await Promise.all([
    factoryTerms(provider, snapshot.factory),
    tokenDecimals(provider, vault),
  ]);
  const money = new Money(decimals);
  return { forecast: forecastHousehold(snapshot, advanceCap, calendar, money, options), money };
}

/** A household whose forecast falls short within the window. */
export interface AtRisk {
  householdId: string;
  vault: string;
  failure: Failure;
  /** True when no calendar file was found: the forecast assumed no income. */
  noCalendar: boolean;
}

export interface FactoryScan {
  households: number;
  atRisk: AtRisk[];
  withoutCalendar: number;
  money: Money;
  block: number;
}

/**
 * Every household of `factory`, forecast `days` ahead with its calendar (`calendarFor`; a
 * household without one is forecast with no income), and those that fall short, by date.
 */
export async function scanFactory(
  provider: Provider,
  factory: string,
  calendarFor: (householdId: string) => IncomeCalendar | undefined,
  days = 30,
  onProgress?: (done: number, total: number) => void,
): Promise<FactoryScan> {
  const vaults = await factoryVaults(provider, factory);
  const block = (await provider.getBlock("latest"))!;
  const { advanceCap } = await factoryTerms(provider, factory);
  const money = new Money(vaults.length > 0 ? await tokenDecimals(provider, vaults[0].vault) : 6);
  const snapshots = await Promise.all(
    vaults.map((v) => readVaultAt(provider, v.vault, block.number, block.timestamp, true)),
  );
  const options = { ...DEFAULT_FORECAST, months: monthsFor(days), recommend: false };
  // The window: today and the `days` days after it.
  const windowEnd = block.timestamp - (block.timestamp % DAY) + (days + 1) * DAY;
  const atRisk: AtRisk[] = [];
  let withoutCalendar = 0;
  snapshots.forEach((snapshot, i) => {
    const calendar = calendarFor(snapshot.householdId);
    if (!calendar) withoutCalendar++;
    const f = forecastHousehold(snapshot, advanceCap, calendar ?? NO_INCOME, money, options);
    const failure = f.projection.firstFailure;
    if (failure && failure.at < windowEnd) {
      atRisk.push({ householdId: snapshot.householdId, vault: snapshot.vault, failure, noCalendar: !calendar });
    }
    onProgress?.(i + 1, snapshots.length);
  });
  atRisk.sort((a, b) => a.failure.at - b.failure.at);
  return { households: vaults.length, atRisk, withoutCalendar, money, block: block.number };
}

const NO_INCOME: IncomeCalendar = { payments: [], withdrawals: [] };

/** Whole months that cover `days`. */
function monthsFor(days: number): number {
  return Math.ceil(days / 28);
}

/**
 * Calendars for a factory scan: a directory of files named by household id (`0x….json`); the
 * files stay with the coach, off chain.
 */
export function calendarDirectory(dir: string): (householdId: string) => IncomeCalendar | undefined {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UserError(
      `--income must name a directory of calendar files (one per household id) with --factory: ${dir}`,
    );
  }
  return (householdId) => {
    const file = path.join(dir, `${householdId.toLowerCase()}.json`);
    return fs.existsSync(file) ? loadIncomeCalendar(file) : undefined;
  };
}
