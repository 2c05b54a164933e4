/**
 * The vault arm's buffer target, as a coach sets it with the forecast (src/forecast) once the
 * household has settled in: the forecast's worst-case recommendation, the smallest target in whole
 * euros that keeps every due date on time over the forecast's horizon (3 months) when every
 * Toeslagen payment comes as late as Toeslagen payments may (the income calendar's stated
 * uncertainty, here the population's largest toeslagen delay) and the resident takes all her
 * savings out every week. That is what a buffer is for: money that carries late income and that
 * she cannot spend (savings pay missed payments as the buffer does, so without withdrawals any
 * target would do). The buckets already hold each next payment as soon as income arrives, so
 * income that is merely early or late in the month needs no buffer; late Toeslagen may.
 */
import { DAY, WEEK, type World } from "../rules";
import {
  FORECAST_ACCOUNTS,
  DEFAULT_FORECAST,
  smallestBufferTarget,
  type DatedIncome,
  type DatedWithdrawal,
  type Projection,
} from "../forecast";
import { SOURCE, type HouseholdYear } from "./types";

/** More than any household's income: the forecast's stand-in payers never run dry. */
const FUNDS = 1n << 120n;

/**
 * The forecast's recommendation for the vault in `world` (at world.now), or undefined when no
 * target keeps every promise in the horizon (the money is not there in time: the advance must help).
 */
export function recommendedBufferTarget(world: World, h: HouseholdYear, toeslagenLateDays: number): bigint | undefined {
  const from = world.now;
  const end = new Date((from - (from % DAY)) * 1000);
  end.setUTCMonth(end.getUTCMonth() + DEFAULT_FORECAST.months);
  const lastDay = end.getTime() / 1000 - DAY;
  const incomes: DatedIncome[] = h.expected
    .map((p) => {
      const daysLate = p.source === SOURCE.toeslagen ? toeslagenLateDays : 0;
      return { day: p.day + daysLate * DAY, id: p.kind, source: p.source, amount: p.amount, daysLate, reduced: false };
    })
    .filter((p) => p.day + DAY > from && p.day <= lastDay)
    .sort((a, b) => a.day - b.day);
  const withdrawals: DatedWithdrawal[] = [];
  for (let day = world.vault.start + WEEK; day <= lastDay; day += WEEK)
    if (day >= from - DAY) withdrawals.push({ day });
  // All the income in the horizon is more buffer than the household can hold in it.
  const upTo = incomes.reduce((sum, p) => sum + p.amount, 0n);
  const input = { world: withForecastAccounts(world), from, lastDay, incomes, withdrawals };
  return smallestBufferTarget(input, h.euro, upTo, fixedCostsOnTime).target;
}

/**
 * The buffer is for the fixed costs: every due date in the horizon paid on its day. (The weeks of
 * living money are not asked for: a vault that once fell behind releases them late, in the week
 * income arrives, whatever its buffer; see docs/simulation.md.)
 */
function fixedCostsOnTime(p: Projection): boolean {
  return p.dueDates.every((d) => d.status === "paid");
}

/** The same vault, its income paid by the forecast's own stand-in payers (its projection deposits from them). */
function withForecastAccounts(world: World): World {
  const payers = Object.fromEntries(Object.values(SOURCE).map((s) => [FORECAST_ACCOUNTS.payer(s), s]));
  const funds = Object.fromEntries(Object.keys(payers).map((p) => [p, FUNDS]));
  return {
    ...world,
    config: { ...world.config, payers: { ...world.config.payers, ...payers } },
    balances: { ...world.balances, ...funds },
  };
}
