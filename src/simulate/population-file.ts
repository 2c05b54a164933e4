/**
 * The population file: the household types the simulation draws from, with their weights, incomes
 * and fixed costs, the pay-day rules of the payers and municipalities, the shocks and how often
 * they hit, and the creditors' rules. docs/population.md describes it field by field;
 * scenarios/population-nl.json is the default (2026 figures, each with its source).
 *
 * Amounts are euro strings ("1329.00"), read here as whole cents; a value that varies between
 * households is a [lowest, highest] pair, drawn per household.
 */
import fs from "fs";
import path from "path";
import { UserError } from "../core";
import { CATEGORY, SOURCE, type CategoryName, type CreditorRules, type IncomeKind } from "./types";
import { Fields, isObject, type Range } from "./population-fields";
import { readCreditors, readHuurtoeslag, readMunicipalities, readPayDays, readShocks } from "./population-rules";

export type { Range } from "./population-fields";

export const DEFAULT_POPULATION_FILE = path.join(__dirname, "../../scenarios/population-nl.json");

export const INCOME_KINDS: readonly IncomeKind[] = [
  "bijstand",
  "aow",
  "zorgtoeslag",
  "huurtoeslag",
  "kindgebonden-budget",
  "kinderbijslag",
  "holiday-pay",
];
export const PAYER_NAMES = Object.keys(SOURCE) as (keyof typeof SOURCE)[];
const CATEGORY_KEYS = Object.keys(CATEGORY) as CategoryName[];

/** An income's `payDay` that means: the household's municipality's bijstand pay day. */
export const MUNICIPALITY = "municipality";
/** An income `amount` that means: huurtoeslag as the `huurtoeslag` rules give it for the drawn rent. */
export const FROM_RENT = "from-rent";

export interface Source {
  id: string;
  name: string;
}

/** When a payer pays in a month. */
export interface PayDayRule {
  /** "last": the month's last day. A range: a day drawn per payment (the last day in a shorter month). */
  day: Range | "last";
  /** A day on a Saturday or Sunday moves to the Friday before, or to the Monday after. */
  weekend: "before" | "after";
  /** The day used in December instead (municipalities pay early before the holidays). */
  december?: number;
}

/** A municipal bijstand pay-day scheme. */
export interface Municipality {
  id: string;
  weight: number;
  payDay: PayDayRule;
}

export interface IncomeRule {
  kind: IncomeKind;
  /** SOURCE value of the payer. */
  source: number;
  /** Cents per payment, drawn per household; or FROM_RENT. */
  amount: Range | typeof FROM_RENT;
  /** MUNICIPALITY or a name in `payDays`. */
  payDay: string;
  /** Calendar months (1-12) in which it is paid. */
  months: number[];
}

/** A due day of the month: an option drawn by weight, then a day drawn within it. */
export interface DueDayOption {
  day: Range;
  weight: number;
}

export interface CostRule {
  /** CATEGORY value. */
  category: number;
  /** Cents per month, drawn per household. */
  amount: Range;
  dueDay: DueDayOption[];
}

export interface HouseholdType {
  id: string;
  weight: number;
  persons: number;
  /** The first is the main income: its usual pay day sets the budget manager's day. */
  incomes: IncomeRule[];
  costs: CostRule[];
}

/** Huurtoeslag 2026 at the minimum basishuur, in cents: shares of the rent in each band. */
export interface HuurtoeslagRules {
  basishuur: number;
  kwaliteitskortingsgrens: number;
  /** By household size: 1-2 persons, 3 or more. */
  aftoppingsgrens: { small: number; large: number };
  maximumHuur: number;
  /** Shares of the rent up to the kwaliteitskortingsgrens, the aftoppingsgrens, the maximumHuur. */
  shares: [number, number, number];
}

export interface ShockRules {
  "toeslagen-late"?: { rate: number; days: Range };
  reclaim?: { rate: number; amountPerMonth: Range; months: Range };
  "late-first-bijstand"?: { rate: number; weeks: Range };
  "one-off-cost"?: { rate: number; amount: Range };
  "energy-change"?: { rate: number; changePercent: Range; noticeDays: number };
}

/** CreditorRules with the minimum in cents (the token's decimals come later). */
export interface CreditorFigures extends Omit<CreditorRules, "minimum"> {
  minimumCents: number;
}

export interface Population {
  sources: Source[];
  /** The share of the expected yearly income left after fixed costs that the plan asks weekly. */
  planShare: Range;
  payDays: Record<string, PayDayRule>;
  municipalities: Municipality[];
  huurtoeslag?: HuurtoeslagRules;
  types: HouseholdType[];
  shocks: ShockRules;
  creditors: CreditorFigures;
}

const TOP_FIELDS = [
  "$comment",
  "sources",
  "plan",
  "payDays",
  "municipalities",
  "huurtoeslag",
  "types",
  "shocks",
  "creditors",
];

/** Reads and checks a population file; every problem is a UserError naming the file and the field. */
export function loadPopulation(file: string): Population {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new UserError(`cannot read the population file ${file}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return checkPopulation(raw, file);
}

/** Checks a parsed population; throws a UserError naming `file` and the first bad field. */
export function checkPopulation(raw: unknown, file: string): Population {
  const f = new Fields(file);
  if (!isObject(raw)) f.fail("the file", "must hold a JSON object with `sources`, `types` and the rest");
  const sources = readSources(raw, f);
  const top = f.object(raw, TOP_FIELDS, "the file", "`sources`, `plan`, `payDays`, `types`, `shocks`, `creditors`");
  const plan = f.object(top.plan, ["share"], "plan", "share");
  const planShare = f.numberRange(plan.share, 0.01, 3, "plan.share");
  const payDays = readPayDays(top.payDays, f);
  const municipalities = top.municipalities === undefined ? [] : readMunicipalities(top.municipalities, f);
  const huurtoeslag = top.huurtoeslag === undefined ? undefined : readHuurtoeslag(top.huurtoeslag, f);
  const known = { payDays, municipalities, huurtoeslag };
  const types = f.list(top.types, "types", "household types").map((t, i) => readType(t, `types[${i}]`, f, known));
  f.uniqueIds(types, "types");
  const shocks = readShocks(top.shocks, f);
  const creditors = readCreditors(top.creditors, f);
  return { sources, planShare, payDays, municipalities, huurtoeslag, types, shocks, creditors };
}

/** Read first: every `source` field elsewhere must name one of these. */
function readSources(raw: unknown, f: Fields): Source[] {
  const sources = f.list((raw as Record<string, unknown>).sources, "sources", "sources ({ id, name })").map((s, i) => {
    const obj = f.object(s, ["id", "name"], `sources[${i}]`, "id and name");
    if (typeof obj.name !== "string" || obj.name.length === 0) f.fail(`sources[${i}].name`, "must be text");
    const id = f.id(obj.id, `sources[${i}].id`);
    if (f.sourceIds.has(id)) f.fail(`sources[${i}].id`, `"${id}" is used twice`);
    f.sourceIds.add(id);
    return { id, name: obj.name as string };
  });
  return sources;
}

interface Known {
  payDays: Record<string, PayDayRule>;
  municipalities: Municipality[];
  huurtoeslag?: HuurtoeslagRules;
}

function readType(raw: unknown, where: string, f: Fields, known: Known): HouseholdType {
  const t = f.object(
    raw,
    ["id", "weight", "persons", "incomes", "costs"],
    where,
    "id, weight, persons, incomes, costs",
  );
  const id = f.id(t.id, `${where}.id`);
  const weight = f.positive(t.weight, `${where}.weight`);
  const persons = f.whole(t.persons, 1, 12, `${where}.persons`);
  const incomes = f
    .list(t.incomes, `${where}.incomes`, "incomes")
    .map((x, i) => readIncome(x, `${where}.incomes[${i}]`, f, known));
  if (incomes[0].months.length !== 12) f.fail(`${where}.incomes[0].months`, "the main income must be paid monthly");
  const costs = f.list(t.costs, `${where}.costs`, "fixed costs").map((x, i) => readCost(x, `${where}.costs[${i}]`, f));
  costs.forEach((c, i) => {
    if (costs.findIndex((o) => o.category === c.category) !== i) {
      f.fail(`${where}.costs[${i}].category`, `"${CATEGORY_KEYS[c.category]}" is listed twice`);
    }
  });
  incomes.forEach((income, i) => {
    if (income.amount === FROM_RENT && !costs.some((c) => c.category === CATEGORY.rent)) {
      f.fail(`${where}.incomes[${i}].amount`, `"${FROM_RENT}" needs a rent among the type's costs`);
    }
  });
  return { id, weight, persons, incomes, costs };
}

function readIncome(raw: unknown, where: string, f: Fields, known: Known): IncomeRule {
  const x = f.object(raw, ["kind", "payer", "amount", "payDay", "months"], where, "kind, payer, amount, payDay");
  const kind = f.oneOf(x.kind, INCOME_KINDS, `${where}.kind`);
  const source = SOURCE[f.oneOf(x.payer, PAYER_NAMES, `${where}.payer`)];
  let amount: IncomeRule["amount"];
  if (x.amount === FROM_RENT) {
    if (!known.huurtoeslag) f.fail(`${where}.amount`, `"${FROM_RENT}" needs the \`huurtoeslag\` section`);
    amount = FROM_RENT;
  } else amount = f.centsRange(x.amount, `${where}.amount`);
  const payDay = readPayDayName(x.payDay, `${where}.payDay`, f, known);
  const months = x.months === undefined ? ALL_MONTHS : readMonths(x.months, `${where}.months`, f);
  return { kind, source, amount, payDay, months };
}

const ALL_MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

function readPayDayName(raw: unknown, where: string, f: Fields, known: Known): string {
  if (raw === MUNICIPALITY) {
    if (known.municipalities.length === 0) f.fail(where, `"${MUNICIPALITY}" needs the \`municipalities\` list`);
    return MUNICIPALITY;
  }
  const names = [MUNICIPALITY, ...Object.keys(known.payDays)];
  if (typeof raw !== "string" || !(raw in known.payDays)) {
    f.fail(where, `must be one of ${names.join(", ")} (got ${JSON.stringify(raw)})`);
  }
  return raw as string;
}

function readMonths(raw: unknown, where: string, f: Fields): number[] {
  const months = f.list(raw, where, "months (1-12)").map((m, i) => f.whole(m, 1, 12, `${where}[${i}]`));
  if (new Set(months).size !== months.length) f.fail(where, "names a month twice");
  return [...months].sort((a, b) => a - b);
}

function readCost(raw: unknown, where: string, f: Fields): CostRule {
  const c = f.object(raw, ["category", "amount", "dueDay"], where, "category, amount, dueDay");
  const category = CATEGORY[f.oneOf(c.category, CATEGORY_KEYS, `${where}.category`)];
  const amount = f.centsRange(c.amount, `${where}.amount`);
  return { category, amount, dueDay: readDueDay(c.dueDay, `${where}.dueDay`, f) };
}

/** 1, [2, 28], or [{ "day": 1, "weight": 60 }, { "day": [2, 28], "weight": 40 }]. */
function readDueDay(raw: unknown, where: string, f: Fields): DueDayOption[] {
  const isOptionList = Array.isArray(raw) && raw.some((x) => typeof x === "object");
  if (!isOptionList) return [{ day: f.wholeRange(raw, 1, 28, where), weight: 1 }];
  return f.list(raw, where, "due-day options").map((o, i) => {
    const option = f.object(o, ["day", "weight"], `${where}[${i}]`, "day and weight");
    return {
      day: f.wholeRange(option.day, 1, 28, `${where}[${i}].day`),
      weight: f.positive(option.weight, `${where}[${i}].weight`),
    };
  });
}

/** The creditors' rules with the minimum collection costs in token units (`euro` units per euro). */
export function creditorRules(pop: Population, euro: bigint): CreditorRules {
  const { minimumCents, ...rules } = pop.creditors;
  return { ...rules, minimum: (BigInt(minimumCents) * euro) / 100n };
}
