import fs from "fs";
import path from "path";
import { UserError } from "../core";

/**
 * A household scenario, read from a JSON file (scenarios/family.json is the example). Names and
 * notes stay off chain: they only label the terminal output and the local report.
 * Amounts are euro strings with at most two decimals ("850.00"); dates are "YYYY-MM-DD" (UTC).
 */
export interface Scenario {
  name: string;
  title: string;
  /** Fictitious first names for the terminal; never sent to the chain. */
  household: { resident: string; members: string[] };
  /** The day the household joins; its vault is created at 00:01 UTC that day. */
  start: string;
  /** Calendar months to run after the start month (the start month itself is a lead-in). */
  months: number;
  /** The resident's own money moved into the vault at the start: a plain transfer, split by the keeper's first call. */
  openingBalance: { amount: string; note?: string };
  plan: PlanSpec;
  income: IncomeSpec[];
  events: EventSpec[];
}

export const CATEGORY_CODES = ["RENT", "ENERGY", "INSURANCE", "WATER", "TELECOM", "TAXES", "DEBT", "OTHER"] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];
export const CREDITOR_ROLES = ["landlord", "energy", "insurer", "water"] as const;
export type CreditorRoleName = (typeof CREDITOR_ROLES)[number];
export const PAYER_ROLES = ["svb", "toeslagen", "wi"] as const;
export type PayerRoleName = (typeof PAYER_ROLES)[number];

export interface BucketSpec {
  code: CategoryCode;
  label: string;
  creditor: CreditorRoleName;
  dueDay: number;
  amount: string;
}

export interface PlanSpec {
  buckets: BucketSpec[];
  weeklyLivingMoney: string;
  bufferTarget: string;
}

export interface IncomeSpec {
  id: string;
  label: string;
  payer: PayerRoleName;
  amount: string;
  /** Day of the month it is paid; a Saturday or Sunday moves it to the Friday before. */
  day: number;
  /** Months (1-12) it is paid in; every month if absent. */
  inMonths?: number[];
}

export type EventSpec =
  | { type: "delayIncome"; income: string; month: string; date: string; note: string }
  | { type: "changeIncome"; income: string; from: string; through: string; amount: string; note: string }
  | {
      type: "oneOffIncome";
      date: string;
      payer: PayerRoleName;
      id: string;
      label: string;
      amount: string;
      note: string;
    }
  | { type: "proposePlan"; date: string; note: string; changes: PlanChangeSpec }
  | { type: "acceptPlan"; date: string; note: string }
  | { type: "blocklist"; date: string; creditor: CreditorRoleName; note: string }
  | { type: "unblocklist"; date: string; creditor: CreditorRoleName; note: string }
  | { type: "claim"; date: string; creditor: CreditorRoleName; note: string }
  | { type: "advance"; date: string; amount: string; note: string }
  | { type: "keeperOutage"; date: string; note: string }
  /** The resident takes some of their savings out of the vault (an amount, or "all"). */
  | { type: "withdrawSavings"; date: string; amount: string; note: string };

export interface PlanChangeSpec {
  /** New monthly amounts by bucket code. */
  amounts?: Partial<Record<CategoryCode, string>>;
  weeklyLivingMoney?: string;
  bufferTarget?: string;
}

const EVENT_TYPES = [
  "delayIncome",
  "changeIncome",
  "oneOffIncome",
  "proposePlan",
  "acceptPlan",
  "blocklist",
  "unblocklist",
  "claim",
  "advance",
  "keeperOutage",
  "withdrawSavings",
] as const;

class Checker {
  constructor(readonly file: string) {}

  fail(where: string, problem: string): never {
    throw new UserError(`${this.file}: ${where} ${problem}`);
  }

  object(v: unknown, where: string): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(where, "must be an object");
    return v as Record<string, unknown>;
  }

  known(o: Record<string, unknown>, where: string, keys: string[]) {
    for (const k of Object.keys(o)) {
      if (!keys.includes(k)) this.fail(`${where}.${k}`, `is not a known field (known: ${keys.join(", ")})`);
    }
  }

  string(o: Record<string, unknown>, key: string, where: string, optional = false): string {
    const v = o[key];
    if (v === undefined && optional) return "";
    if (typeof v !== "string" || v.trim() === "") this.fail(`${where}.${key}`, "must be a non-empty string");
    return v as string;
  }

  /** A euro amount; `word` also allows that word instead ("need" for an advance, "all" for savings). */
  amount(o: Record<string, unknown>, key: string, where: string, allowZero = false, word?: string): string {
    const v = o[key];
    if (word !== undefined && v === word) return v;
    if (typeof v !== "string" || !/^\d{1,9}(\.\d{1,2})?$/.test(v)) {
      const extra = word !== undefined ? ` or "${word}"` : "";
      this.fail(
        `${where}.${key}`,
        `must be a euro amount as a string, like "850.00"${extra} (got ${JSON.stringify(v)})`,
      );
    }
    if (!allowZero && Number(v) === 0) this.fail(`${where}.${key}`, "must be more than zero");
    return v as string;
  }

  int(o: Record<string, unknown>, key: string, where: string, min: number, max: number): number {
    const v = o[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      this.fail(`${where}.${key}`, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(v)})`);
    }
    return v as number;
  }

  date(o: Record<string, unknown>, key: string, where: string): string {
    const v = o[key];
    if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v) || !validDate(v)) {
      this.fail(`${where}.${key}`, `must be a date "YYYY-MM-DD" (got ${JSON.stringify(v)})`);
    }
    return v as string;
  }

  month(o: Record<string, unknown>, key: string, where: string): string {
    const v = o[key];
    if (typeof v !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) {
      this.fail(`${where}.${key}`, `must be a month "YYYY-MM" (got ${JSON.stringify(v)})`);
    }
    return v as string;
  }

  oneOf<T extends string>(o: Record<string, unknown>, key: string, where: string, values: readonly T[]): T {
    const v = o[key];
    if (typeof v !== "string" || !values.includes(v as T)) {
      this.fail(`${where}.${key}`, `must be one of ${values.join(", ")} (got ${JSON.stringify(v)})`);
    }
    return v as T;
  }

  array(o: Record<string, unknown>, key: string, where: string): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) this.fail(`${where}.${key}`, "must be a list");
    return v as unknown[];
  }
}

function validDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Reads and checks a scenario file; every problem is reported with the file and the field. */
export function loadScenario(file: string): Scenario {
  const shown = path.relative(process.cwd(), file) || file;
  if (!fs.existsSync(file)) throw new UserError(`scenario file not found: ${shown}`);
  if (!fs.statSync(file).isFile()) throw new UserError(`scenario path is not a file: ${shown}`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UserError(`${shown} is not valid JSON (${(error as Error).message})`);
  }
  return checkScenario(raw, shown);
}

const SCENARIO_FIELDS = [
  "$comment",
  "name",
  "title",
  "household",
  "start",
  "months",
  "openingBalance",
  "plan",
  "income",
  "events",
];

/**
 * Checks a parsed scenario file field by field. The checks run in the file's order (name,
 * household, opening balance, plan, income, events, then the remaining plain fields), so the
 * first problem reported is always the same one.
 */
export function checkScenario(raw: unknown, file: string): Scenario {
  const c = new Checker(file);
  const o = c.object(raw, "the file");
  c.known(o, "scenario", SCENARIO_FIELDS);
  const name = c.string(o, "name", "scenario");
  if (!/^[a-z0-9-]+$/.test(name)) c.fail("scenario.name", "may only hold a-z, 0-9 and - (it names the report file)");

  const h = c.object(o.household, "scenario.household");
  c.known(h, "household", ["resident", "members"]);
  const members = c.array(h, "members", "household");
  members.forEach((m, i) => typeof m === "string" || c.fail(`household.members[${i}]`, "must be a string"));

  const opening = c.object(o.openingBalance, "scenario.openingBalance");
  c.known(opening, "openingBalance", ["amount", "note"]);

  const p = c.object(o.plan, "scenario.plan");
  c.known(p, "plan", ["buckets", "weeklyLivingMoney", "bufferTarget"]);
  const buckets = checkBuckets(c, p);
  const income = checkIncome(c, o);
  const known: KnownIds = { income: new Set(income.map((x) => x.id)), buckets: new Set(buckets.map((b) => b.code)) };
  const events = c.array(o, "events", "scenario").map((x, i) => checkEvent(c, x, `events[${i}]`, known));

  return {
    name,
    title: c.string(o, "title", "scenario"),
    household: { resident: c.string(h, "resident", "household"), members: members as string[] },
    start: c.date(o, "start", "scenario"),
    months: c.int(o, "months", "scenario", 1, 36),
    openingBalance: { amount: c.amount(opening, "amount", "openingBalance", true), note: opening.note as string },
    plan: {
      buckets,
      weeklyLivingMoney: c.amount(p, "weeklyLivingMoney", "plan", true),
      bufferTarget: c.amount(p, "bufferTarget", "plan", true),
    },
    income,
    events,
  };
}

/** The plan's buckets: 1 to 8, each code and each creditor at most once. */
function checkBuckets(c: Checker, p: Record<string, unknown>): BucketSpec[] {
  const rawBuckets = c.array(p, "buckets", "plan");
  if (rawBuckets.length === 0 || rawBuckets.length > 8) c.fail("plan.buckets", "must hold 1 to 8 buckets");
  const buckets: BucketSpec[] = rawBuckets.map((b, i) => {
    const w = `plan.buckets[${i}]`;
    const bo = c.object(b, w);
    c.known(bo, w, ["code", "label", "creditor", "dueDay", "amount"]);
    return {
      code: c.oneOf(bo, "code", w, CATEGORY_CODES),
      label: c.string(bo, "label", w),
      creditor: c.oneOf(bo, "creditor", w, CREDITOR_ROLES),
      dueDay: c.int(bo, "dueDay", w, 1, 31),
      amount: c.amount(bo, "amount", w),
    };
  });
  const codes = new Set<string>();
  const creditors = new Set<string>();
  buckets.forEach((b, i) => {
    if (codes.has(b.code)) c.fail(`plan.buckets[${i}].code`, `repeats ${b.code}`);
    if (creditors.has(b.creditor)) c.fail(`plan.buckets[${i}].creditor`, `repeats ${b.creditor}`);
    codes.add(b.code);
    creditors.add(b.creditor);
  });
  return buckets;
}

/** The incomes, each id at most once. */
function checkIncome(c: Checker, o: Record<string, unknown>): IncomeSpec[] {
  const income = c.array(o, "income", "scenario").map((x, i) => checkIncomeEntry(c, x, `income[${i}]`));
  if (new Set(income.map((x) => x.id)).size !== income.length) c.fail("income", "has two entries with the same id");
  return income;
}

function checkIncomeEntry(c: Checker, x: unknown, w: string): IncomeSpec {
  const io = c.object(x, w);
  c.known(io, w, ["id", "label", "payer", "amount", "day", "inMonths"]);
  const spec: IncomeSpec = {
    id: c.string(io, "id", w),
    label: c.string(io, "label", w),
    payer: c.oneOf(io, "payer", w, PAYER_ROLES),
    amount: c.amount(io, "amount", w),
    day: c.int(io, "day", w, 1, 31),
  };
  if (io.inMonths !== undefined) {
    const months = c.array(io, "inMonths", w);
    months.forEach((m, j) =>
      typeof m === "number" && Number.isInteger(m) && m >= 1 && m <= 12
        ? undefined
        : c.fail(`${w}.inMonths[${j}]`, "must be a month number 1-12"),
    );
    spec.inMonths = months as number[];
  }
  return spec;
}

/** What events may refer to: the income ids and the plan's bucket codes. */
interface KnownIds {
  income: Set<string>;
  buckets: Set<string>;
}

/** One event being checked: its object, where it is in the file, its note, and what it may refer to. */
interface EventInput {
  c: Checker;
  eo: Record<string, unknown>;
  w: string;
  note: string;
  known: KnownIds;
}

type EventType = EventSpec["type"];
type EventOf<T extends EventType> = Extract<EventSpec, { type: T }>;

function checkEvent(c: Checker, x: unknown, w: string, known: KnownIds): EventSpec {
  const eo = c.object(x, w);
  const type = c.oneOf(eo, "type", w, EVENT_TYPES);
  const note = c.string(eo, "note", w, true);
  // EVENT_CHECKS[type] takes that same type: TypeScript cannot follow the pairing through a union.
  const check = EVENT_CHECKS[type] as (e: EventInput, type: EventType) => EventSpec;
  return check({ c, eo, w, note, known }, type);
}

/** An event's `income` field: one of the file's income ids. */
function incomeRef({ c, eo, w, known }: EventInput): string {
  const id = c.string(eo, "income", w);
  if (!known.income.has(id)) c.fail(`${w}.income`, `names no income id (known: ${[...known.income].join(", ")})`);
  return id;
}

/** What a proposePlan changes: amounts of the plan's own buckets, the weekly amount, the buffer target. */
function checkPlanChanges({ c, eo, w, known }: EventInput): PlanChangeSpec {
  const ch = c.object(eo.changes, `${w}.changes`);
  c.known(ch, `${w}.changes`, ["amounts", "weeklyLivingMoney", "bufferTarget"]);
  const changes: PlanChangeSpec = {};
  if (ch.amounts !== undefined) {
    const am = c.object(ch.amounts, `${w}.changes.amounts`);
    changes.amounts = {};
    for (const code of Object.keys(am)) {
      if (!known.buckets.has(code)) c.fail(`${w}.changes.amounts.${code}`, "is not a bucket in the plan");
      changes.amounts[code as CategoryCode] = c.amount(am, code, `${w}.changes.amounts`);
    }
  }
  if (ch.weeklyLivingMoney !== undefined) changes.weeklyLivingMoney = c.amount(ch, "weeklyLivingMoney", w, true);
  if (ch.bufferTarget !== undefined) changes.bufferTarget = c.amount(ch, "bufferTarget", w, true);
  return changes;
}

/** An event with only a date and a note. */
function datedEvent<T extends "acceptPlan" | "keeperOutage">({ c, eo, w, note }: EventInput, type: T): EventOf<T> {
  c.known(eo, w, ["type", "date", "note"]);
  return { type, date: c.date(eo, "date", w), note } as EventOf<T>;
}

/** An event about one creditor: the token issuer's (un)blocklisting, or the creditor's claim. */
function creditorEvent<T extends "blocklist" | "unblocklist" | "claim">(e: EventInput, type: T): EventOf<T> {
  const { c, eo, w, note } = e;
  c.known(eo, w, ["type", "date", "creditor", "note"]);
  return {
    type,
    date: c.date(eo, "date", w),
    creditor: c.oneOf(eo, "creditor", w, CREDITOR_ROLES),
    note,
  } as EventOf<T>;
}

/** Each event type's fields, checked in the order the messages should name them. */
const EVENT_CHECKS: { [T in EventType]: (e: EventInput, type: T) => EventOf<T> } = {
  delayIncome: (e, type) => {
    const { c, eo, w, note } = e;
    c.known(eo, w, ["type", "income", "month", "date", "note"]);
    return { type, income: incomeRef(e), month: c.month(eo, "month", w), date: c.date(eo, "date", w), note };
  },
  changeIncome: (e, type) => {
    const { c, eo, w, note } = e;
    c.known(eo, w, ["type", "income", "from", "through", "amount", "note"]);
    return {
      type,
      income: incomeRef(e),
      from: c.month(eo, "from", w),
      through: c.month(eo, "through", w),
      amount: c.amount(eo, "amount", w, true),
      note,
    };
  },
  oneOffIncome: ({ c, eo, w, note }, type) => {
    c.known(eo, w, ["type", "date", "payer", "id", "label", "amount", "note"]);
    return {
      type,
      date: c.date(eo, "date", w),
      payer: c.oneOf(eo, "payer", w, PAYER_ROLES),
      id: c.string(eo, "id", w),
      label: c.string(eo, "label", w),
      amount: c.amount(eo, "amount", w),
      note,
    };
  },
  proposePlan: (e, type) => {
    e.c.known(e.eo, e.w, ["type", "date", "changes", "note"]);
    const changes = checkPlanChanges(e);
    return { type, date: e.c.date(e.eo, "date", e.w), changes, note: e.note };
  },
  acceptPlan: datedEvent,
  keeperOutage: datedEvent,
  blocklist: creditorEvent,
  unblocklist: creditorEvent,
  claim: creditorEvent,
  advance: ({ c, eo, w, note }, type) => {
    c.known(eo, w, ["type", "date", "amount", "note"]);
    return { type, date: c.date(eo, "date", w), amount: c.amount(eo, "amount", w, false, "need"), note };
  },
  withdrawSavings: ({ c, eo, w, note }, type) => {
    c.known(eo, w, ["type", "date", "amount", "note"]);
    return { type, date: c.date(eo, "date", w), amount: c.amount(eo, "amount", w, false, "all"), note };
  },
};
