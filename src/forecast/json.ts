/**
 * The forecast as JSON (`npm run forecast -- --json`): dates YYYY-MM-DD, amounts exact decimal
 * euro strings, households by id only.
 */
import { CATEGORY_NAMES } from "../chain";
import { isoDate, monthKey, Money } from "../core";
import { explainFailure } from "./format";
import type { HouseholdForecast, Recommendations } from "./forecast";
import type { BufferAdvice } from "./recommend";

export function forecastJson(f: HouseholdForecast, money: Money): Record<string, unknown> {
  const eur = (x: bigint) => money.exact(x);
  const p = f.projection;
  return {
    format: "huishoudboekje-forecast/1",
    householdId: f.snapshot.householdId,
    vault: f.snapshot.vault,
    readAt: { block: f.snapshot.blockNumber, time: new Date(f.snapshot.timestamp * 1000).toISOString() },
    through: isoDate(f.lastDay),
    months: f.months,
    incomes: f.incomes.map((i) => ({ date: isoDate(i.day), id: i.id, amount: eur(i.amount) })),
    dueDates: p.dueDates.map((d) => ({
      date: isoDate(d.dueAt),
      bucket: CATEGORY_NAMES[d.category],
      month: monthKey(d.month),
      amount: eur(d.amount),
      status: d.status,
      missing: eur(d.missing),
      paidOn: d.paidAt === undefined ? null : isoDate(d.paidAt),
    })),
    weeks: p.weeks.map((w) => ({
      week: w.week + 1,
      due: isoDate(w.dueAt),
      amount: eur(w.amount),
      status: w.status,
      paidOn: w.paidAt === undefined ? null : isoDate(w.paidAt),
    })),
    bufferLow: { amount: eur(p.bufferLow.amount), date: isoDate(p.bufferLow.at) },
    end: endJson(f, money),
    firstFailure: p.firstFailure
      ? {
          date: isoDate(p.firstFailure.at),
          kind: p.firstFailure.kind,
          missing: eur(p.firstFailure.missing),
          why: explainFailure(f, p.firstFailure, money),
        }
      : null,
    recommendations: f.recommendations ? recommendationsJson(f.recommendations, money) : null,
  };
}

function endJson(f: HouseholdForecast, money: Money) {
  const end = f.projection.samples[f.projection.samples.length - 1];
  return {
    buffer: money.exact(end.buffer),
    savings: money.exact(end.savings),
    savingsWithdrawn: money.exact(f.projection.withdrawn.reduce((a, w) => a + w.amount, 0n)),
    advanceOutstanding: money.exact(end.advanceOutstanding),
  };
}

function recommendationsJson(r: Recommendations, money: Money) {
  const target = (a: BufferAdvice) => (a.target === undefined ? null : money.exact(a.target));
  return {
    currentBufferTarget: money.exact(r.currentBufferTarget),
    bufferTarget: target(r.bufferTarget),
    bufferTargetWorstCase: target(r.worstCase),
    bufferTargetP95: target(r.p95),
    samples: r.samples,
    seed: r.seed,
    advance: r.advance
      ? {
          amount: r.advance.amount === undefined ? null : money.exact(r.advance.amount),
          date: isoDate(r.advance.day),
          largestAccepted: money.exact(r.advance.largestAccepted),
        }
      : null,
  };
}
