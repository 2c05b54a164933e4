/**
 * The shocks: each hits a household-year with the rate the population file states, once, in a
 * month of the measured year drawn uniformly, and changes the household's drafted payments, costs,
 * cost changes or one-off costs (amounts in cents until the household is finished).
 */
import { DAY, dueTimestamp, WEEK } from "../core";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { ShockRules } from "./population-file";
import { nextWorkday } from "./pay-days";
import { drawNumber, drawWhole, happens, pickOne, type RandomGenerator } from "./random";
import { CATEGORY, SHOCKS, SOURCE, type IncomeKind, type ShockName } from "./types";

/** The run's days and months. */
export interface YearFrame {
  start: number;
  measureFrom: number;
  lastDay: number;
  /** Month index of January of the measured year. */
  firstMonth: number;
}

export interface DraftPayment {
  day: number;
  source: number;
  kind: IncomeKind;
  cents: number;
  /** The month index it is scheduled in (a payment moved before a weekend or late keeps it). */
  month: number;
}

export interface DraftCost {
  category: number;
  dueDay: number;
  cents: number;
}

export interface Draft {
  frame: YearFrame;
  payments: DraftPayment[];
  costs: DraftCost[];
  costChanges: { day: number; category: number; fromMonth: number; cents: number }[];
  oneOffs: { day: number; cents: number }[];
}

interface Effect<Rule> {
  /** Whether the household has what the shock hits (a toeslag, bijstand, an energy bill). */
  applies(draft: Draft): boolean;
  apply(rng: RandomGenerator, rule: Rule, draft: Draft): void;
}

const isToeslag = (p: DraftPayment) => p.source === SOURCE.toeslagen;
const measured = (draft: Draft, month: number) =>
  month >= draft.frame.firstMonth && month < draft.frame.firstMonth + 12;
const measuredMonth = (rng: RandomGenerator, draft: Draft) => draft.frame.firstMonth + uniformInt(rng, 0, 11);
const hasMeasuredToeslag = (draft: Draft) => draft.payments.some((p) => isToeslag(p) && measured(draft, p.month));

const EFFECTS: { [K in ShockName]: Effect<NonNullable<ShockRules[K]>> } = {
  /** Every toeslag of one month comes `days` later (on a working day). */
  "toeslagen-late": {
    applies: hasMeasuredToeslag,
    apply(rng, rule, draft) {
      const months = draft.payments.filter((p) => isToeslag(p) && measured(draft, p.month)).map((p) => p.month);
      const month = pickOne(rng, [...new Set(months)]);
      const days = drawWhole(rng, rule.days);
      for (const p of draft.payments) if (isToeslag(p) && p.month === month) p.day = nextWorkday(p.day + days * DAY);
    },
  },
  /** A reclaim withheld from the toeslagen of `months` months, up to `amountPerMonth` each. */
  reclaim: {
    applies: hasMeasuredToeslag,
    apply(rng, rule, draft) {
      const first = measuredMonth(rng, draft);
      const months = drawWhole(rng, rule.months);
      const perMonth = drawWhole(rng, rule.amountPerMonth);
      for (let month = first; month < first + months; month++) {
        let left = perMonth;
        for (const p of draft.payments.filter((x) => isToeslag(x) && x.month === month)) {
          const withheld = Math.min(left, p.cents);
          p.cents -= withheld;
          left -= withheld;
        }
      }
    },
  },
  /** After a re-assessment, one bijstand payment comes `weeks` weeks late. */
  "late-first-bijstand": {
    applies: (draft) => draft.payments.some((p) => p.kind === "bijstand" && measured(draft, p.month)),
    apply(rng, rule, draft) {
      const payment = pickOne(
        rng,
        draft.payments.filter((p) => p.kind === "bijstand" && measured(draft, p.month)),
      );
      payment.day += drawWhole(rng, rule.weeks) * WEEK;
    },
  },
  /** An unplanned bill on a day of the measured year. */
  "one-off-cost": {
    applies: () => true,
    apply(rng, rule, draft) {
      const days = (draft.frame.lastDay - draft.frame.measureFrom) / DAY + 1;
      const day = draft.frame.measureFrom + uniformInt(rng, 0, days - 1) * DAY;
      draft.oneOffs.push({ day, cents: drawWhole(rng, rule.amount) });
    },
  },
  /** The energy instalment changes from a month on, agreed `noticeDays` before its first due date. */
  "energy-change": {
    applies: (draft) => draft.costs.some((c) => c.category === CATEGORY.energy),
    apply(rng, rule, draft) {
      const energy = draft.costs.find((c) => c.category === CATEGORY.energy)!;
      const fromMonth = measuredMonth(rng, draft);
      const percent = drawNumber(rng, rule.changePercent);
      const cents = Math.max(1, Math.round((energy.cents * (100 + percent)) / 100));
      const day = dueTimestamp(fromMonth, energy.dueDay) - rule.noticeDays * DAY;
      draft.costChanges.push({ day, category: CATEGORY.energy, fromMonth, cents });
    },
  },
};

function strike<K extends ShockName>(name: K, rng: RandomGenerator, rules: ShockRules, draft: Draft): boolean {
  const rule = rules[name];
  const effect = EFFECTS[name];
  if (rule === undefined || !effect.applies(draft) || !happens(rng, rule.rate)) return false;
  effect.apply(rng, rule as NonNullable<ShockRules[K]>, draft);
  return true;
}

/** Draws each shock in SHOCKS order, applies those that hit, and names them. */
export function drawShocks(rng: RandomGenerator, rules: ShockRules, draft: Draft): ShockName[] {
  return SHOCKS.filter((name) => strike(name, rng, rules, draft));
}
