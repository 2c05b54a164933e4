/**
 * The keeper's views: when a keeper call next has work (nextKeeperCallAt) and how the waiting
 * income would be split now (previewAllocation).
 */
import { MAX_CATCH_UP_WEEKS, Source, WEEK } from "./constants";
import { clone, unallocated, weeksElapsed, type Allocation, type World } from "./state";
import { waitingToSplit, waterfall } from "./waterfall";

/** type(uint256).max: nextKeeperCallAt() while paused or closed, when keeper calls revert. */
export const MAX_UINT256 = (1n << 256n) - 1n;

/**
 * nextKeeperCallAt() (architecture.md, "When to call"): the earliest time a keeper call has work.
 * MAX_UINT256 while paused or closed (keeper calls revert); 0 while income waits to be split; else
 * the earlier of the stored nextDueAt and the time release() next has work: the next week when
 * none is due; now when a due week can be paid (whole weeks from living money, savings and buffer)
 * or is not yet reported short; when every due week is short and reported, the next week that joins
 * release's five-week window, or never once the window is full. "Now" is returned as `w.now` and
 * "never" as +Infinity: the spec fixes neither number (compare with `keeperCallKey`).
 */
export function nextKeeperCallAt(w: World): bigint | number {
  const v = w.vault;
  if (v.closed || v.paused) return MAX_UINT256;
  if (unallocated(w) > 0n) return 0n;
  return Math.min(v.nextDueAt, releaseWorkAt(w));
}

function releaseWorkAt(w: World): number {
  const v = w.vault;
  const released = v.weeksReleased;
  const elapsed = weeksElapsed(v, w.now);
  if (elapsed <= released) return v.start + (released + 1) * WEEK;
  // The weeks one release() looks at: [released, window).
  const window = Math.min(elapsed, released + MAX_CATCH_UP_WEEKS);
  const canPay = v.weekly === 0n || v.livingMoney + v.savings + v.buffer >= v.weekly;
  if (canPay || window > v.shortReportedBefore) return w.now;
  return window < released + MAX_CATCH_UP_WEEKS ? v.start + (elapsed + 1) * WEEK : Number.POSITIVE_INFINITY;
}

/**
 * What a nextKeeperCallAt() answer means at time `now`: "now" for any time at or before now (the
 * view's own reading: due now), "never" for a time no uint40 timestamp reaches, else the time;
 * MAX_UINT256 (paused or closed) stays itself.
 */
export function keeperCallKey(x: bigint | number, now: number): string {
  if (x === MAX_UINT256) return "max";
  const t = typeof x === "bigint" ? x : x === Number.POSITIVE_INFINITY ? 1n << 40n : BigInt(x);
  if (t <= BigInt(now)) return "now";
  if (t >= (1n << 40n) - 1n) return "never";
  return t.toString();
}

/** What previewAllocation() returns: the Allocated event's parts, without the source. */
export type Preview = Omit<Allocation, "source">;

/**
 * previewAllocation(): how the waiting income would be split if a keeper called at `w.now` (the
 * same waterfall, nothing changes). A closed vault splits nothing: amount 0 and every part 0 (one
 * zero per bucket).
 */
export function previewAllocation(w: World): Preview {
  const amount = w.vault.closed ? 0n : waitingToSplit(w);
  const { source: _source, ...parts } = waterfall(clone(w), amount, Source.Income, false);
  void _source;
  return parts;
}
