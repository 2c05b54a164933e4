/**
 * The income calendar: what a household expects to receive, kept off chain by the coach (it names
 * payers and amounts, never a person). One JSON file:
 *
 *   {
 *     "payments": [
 *       { "id": "bijstand", "payer": "wi", "amount": "1340.00", "schedule": { "monthly": 25 },
 *         "uncertainty": { "lateDays": 3 } },
 *       { "id": "huurtoeslag", "payer": "toeslagen", "amount": "298.00", "schedule": { "monthly": 20 },
 *         "uncertainty": { "lateDays": 14, "reduced": { "probability": 0.25, "amount": "148.00" } } },
 *       { "id": "kinderbijslag", "payer": "svb", "amount": "622.50",
 *         "schedule": { "quarterly": 5, "firstMonth": 1 } },
 *       { "id": "vakantiegeld", "payer": "wi", "amount": "820.00", "schedule": { "yearly": "05-25" } },
 *       { "id": "bijzondere-bijstand", "payer": "wi", "amount": "450.00", "schedule": { "once": "2027-06-14" } }
 *     ],
 *     "withdrawals": [{ "amount": "all", "schedule": { "monthly": 6 } }]
 *   }
 *
 * A payment due on a Saturday or Sunday comes on the Friday before, as Dutch payers pay. `lateDays`
 * is how many days late it may come; `reduced` how likely a smaller amount is (a Toeslagen reclaim).
 * `withdrawals` (optional) are the resident's own withdrawals of her savings: an amount, or "all"
 * (what the vault shows as her savings then). `label` and `note` are free text for the coach.
 */
import { UserError } from "../core";

export const PAYER_NAMES = ["svb", "toeslagen", "wi", "other"] as const;
export type PayerName = (typeof PAYER_NAMES)[number];
/** IHouseholdVault.Source of each payer name (the tag a deposit carries). */
export const PAYER_SOURCE: Record<PayerName, number> = { svb: 1, toeslagen: 2, wi: 3, other: 4 };

export type Schedule =
  | { monthly: number }
  | { quarterly: number; firstMonth: number }
  | { yearly: { month: number; day: number } }
  | { once: string };

export interface Uncertainty {
  /** At most this many days late (0 = on time). */
  lateDays: number;
  /** The chance (0 to 1) that the amount is reduced, and the reduced amount. */
  reduced?: { probability: number; amount: string };
}

export interface ExpectedPayment {
  id: string;
  payer: PayerName;
  amount: string;
  schedule: Schedule;
  uncertainty: Uncertainty;
}

export interface PlannedWithdrawal {
  /** Euros, or "all": whatever savings the vault holds then. */
  amount: string | "all";
  schedule: Schedule;
}

export interface IncomeCalendar {
  payments: ExpectedPayment[];
  withdrawals: PlannedWithdrawal[];
}

const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a parsed calendar; throws a UserError naming `file` and the first bad field. */
export function checkIncomeCalendar(raw: unknown, file: string): IncomeCalendar {
  const fail = (where: string, problem: string): never => {
    throw new UserError(`${file}: ${where}: ${problem}`);
  };
  if (!isObject(raw)) fail("the file", "must hold a JSON object with a `payments` list");
  const obj = raw as Record<string, unknown>;
  allowOnly(obj, ["$comment", "payments", "withdrawals"], "the file", fail);
  if (!Array.isArray(obj.payments) || obj.payments.length === 0) {
    fail("payments", "must be a non-empty list of expected payments");
  }
  const payments = (obj.payments as unknown[]).map((p, i) => checkPayment(p, `payments[${i}]`, fail));
  const ids = new Set<string>();
  payments.forEach((p, i) => {
    if (ids.has(p.id)) fail(`payments[${i}].id`, `"${p.id}" is used twice`);
    ids.add(p.id);
  });
  if (obj.withdrawals !== undefined && !Array.isArray(obj.withdrawals)) fail("withdrawals", "must be a list");
  const withdrawals = ((obj.withdrawals as unknown[] | undefined) ?? []).map((w, i) =>
    checkWithdrawal(w, `withdrawals[${i}]`, fail),
  );
  return { payments, withdrawals };
}

type Fail = (where: string, problem: string) => never;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function allowOnly(obj: Record<string, unknown>, keys: string[], where: string, fail: Fail): void {
  const unknown = Object.keys(obj).filter((k) => !keys.includes(k));
  if (unknown.length > 0) fail(where, `unknown field "${unknown[0]}" (allowed: ${keys.join(", ")})`);
}

function checkAmount(x: unknown, where: string, fail: Fail, allowZero = false): string {
  if (typeof x !== "string" || !AMOUNT.test(x)) {
    fail(where, `must be an amount in euros as a string, like "850.00" (got ${JSON.stringify(x)})`);
  }
  if (!allowZero && Number(x) === 0) fail(where, "must be more than 0");
  return x as string;
}

function checkPayment(raw: unknown, where: string, fail: Fail): ExpectedPayment {
  if (!isObject(raw)) fail(where, "must be an object with id, payer, amount and schedule");
  const p = raw as Record<string, unknown>;
  allowOnly(p, ["id", "label", "note", "payer", "amount", "schedule", "uncertainty"], where, fail);
  if (typeof p.id !== "string" || !/^[a-z0-9-]{1,40}$/.test(p.id)) {
    fail(`${where}.id`, "must be a short code of lower-case letters, digits and dashes");
  }
  if (!PAYER_NAMES.includes(p.payer as PayerName)) {
    fail(`${where}.payer`, `must be one of ${PAYER_NAMES.join(", ")} (got ${JSON.stringify(p.payer)})`);
  }
  const amount = checkAmount(p.amount, `${where}.amount`, fail);
  const uncertainty = checkUncertainty(p.uncertainty, `${where}.uncertainty`, fail);
  if (uncertainty.reduced && Number(uncertainty.reduced.amount) >= Number(amount)) {
    fail(`${where}.uncertainty.reduced.amount`, `must be less than the payment's amount (${amount})`);
  }
  const schedule = checkSchedule(p.schedule, `${where}.schedule`, fail);
  return { id: p.id as string, payer: p.payer as PayerName, amount, schedule, uncertainty };
}

function checkWithdrawal(raw: unknown, where: string, fail: Fail): PlannedWithdrawal {
  if (!isObject(raw)) fail(where, 'must be an object with amount (euros or "all") and schedule');
  const w = raw as Record<string, unknown>;
  allowOnly(w, ["amount", "schedule", "note"], where, fail);
  const amount = w.amount === "all" ? "all" : checkAmount(w.amount, `${where}.amount`, fail);
  return { amount, schedule: checkSchedule(w.schedule, `${where}.schedule`, fail) };
}

function wholeNumber(x: unknown, min: number, max: number, where: string, fail: Fail): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x < min || x > max) {
    fail(where, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(x)})`);
  }
  return x as number;
}

function checkSchedule(raw: unknown, where: string, fail: Fail): Schedule {
  const forms =
    '{ "monthly": day }, { "quarterly": day, "firstMonth": 1-3 }, { "yearly": "MM-DD" } or { "once": "YYYY-MM-DD" }';
  if (!isObject(raw)) fail(where, `must be one of ${forms}`);
  const s = raw as Record<string, unknown>;
  if ("monthly" in s) {
    allowOnly(s, ["monthly"], where, fail);
    return { monthly: wholeNumber(s.monthly, 1, 31, `${where}.monthly`, fail) };
  }
  if ("quarterly" in s) {
    allowOnly(s, ["quarterly", "firstMonth"], where, fail);
    const day = wholeNumber(s.quarterly, 1, 31, `${where}.quarterly`, fail);
    return { quarterly: day, firstMonth: wholeNumber(s.firstMonth ?? 1, 1, 3, `${where}.firstMonth`, fail) };
  }
  if ("yearly" in s) return { yearly: checkYearly(s, where, fail) };
  if ("once" in s) {
    allowOnly(s, ["once"], where, fail);
    if (typeof s.once !== "string" || !DATE.test(s.once) || !validDate(s.once)) {
      fail(`${where}.once`, `must be a date "YYYY-MM-DD" (got ${JSON.stringify(s.once)})`);
    }
    return { once: s.once as string };
  }
  return fail(where, `must be one of ${forms}`);
}

function checkYearly(s: Record<string, unknown>, where: string, fail: Fail): { month: number; day: number } {
  allowOnly(s, ["yearly"], where, fail);
  const m = typeof s.yearly === "string" ? /^(\d{2})-(\d{2})$/.exec(s.yearly) : null;
  if (!m || !validDate(`2024-${s.yearly}`)) {
    fail(`${where}.yearly`, `must be a day of the year "MM-DD" (got ${JSON.stringify(s.yearly)})`);
  }
  return { month: Number(m![1]), day: Number(m![2]) };
}

function validDate(date: string): boolean {
  const [y, m, d] = date.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function checkUncertainty(raw: unknown, where: string, fail: Fail): Uncertainty {
  if (raw === undefined) return { lateDays: 0 };
  if (!isObject(raw)) fail(where, 'must be an object like { "lateDays": 5, "reduced": { ... } }');
  const u = raw as Record<string, unknown>;
  allowOnly(u, ["lateDays", "reduced"], where, fail);
  const lateDays = wholeNumber(u.lateDays ?? 0, 0, 60, `${where}.lateDays`, fail);
  if (u.reduced === undefined) return { lateDays };
  if (!isObject(u.reduced)) fail(`${where}.reduced`, 'must be { "probability": 0.25, "amount": "148.00" }');
  const r = u.reduced as Record<string, unknown>;
  allowOnly(r, ["probability", "amount"], `${where}.reduced`, fail);
  if (typeof r.probability !== "number" || !(r.probability >= 0 && r.probability <= 1)) {
    fail(`${where}.reduced.probability`, `must be a number from 0 to 1 (got ${JSON.stringify(r.probability)})`);
  }
  const amount = checkAmount(r.amount, `${where}.reduced.amount`, fail, true);
  return { lateDays, reduced: { probability: r.probability as number, amount } };
}
