/**
 * The plan editor's form as plain strings, and its check: rows of text become a PlanValue, or a
 * list of problems per field (nothing is sent while there is one). Plain TypeScript without React,
 * so the unit tests run it. The messages themselves live in i18n/coach.ts (PLAN_EDITOR).
 */
import { formatUnits, getAddress, isAddress, parseUnits, ZeroAddress } from "ethers";
import { parseEuro } from "../i18n/format";
import type { Lang } from "../i18n/lang";
import type { PlanLine, PlanValue } from "./plan";

/** The vault's limits (HouseholdVault.sol): at most 8 fixed costs, amounts up to uint80 / uint96. */
export const MAX_ROWS = 8;
export const MAX_MONTHLY_AMOUNT = (1n << 80n) - 1n;
export const MAX_AMOUNT = (1n << 96n) - 1n;
/** IHouseholdVault.Category has 8 values (0 rent … 7 other). */
export const CATEGORY_COUNT = 8;
/** The creditor select's value for "an address that is not in the list". */
export const OTHER_CREDITOR = "other";

export interface PlanRowInput {
  /** "0".."7", or "" when not chosen. */
  category: string;
  dueDay: string;
  /** Euros per month as typed ("650", "650,00", "1.234,50"). */
  amount: string;
  /** A register address, OTHER_CREDITOR, or "" when not chosen. */
  creditor: string;
  /** The typed address when `creditor` is OTHER_CREDITOR. */
  otherCreditor: string;
}

export interface PlanFormInput {
  rows: PlanRowInput[];
  weeklyLivingMoney: string;
  bufferTarget: string;
}

export type RowField = "category" | "dueDay" | "amount" | "creditor";

export type FieldError =
  | "categoryMissing"
  | "dueDayMissing"
  | "dueDayRange"
  | "amountMissing"
  | "amountInvalid"
  | "amountZero"
  | "amountTooLarge"
  | "creditorMissing"
  | "creditorInvalid"
  | "creditorZero";

export interface PlanFormErrors {
  /** One entry per row, in the rows' order; a field without a problem is absent. */
  rows: Partial<Record<RowField, FieldError>>[];
  weeklyLivingMoney?: FieldError;
  bufferTarget?: FieldError;
  tooManyRows?: boolean;
}

export type PlanFormResult = { ok: true; plan: PlanValue } | { ok: false; errors: PlanFormErrors };

export const emptyRow = (): PlanRowInput => ({
  category: "",
  dueDay: "",
  amount: "",
  creditor: "",
  otherCreditor: "",
});

/** A new household's form: one empty row, no living money or buffer filled in yet. */
export const emptyPlanForm = (): PlanFormInput => ({ rows: [emptyRow()], weeklyLivingMoney: "", bufferTarget: "" });

/**
 * Token units as the form shows them: "650,00" (nl) or "650.00" (en), without thousands marks.
 * An amount finer than a cent keeps all its decimals (at least 4 digits, see parseAmount), so
 * nothing is rounded away unseen.
 */
export function amountText(units: bigint, decimals: number, lang: Lang): string {
  const [whole, fraction = ""] = formatUnits(units, decimals).split(".");
  const trimmed = fraction.replace(/0+$/, "");
  const digits = trimmed.length <= 2 ? trimmed.padEnd(2, "0") : fraction.padEnd(Math.max(4, trimmed.length), "0");
  const decimalsShown = decimals === 0 ? "" : `${lang === "nl" ? "," : "."}${digits}`;
  return `${whole}${decimalsShown}`;
}

/**
 * A typed euro amount as token units. Besides what parseEuro reads ("1.234,50", "12.5"), one
 * decimal mark followed by 4 or more digits is a fraction finer than a cent (as amountText writes
 * it); 3 digits after a single mark stay a thousands group, as in "1.234".
 */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const fine = text.trim().match(/^(\d{1,12})[.,](\d{4,})$/);
  if (!fine) return parseEuro(text, decimals);
  if (fine[2].length > decimals) return undefined;
  return parseUnits(`${fine[1]}.${fine[2]}`, decimals);
}

/** The form of a plan in force (the coach starts from it). A creditor not in the register is typed. */
export function planToForm(plan: PlanValue, register: string[], decimals: number, lang: Lang): PlanFormInput {
  const known = new Set(register.map((a) => a.toLowerCase()));
  return {
    rows: plan.buckets.map((b) => {
      const inRegister = known.has(b.creditor.toLowerCase());
      return {
        category: String(b.category),
        dueDay: String(b.dueDay),
        amount: amountText(b.amountPerMonth, decimals, lang),
        creditor: inRegister ? getAddress(b.creditor) : OTHER_CREDITOR,
        otherCreditor: inRegister ? "" : b.creditor,
      };
    }),
    weeklyLivingMoney: amountText(plan.weeklyLivingMoney, decimals, lang),
    bufferTarget: amountText(plan.bufferTarget, decimals, lang),
  };
}

function checkCategory(text: string): number | FieldError {
  if (text === "") return "categoryMissing";
  const n = Number(text);
  return /^\d$/.test(text) && n < CATEGORY_COUNT ? n : "categoryMissing";
}

function checkDueDay(text: string): number | FieldError {
  const t = text.trim();
  if (t === "") return "dueDayMissing";
  if (!/^\d{1,2}$/.test(t)) return "dueDayRange";
  const n = Number(t);
  return n >= 1 && n <= 31 ? n : "dueDayRange";
}

/** An amount field; `zeroAllowed` for living money and buffer (a fixed cost must be above zero). */
export function checkAmount(text: string, decimals: number, max: bigint, zeroAllowed: boolean): bigint | FieldError {
  if (text.trim() === "") return "amountMissing";
  const units = parseAmount(text, decimals);
  if (units === undefined) return "amountInvalid";
  if (units === 0n && !zeroAllowed) return "amountZero";
  if (units > max) return "amountTooLarge";
  return units;
}

/** An address typed or chosen: well formed (a mixed-case one with a valid checksum), not 0x0. */
export function checkAddress(text: string): string | FieldError {
  const t = text.trim();
  if (t === "") return "creditorMissing";
  if (!isAddress(t)) return "creditorInvalid";
  const address = getAddress(t);
  return address === ZeroAddress ? "creditorZero" : address;
}

function checkCreditor(row: PlanRowInput): string | FieldError {
  if (row.creditor === "") return "creditorMissing";
  return checkAddress(row.creditor === OTHER_CREDITOR ? row.otherCreditor : row.creditor);
}

function checkRow(row: PlanRowInput, decimals: number) {
  const category = checkCategory(row.category);
  const dueDay = checkDueDay(row.dueDay);
  const amount = checkAmount(row.amount, decimals, MAX_MONTHLY_AMOUNT, false);
  const creditor = checkCreditor(row);
  const errors: Partial<Record<RowField, FieldError>> = {};
  if (typeof category === "string") errors.category = category;
  if (typeof dueDay === "string") errors.dueDay = dueDay;
  if (typeof amount === "string") errors.amount = amount;
  if (!creditor.startsWith("0x")) errors.creditor = creditor as FieldError;
  if (Object.keys(errors).length > 0) return { errors };
  const line: PlanLine = {
    category: category as number,
    dueDay: dueDay as number,
    amountPerMonth: amount as bigint,
    creditor,
  };
  return { errors, line };
}

/** Checks the whole form: the plan when every field is right, else every problem at once. */
export function parsePlanForm(input: PlanFormInput, decimals: number): PlanFormResult {
  const rows = input.rows.map((r) => checkRow(r, decimals));
  const weekly = checkAmount(input.weeklyLivingMoney, decimals, MAX_MONTHLY_AMOUNT, true);
  const buffer = checkAmount(input.bufferTarget, decimals, MAX_AMOUNT, true);
  const errors: PlanFormErrors = { rows: rows.map((r) => r.errors) };
  if (typeof weekly === "string") errors.weeklyLivingMoney = weekly;
  if (typeof buffer === "string") errors.bufferTarget = buffer;
  if (input.rows.length > MAX_ROWS) errors.tooManyRows = true;
  if (hasErrors(errors)) return { ok: false, errors };
  return {
    ok: true,
    plan: {
      buckets: rows.map((r) => r.line as PlanLine),
      weeklyLivingMoney: weekly as bigint,
      bufferTarget: buffer as bigint,
    },
  };
}

export function hasErrors(e: PlanFormErrors): boolean {
  return (
    e.rows.some((r) => Object.keys(r).length > 0) ||
    e.weeklyLivingMoney !== undefined ||
    e.bufferTarget !== undefined ||
    e.tooManyRows === true
  );
}

/** How many fields have a problem (the editor's summary says it). */
export function errorCount(e: PlanFormErrors): number {
  const rowErrors = e.rows.reduce((n, r) => n + Object.keys(r).length, 0);
  return rowErrors + (e.weeklyLivingMoney ? 1 : 0) + (e.bufferTarget ? 1 : 0) + (e.tooManyRows ? 1 : 0);
}
