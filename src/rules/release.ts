/**
 * release(): the weekly living money, paid from living money and topped up by whole weeks from
 * savings and the buffer; weeks still short are reported once.
 */
import { MAX_CATCH_UP_WEEKS } from "./constants";
import { min, weeksElapsed, type Effects, type World } from "./state";
import { settleIfDue } from "./settle";
import { payOut } from "./token";

/** The body of release() on an open, unpaused vault, after its split: settle first once nextDueAt has come. */
export function releaseBody(w: World, fx: Effects): bigint {
  const v = w.vault;
  settleIfDue(w, fx);
  const weeksDue = Math.min(Math.max(0, weeksElapsed(v, w.now) - v.weeksReleased), MAX_CATCH_UP_WEEKS);
  if (weeksDue === 0) return 0n;
  const cost = BigInt(weeksDue) * v.weekly;
  if (v.livingMoney < cost) {
    // Savings, then the buffer, top up whole weeks only (a part of a week that would not be paid
    // would lock savings in living money or drain the buffer that protects the rent).
    const affordableWeeks = (v.livingMoney + v.savings + v.buffer) / v.weekly;
    const affordable = (affordableWeeks < BigInt(weeksDue) ? affordableWeeks : BigInt(weeksDue)) * v.weekly;
    if (affordable > v.livingMoney) {
      const fromSavings = min(v.savings, affordable - v.livingMoney);
      if (fromSavings > 0n) {
        v.savings -= fromSavings;
        v.livingMoney += fromSavings;
        fx.savingsUsed.push(fromSavings);
      }
      const fromBuffer = affordable - v.livingMoney;
      v.buffer -= fromBuffer;
      v.livingMoney += fromBuffer;
    }
  }
  const weeksPaid = v.weekly === 0n ? weeksDue : Math.min(weeksDue, Number(v.livingMoney / v.weekly));
  const living = BigInt(weeksPaid) * v.weekly;
  v.livingMoney -= living;
  v.weeksReleased += weeksPaid;
  if (weeksPaid > 0) fx.releases.push({ weeks: weeksPaid, amount: living });
  // Weeks still short: [weeksReleased, weeksReleased + weeksDue - weeksPaid), each reported once.
  const shortEnd = v.weeksReleased + weeksDue - weeksPaid;
  const newlyShort = shortEnd - Math.max(v.weeksReleased, v.shortReportedBefore);
  if (newlyShort > 0) fx.shortWeeks.push(newlyShort);
  v.shortReportedBefore = Math.max(v.shortReportedBefore, shortEnd);
  if (living > 0n) payOut(w, v.resident, living, fx);
  return living;
}
