/**
 * A household's forecast: the vault's state read on chain, the income calendar, the projection
 * and, for a coach, what would keep every payment on time.
 */
import type { VaultSnapshot } from "../chain/vault-state";
import { DAY, Money } from "../core";
import type { IncomeCalendar } from "./income-calendar";
import { datedIncomes, datedWithdrawals, WORST_CASE, type DatedIncome, type Draw } from "./occurrences";
import { project, type Projection, type ProjectionInput } from "./project";
import {
  percentile,
  randomDraw,
  seededRandom,
  smallestAdvance,
  smallestBufferTarget,
  type AdvanceAdvice,
  type BufferAdvice,
} from "./recommend";
import { worldOf } from "./world";

export interface ForecastOptions {
  /** Months ahead (the projection runs to the day before the same date that many months later). */
  months: number;
  /** Sampled outcomes of the calendar's uncertainty for the 95th percentile (0: no sampling). */
  samples: number;
  seed: number;
  /** Search for the buffer target and advance (a coach's view); off for a quick at-risk scan. */
  recommend: boolean;
}

export const DEFAULT_FORECAST: ForecastOptions = { months: 3, samples: 100, seed: 1, recommend: true };

export interface Recommendations {
  currentBufferTarget: bigint;
  /** The calendar as written. */
  bufferTarget: BufferAdvice;
  /** Every payment at its latest and reduced, and the worst of the samples. */
  worstCase: BufferAdvice;
  /** Enough for 95 % of the sampled outcomes. */
  p95: BufferAdvice;
  samples: number;
  seed: number;
  /** Only when the calendar as written falls short somewhere. */
  advance?: AdvanceAdvice;
}

export interface HouseholdForecast {
  snapshot: VaultSnapshot;
  /** 00:00 UTC of the last day projected. */
  lastDay: number;
  months: number;
  incomes: DatedIncome[];
  projection: Projection;
  recommendations?: Recommendations;
}

/** The forecast of one vault, from its state and the household's income calendar. */
export function forecastHousehold(
  snapshot: VaultSnapshot,
  advanceCap: bigint,
  calendar: IncomeCalendar,
  money: Money,
  options: ForecastOptions = DEFAULT_FORECAST,
): HouseholdForecast {
  const from = snapshot.timestamp;
  const firstDay = from - (from % DAY);
  const lastDay = addMonths(firstDay, options.months) - DAY;
  const inputFor = (draw?: Draw): ProjectionInput => ({
    world: worldOf(snapshot, advanceCap),
    from,
    lastDay,
    incomes: datedIncomes(calendar, money, firstDay, lastDay, draw),
    withdrawals: datedWithdrawals(calendar.withdrawals, money, firstDay, lastDay),
  });
  const input = inputFor();
  const projection = project(input);
  const forecast: HouseholdForecast = { snapshot, lastDay, months: options.months, incomes: input.incomes, projection };
  if (options.recommend) forecast.recommendations = recommend(input, projection, inputFor, money, options);
  return forecast;
}

function recommend(
  input: ProjectionInput,
  projection: Projection,
  inputFor: (draw?: Draw) => ProjectionInput,
  money: Money,
  options: ForecastOptions,
): Recommendations {
  const euro = money.units("1");
  const worstInput = inputFor(WORST_CASE);
  // All the money the household has in the horizon: a buffer target above it changes nothing.
  const upTo = holdings(input) + sum(input.incomes) + sum(worstInput.incomes);
  const targetFor = (i: ProjectionInput) => smallestBufferTarget(i, euro, upTo);
  const rng = seededRandom(options.seed);
  const sampled = Array.from({ length: options.samples }, () => targetFor(inputFor(randomDraw(rng))));
  const worst = targetFor(worstInput);
  const recommendations: Recommendations = {
    currentBufferTarget: input.world.vault.bufferTarget,
    bufferTarget: targetFor(input),
    worstCase: highest([worst, ...sampled], upTo),
    p95: options.samples > 0 ? at95(sampled, upTo) : worst,
    samples: options.samples,
    seed: options.seed,
  };
  if (projection.firstFailure) {
    recommendations.advance = smallestAdvance(input, projection.firstFailure.at, euro);
  }
  return recommendations;
}

/** What the vault holds now (tracked and waiting). */
function holdings(input: ProjectionInput): bigint {
  return input.world.balances[input.world.config.vault] ?? 0n;
}

function sum(incomes: DatedIncome[]): bigint {
  return incomes.reduce((s, i) => s + i.amount, 0n);
}

/** The highest target; none when any outcome has none. */
function highest(advice: BufferAdvice[], upTo: bigint): BufferAdvice {
  if (advice.some((a) => a.target === undefined)) return { searchedUpTo: upTo };
  return { target: advice.reduce((m, a) => (a.target! > m ? a.target! : m), 0n), searchedUpTo: upTo };
}

/** The 95th percentile of the sampled targets (an outcome with no target counts as above all). */
function at95(sampled: BufferAdvice[], upTo: bigint): BufferAdvice {
  const never = upTo + 1n;
  const sorted = sampled.map((a) => a.target ?? never).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const p = percentile(sorted, 0.95);
  return p === never ? { searchedUpTo: upTo } : { target: p, searchedUpTo: upTo };
}

/** 00:00 UTC of the same day of the month `months` later (the month's last day when shorter). */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / 1000;
}
