/**
 * Readers for the population file's shared rules: the payers' pay days, the municipalities' bijstand
 * schemes, huurtoeslag, the shocks and the creditors (the household types are read in
 * population-file.ts).
 */
import type { CreditorFigures, HuurtoeslagRules, Municipality, PayDayRule, ShockRules } from "./population-file";
import { Fields, isObject } from "./population-fields";
import { SHOCKS } from "./types";

/** `payDays`: { "aow": { "day": 23, "weekend": "before" }, ... }. */
export function readPayDays(raw: unknown, f: Fields): Record<string, PayDayRule> {
  if (!isObject(raw)) f.fail("payDays", 'must be an object of named pay-day rules, like { "aow": { "day": 23, ... } }');
  const rules: Record<string, PayDayRule> = {};
  for (const [name, rule] of Object.entries(raw as Record<string, unknown>)) {
    f.id(name, `payDays.${name}`);
    if (name === "municipality") f.fail(`payDays.${name}`, "is reserved for the municipalities' schemes");
    rules[name] = readPayDayRule(rule, `payDays.${name}`, f);
  }
  return rules;
}

function readPayDayRule(raw: unknown, where: string, f: Fields): PayDayRule {
  const r = f.object(raw, ["day", "weekend", "december"], where, 'day ("last", a day or [from, to]) and weekend');
  const day = r.day === "last" ? "last" : f.wholeRange(r.day, 1, 31, `${where}.day`);
  const weekend = f.oneOf(r.weekend, ["before", "after"] as const, `${where}.weekend`);
  if (r.december === undefined) return { day, weekend };
  return { day, weekend, december: f.whole(r.december, 1, 31, `${where}.december`) };
}

export function readMunicipalities(raw: unknown, f: Fields): Municipality[] {
  const list = f.list(raw, "municipalities", "municipal pay-day schemes").map((m, i) => {
    const where = `municipalities[${i}]`;
    const obj = f.object(m, ["id", "weight", "payDay"], where, "id, weight and payDay");
    return {
      id: f.id(obj.id, `${where}.id`),
      weight: f.positive(obj.weight, `${where}.weight`),
      payDay: readPayDayRule(obj.payDay, `${where}.payDay`, f),
    };
  });
  f.uniqueIds(list, "municipalities");
  if (list.some((m) => m.id === "none")) f.fail("municipalities", 'the id "none" is reserved (no bijstand)');
  return list;
}

const HUURTOESLAG_FIELDS = ["basishuur", "kwaliteitskortingsgrens", "aftoppingsgrens", "maximumHuur", "shares"];

export function readHuurtoeslag(raw: unknown, f: Fields): HuurtoeslagRules {
  const h = f.object(raw, HUURTOESLAG_FIELDS, "huurtoeslag", HUURTOESLAG_FIELDS.join(", "));
  const grens = f.object(h.aftoppingsgrens, ["1-2", "3+"], "huurtoeslag.aftoppingsgrens", '"1-2" and "3+"');
  const rules: HuurtoeslagRules = {
    basishuur: f.cents(h.basishuur, "huurtoeslag.basishuur"),
    kwaliteitskortingsgrens: f.cents(h.kwaliteitskortingsgrens, "huurtoeslag.kwaliteitskortingsgrens"),
    aftoppingsgrens: {
      small: f.cents(grens["1-2"], 'huurtoeslag.aftoppingsgrens["1-2"]'),
      large: f.cents(grens["3+"], 'huurtoeslag.aftoppingsgrens["3+"]'),
    },
    maximumHuur: f.cents(h.maximumHuur, "huurtoeslag.maximumHuur"),
    shares: readShares(h.shares, f),
  };
  const bounds = [
    rules.basishuur,
    rules.kwaliteitskortingsgrens,
    rules.aftoppingsgrens.small,
    rules.aftoppingsgrens.large,
    rules.maximumHuur,
  ];
  if (bounds.some((b, i) => i > 0 && b < bounds[i - 1])) {
    f.fail("huurtoeslag", "needs basishuur <= kwaliteitskortingsgrens <= aftoppingsgrens 1-2 <= 3+ <= maximumHuur");
  }
  return rules;
}

function readShares(raw: unknown, f: Fields): [number, number, number] {
  const shares = f.list(raw, "huurtoeslag.shares", "three shares (0 to 1)");
  if (shares.length !== 3) f.fail("huurtoeslag.shares", "must be a list of three shares (0 to 1)");
  const [a, b, c] = shares.map((s, i) => f.number(s, 0, 1, `huurtoeslag.shares[${i}]`));
  return [a, b, c];
}

const SHOCK_FIELDS: Record<(typeof SHOCKS)[number], string[]> = {
  "toeslagen-late": ["rate", "days"],
  reclaim: ["rate", "amountPerMonth", "months"],
  "late-first-bijstand": ["rate", "weeks"],
  "one-off-cost": ["rate", "amount"],
  "energy-change": ["rate", "changePercent", "noticeDays"],
};

/** `shocks`: each optional (absent: it never happens). */
export function readShocks(raw: unknown, f: Fields): ShockRules {
  const s = f.object(raw, [...SHOCKS], "shocks", SHOCKS.join(", "));
  const rules: ShockRules = {};
  for (const name of SHOCKS) {
    if (s[name] === undefined) continue;
    const where = `shocks.${name}`;
    const x = f.object(s[name], SHOCK_FIELDS[name], where, SHOCK_FIELDS[name].join(", "));
    const rate = f.number(x.rate, 0, 1, `${where}.rate`);
    if (name === "toeslagen-late") rules[name] = { rate, days: f.wholeRange(x.days, 1, 60, `${where}.days`) };
    if (name === "reclaim") {
      const amountPerMonth = f.centsRange(x.amountPerMonth, `${where}.amountPerMonth`);
      rules[name] = { rate, amountPerMonth, months: f.wholeRange(x.months, 1, 24, `${where}.months`) };
    }
    if (name === "late-first-bijstand") rules[name] = { rate, weeks: f.wholeRange(x.weeks, 1, 12, `${where}.weeks`) };
    if (name === "one-off-cost") rules[name] = { rate, amount: f.centsRange(x.amount, `${where}.amount`) };
    if (name === "energy-change") {
      const changePercent = f.numberRange(x.changePercent, -90, 500, `${where}.changePercent`);
      rules[name] = { rate, changePercent, noticeDays: f.whole(x.noticeDays, 1, 27, `${where}.noticeDays`) };
    }
  }
  return rules;
}

const CREDITOR_FIELDS = ["reminderAfterDays", "reminderPeriodDays", "rate", "minimum", "retryEveryDays"];

export function readCreditors(raw: unknown, f: Fields): CreditorFigures {
  const c = f.object(raw, CREDITOR_FIELDS, "creditors", CREDITOR_FIELDS.join(", "));
  return {
    reminderAfterDays: f.whole(c.reminderAfterDays, 0, 365, "creditors.reminderAfterDays"),
    reminderPeriodDays: f.whole(c.reminderPeriodDays, 0, 365, "creditors.reminderPeriodDays"),
    rate: f.number(c.rate, 0, 1, "creditors.rate"),
    minimumCents: f.cents(c.minimum, "creditors.minimum"),
    retryEveryDays: f.whole(c.retryEveryDays, 1, 365, "creditors.retryEveryDays"),
  };
}
