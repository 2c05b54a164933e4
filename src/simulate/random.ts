/**
 * The seeded random draws. Each household has its own stream, a function of (seed, index) alone,
 * so any split of the households over worker threads draws the same households.
 */
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import type { Range } from "./population-fields";

export type { RandomGenerator };

/** MurmurHash3's finaliser: a bijection on 32-bit words that spreads every input bit. */
function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/**
 * Household `index`'s generator: xoroshiro128+ started from a 128-bit state mixed from the seed's
 * two 32-bit halves and the index. Each mixing step is invertible, so different (seed, index)
 * pairs start from different states, and every state word depends on all three.
 */
export function householdRandom(seed: number, index: number): RandomGenerator {
  let a = fmix32((seed | 0) ^ 0x9e3779b9);
  let b = fmix32((index | 0) ^ 0x7f4a7c15);
  let c = fmix32(Math.floor(seed / 2 ** 32) ^ 0x6a09e667);
  let d = 0x3c6ef372;
  a ^= fmix32(b + c);
  b ^= fmix32(a + d);
  c ^= fmix32(a ^ b);
  d ^= fmix32(a + b + c);
  return xoroshiro128plusFromState([a, b, c, d]);
}

/** A whole number drawn uniformly from the range (no draw when it is one value). */
export function drawWhole(rng: RandomGenerator, range: Range): number {
  return range.min === range.max ? range.min : uniformInt(rng, range.min, range.max);
}

/** A number drawn uniformly from [min, max). */
export function drawNumber(rng: RandomGenerator, range: Range): number {
  return range.min === range.max ? range.min : range.min + uniformFloat64(rng) * (range.max - range.min);
}

/** True with probability `rate`. */
export function happens(rng: RandomGenerator, rate: number): boolean {
  return rate > 0 && uniformFloat64(rng) < rate;
}

/** One of `options`, each as likely as its weight. */
export function pickWeighted<T extends { weight: number }>(rng: RandomGenerator, options: T[]): T {
  if (options.length === 1) return options[0];
  let u = uniformFloat64(rng) * options.reduce((sum, o) => sum + o.weight, 0);
  for (const option of options) {
    if (u < option.weight) return option;
    u -= option.weight;
  }
  return options[options.length - 1];
}

/** One of `items`, each as likely. */
export function pickOne<T>(rng: RandomGenerator, items: T[]): T {
  return items[uniformInt(rng, 0, items.length - 1)];
}
