/**
 * What a coach can do about a forecast shortfall, found by running the projection again:
 * - the smallest buffer target (in whole euros) that keeps every due date and week paid on time,
 *   for the calendar as written, and under its stated delays and reductions: in the worst case
 *   and at the 95th percentile of sampled outcomes (seeded, so a run can be repeated);
 * - the smallest advance (whole euros) that, paid the day before the first shortfall, prevents it.
 * Each search assumes more of the remedy never hurts (more buffer, more advance), and checks the
 * answer it gives.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { allocate, bucketsNeed, DAY, type World } from "../rules";
import type { Draw } from "./occurrences";
import { FORECAST_HOURS, project, type Projection, type ProjectionInput } from "./project";

/** A buffer target found, or why none is. */
export interface BufferAdvice {
  /** Token units (whole euros); undefined when no target up to `searchedUpTo` keeps every payment on time. */
  target?: bigint;
  searchedUpTo: bigint;
}

export interface AdvanceAdvice {
  /** Token units (whole euros); undefined when no advance the vault accepts prevents the shortfall. */
  amount?: bigint;
  /** When it must arrive: 10:00 UTC the day before the first shortfall. */
  day: number;
  /** The most the vault accepts then: the buckets' need, and the cap less what is outstanding. */
  largestAccepted: bigint;
}

/** True when every due date and every week in the projection is paid on its day. */
export function keepsPromises(p: Projection): boolean {
  return p.firstFailure === undefined;
}

/** The same world with another buffer target (as if the plan said so from now on). */
export function withBufferTarget(world: World, target: bigint): World {
  return { ...world, vault: { ...world.vault, bufferTarget: target } };
}

/**
 * The smallest buffer target, in whole euros (`euro` token units), that keeps every promise (or
 * those `keeps` asks for: a promise once broken stays broken, so each projection stops on the
 * first day `keeps` fails). `upTo` bounds the search (all the money the household has in the
 * horizon is enough).
 */
export function smallestBufferTarget(
  input: ProjectionInput,
  euro: bigint,
  upTo: bigint,
  keeps: (p: Projection) => boolean = keepsPromises,
): BufferAdvice {
  const ok = (euros: bigint) =>
    keeps(project({ ...input, world: withBufferTarget(input.world, euros * euro), stopWhen: (p) => !keeps(p) }));
  const top = (upTo + euro - 1n) / euro;
  const searchedUpTo = top * euro;
  // The common answers first, one projection each: no buffer needed, or none enough.
  if (ok(0n)) return { target: 0n, searchedUpTo };
  if (!ok(top)) return { searchedUpTo };
  return { target: lowestPassing(0n, top, ok) * euro, searchedUpTo };
}

/** Binary search: the lowest value in (fails, passes] for which `ok` holds, given ok(fails) is false and ok(passes) true. */
function lowestPassing(fails: bigint, passes: bigint, ok: (x: bigint) => boolean): bigint {
  let lo = fails;
  let hi = passes;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The smallest advance, in whole euros, paid at 10:00 the day before `failureAt`, that moves the first shortfall later. */
export function smallestAdvance(input: ProjectionInput, failureAt: number, euro: bigint): AdvanceAdvice {
  const failureDay = failureAt - (failureAt % DAY);
  const day = Math.max(failureDay - DAY, input.from - (input.from % DAY));
  const largestAccepted = largestAdvance(input, day);
  const helps = (euros: bigint) => {
    const p = project({ ...input, advances: [{ day, amount: euros * euro }] });
    return p.advances.length === 1 && (p.firstFailure === undefined || p.firstFailure.at > failureAt);
  };
  const top = largestAccepted / euro;
  if (top === 0n || !helps(top)) return { day, largestAccepted };
  return { amount: lowestPassing(0n, top, helps) * euro, day, largestAccepted };
}

/** What an advance on `day` may be at most: the buckets' need then, and the cap less what is owed. */
function largestAdvance(input: ProjectionInput, day: number): bigint {
  const at = day + FORECAST_HOURS.advance;
  const before = project({ ...input, lastDay: day, until: at }).world;
  // advance() splits the waiting income first: the need is what is left after that split.
  const split = allocate({ ...before, now: at });
  const w = split.ok ? split.world : { ...before, now: at };
  const room = w.config.advanceCap - w.vault.advanceOutstanding;
  const need = bucketsNeed(w.vault, w.now);
  return room < need ? room : need;
}

/** A seeded random draw within each payment's stated uncertainty. */
export function randomDraw(rng: RandomGenerator): Draw {
  return (p) => ({
    daysLate: p.uncertainty.lateDays > 0 ? uniformInt(rng, 0, p.uncertainty.lateDays) : 0,
    reduced: p.uncertainty.reduced !== undefined && uniformFloat64(rng) < p.uncertainty.reduced.probability,
  });
}

export function seededRandom(seed: number): RandomGenerator {
  return xoroshiro128plus(seed);
}

/** The value below which `q` (0..1) of the sorted values fall (nearest rank). */
export function percentile(sorted: bigint[], q: number): bigint {
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
