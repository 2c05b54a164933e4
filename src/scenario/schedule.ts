import type { BaseContract } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { EuroToken, HouseholdVault } from "../../typechain-types";
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import type { Role } from "../../deploy/modules/core";
import {
  DAY,
  daysInMonth,
  isoDate,
  monthIndexOf,
  monthIndexOfKey,
  monthStart,
  parseDate,
  previousWorkday,
  shiftDate,
  shiftMonth,
} from "../core";
import { ScenarioFailure, UserError } from "../core";
import { Money } from "../core";
import { CATEGORY_CODES, CategoryCode, EventSpec, IncomeSpec, PlanSpec, Scenario } from "./scenario-file";

/**
 * One schedule of a scenario's year, shared by the family demo (src/scenario/runner.ts, one
 * household, a report) and the gas measurement (src/scenario/household-year.ts, N households):
 * which day the keeper runs, and every dated action of the payers, the coach, the resident, the
 * municipality, the creditors and the token issuer. `prepareAction` turns an action into the one
 * contract call it makes for one household; each caller sends the calls its own way.
 */

/** When, within a UTC day, each kind of action happens (seconds after midnight). */
export const PHASE = {
  setup: 10,
  create: 60, // the vault is created at 00:01 UTC on the start day
  opening: 120, // the resident moves her opening balance in (a plain transfer)
  keeper: 5 * 60, // the keeper runs at 00:05 UTC, just after due dates start (00:00 UTC)
  token: 8 * 3600, // the token issuer (blocklist)
  income: 9 * 3600,
  advance: 10 * 3600,
  plan: 11 * 3600,
  claim: 12 * 3600,
  resident: 14 * 3600, // the resident's own actions in the app (withdrawing savings)
} as const;

export type PayerName = "svb" | "toeslagen" | "wi";

export type Action =
  | { t: number; phase: "income"; payer: PayerName; amount: bigint; label: string; note?: string }
  | { t: number; phase: "token"; event: Extract<EventSpec, { type: "blocklist" | "unblocklist" }> }
  | { t: number; phase: "advance"; event: Extract<EventSpec, { type: "advance" }> }
  | { t: number; phase: "plan"; event: Extract<EventSpec, { type: "proposePlan" | "acceptPlan" }> }
  | { t: number; phase: "claim"; event: Extract<EventSpec, { type: "claim" }> }
  | { t: number; phase: "resident"; event: Extract<EventSpec, { type: "withdrawSavings" }> };

export type PlanStruct = IHouseholdVault.PlanStruct;

export interface ScheduleDay {
  /** 00:00 UTC of the day. */
  day: number;
  /** When the keeper calls settleAndReleaseMany; undefined on a keeper outage. */
  keeperAt?: number;
  /** The scenario's actions that day, in time order. */
  actions: Action[];
}

export interface Schedule {
  /** The scenario, its dates moved `yearsShifted` whole years later if the chain is past its start. */
  scenario: Scenario;
  yearsShifted: number;
  /** Months run after the start month. */
  months: number;
  startDay: number;
  /** 00:00 of the last day of the last month. */
  endDay: number;
  days: ScheduleDay[];
  /** When the last keeper call ran (the living-money check counts the weeks due by then). */
  lastKeeperRun: number;
}

/**
 * The scenario's year, day by day. `chainNow` is the chain's clock: if the start is not at least
 * an hour ahead of it, every date moves whole years later (a second run on the same node). With
 * `sameCalendar`, only to years whose calendar is the scenario's own (every year of the run starts
 * on the same weekday and is a leap year alike), so paydays that move off weekends, weekly
 * releases and due dates fall on the same weekdays in every run: a measurement repeated on one
 * chain measures the same year.
 */
export function buildSchedule(
  scenarioIn: Scenario,
  chainNow: number,
  money: Money,
  months?: number,
  options: { sameCalendar?: boolean } = {},
): Schedule {
  const firstYear = Number(scenarioIn.start.slice(0, 4));
  const lastYear = Math.floor((monthIndexOf(parseDate(scenarioIn.start)) + (months ?? scenarioIn.months)) / 12);
  const sameCalendar = (k: number) => {
    for (let y = firstYear; y <= lastYear; y++) {
      if (new Date(Date.UTC(y, 0, 1)).getUTCDay() !== new Date(Date.UTC(y + k, 0, 1)).getUTCDay()) return false;
      if (daysInMonth(y * 12 + 1) !== daysInMonth((y + k) * 12 + 1)) return false;
    }
    return true;
  };
  let shift = 0;
  while (
    parseDate(shiftDate(scenarioIn.start, shift)) <= chainNow + 3600 ||
    (options.sameCalendar && !sameCalendar(shift))
  ) {
    shift++;
  }
  const scenario = shiftScenario(scenarioIn, shift);
  const runMonths = months ?? scenario.months;
  const startDay = parseDate(scenario.start);
  const endDay = monthStart(monthIndexOf(startDay) + runMonths + 1) - DAY;
  const actions = buildActions(scenario, money, startDay, endDay);
  const outages = new Set(
    scenario.events.filter((e) => e.type === "keeperOutage").map((e) => parseDate((e as { date: string }).date)),
  );
  const days: ScheduleDay[] = [];
  let next = 0;
  for (let day = startDay; day <= endDay; day += DAY) {
    const today: Action[] = [];
    while (next < actions.length && actions[next].t < day + DAY) today.push(actions[next++]);
    days.push({ day, keeperAt: outages.has(day) ? undefined : day + PHASE.keeper, actions: today });
  }
  const lastKeeperRun = [...days].reverse().find((d) => d.keeperAt !== undefined)?.keeperAt ?? startDay;
  return { scenario, yearsShifted: shift, months: runMonths, startDay, endDay, days, lastKeeperRun };
}

/** Every dated action of the scenario between the start and end days, in time order. */
function buildActions(scenario: Scenario, money: Money, startDay: number, endDay: number): Action[] {
  const actions: Action[] = [];
  for (let m = monthIndexOf(startDay); m <= monthIndexOf(endDay); m++) {
    for (const inc of scenario.income) {
      const payment = incomePayment(scenario, inc, m);
      if (!payment || payment.day < startDay || payment.day > endDay || money.units(payment.amount) === 0n) continue;
      actions.push({
        t: payment.day + PHASE.income,
        phase: "income",
        payer: inc.payer,
        amount: money.units(payment.amount),
        label: inc.label,
        note: payment.note,
      });
    }
  }
  for (const e of scenario.events) {
    if (!("date" in e)) continue;
    const day = parseDate(e.date);
    if (day < startDay || day > endDay) continue;
    const action = eventAction(e, day, money);
    if (action) actions.push(action);
  }
  // A stable sort: actions at the same moment keep the scenario file's order.
  return actions.sort((a, b) => a.t - b.t);
}

/**
 * Income `inc` in month `m`, with the scenario's changes to it (a changed amount, a delayed date):
 * none in a month it is not paid in.
 */
function incomePayment(
  scenario: Scenario,
  inc: IncomeSpec,
  m: number,
): { day: number; amount: string; note?: string } | undefined {
  if (inc.inMonths && !inc.inMonths.includes((m % 12) + 1)) return undefined;
  let amount = inc.amount;
  let note: string | undefined;
  for (const e of scenario.events) {
    if (e.type === "changeIncome" && e.income === inc.id) {
      if (m >= monthIndexOfKey(e.from) && m <= monthIndexOfKey(e.through)) {
        amount = e.amount;
        // The note is told once, with the first changed payment.
        note = m === monthIndexOfKey(e.from) ? e.note : "changed amount continues";
      }
    }
  }
  let day = previousWorkday(monthStart(m) + (Math.min(inc.day, daysInMonth(m)) - 1) * DAY);
  for (const e of scenario.events) {
    if (e.type === "delayIncome" && e.income === inc.id && monthIndexOfKey(e.month) === m) {
      day = parseDate(e.date);
      note = e.note;
    }
  }
  return { day, amount, note };
}

/** The action of a dated event on `day`; none for an event that is not an action (a keeper outage). */
function eventAction(e: EventSpec & { date: string }, day: number, money: Money): Action | undefined {
  switch (e.type) {
    case "oneOffIncome":
      return {
        t: day + PHASE.income,
        phase: "income",
        payer: e.payer,
        amount: money.units(e.amount),
        label: e.label,
        note: e.note,
      };
    case "blocklist":
    case "unblocklist":
      return { t: day + PHASE.token, phase: "token", event: e };
    case "advance":
      return { t: day + PHASE.advance, phase: "advance", event: e };
    case "proposePlan":
    case "acceptPlan":
      return { t: day + PHASE.plan, phase: "plan", event: e };
    case "claim":
      return { t: day + PHASE.claim, phase: "claim", event: e };
    case "withdrawSavings":
      return { t: day + PHASE.resident, phase: "resident", event: e };
  }
  return undefined;
}

/** The same scenario `years` later (when the chain's clock is already past its start). */
function shiftScenario(s: Scenario, years: number): Scenario {
  if (years === 0) return s;
  const events = s.events.map((e) => {
    const out = { ...e } as Record<string, unknown>;
    for (const k of ["date"]) if (typeof out[k] === "string") out[k] = shiftDate(out[k] as string, years);
    for (const k of ["month", "from", "through"])
      if (typeof out[k] === "string") out[k] = shiftMonth(out[k] as string, years);
    return out as unknown as EventSpec;
  });
  return { ...s, start: shiftDate(s.start, years), events };
}

// ---- plans ------------------------------------------------------------------------------------------

export function toPlan(spec: PlanSpec, who: Record<Role, HardhatEthersSigner>, money: Money): PlanStruct {
  return {
    buckets: spec.buckets.map((b) => ({
      category: CATEGORY_CODES.indexOf(b.code),
      dueDay: b.dueDay,
      amountPerMonth: money.units(b.amount),
      creditor: who[b.creditor].address,
    })),
    weeklyLivingMoney: money.units(spec.weeklyLivingMoney),
    bufferTarget: money.units(spec.bufferTarget),
  };
}

function applyChanges(plan: PlanSpec, changes: Extract<EventSpec, { type: "proposePlan" }>["changes"]): PlanSpec {
  return {
    buckets: plan.buckets.map((b) => ({ ...b, amount: changes.amounts?.[b.code as CategoryCode] ?? b.amount })),
    weeklyLivingMoney: changes.weeklyLivingMoney ?? plan.weeklyLivingMoney,
    bufferTarget: changes.bufferTarget ?? plan.bufferTarget,
  };
}

function describeChanges(from: PlanSpec, to: PlanSpec): string {
  const parts: string[] = [];
  to.buckets.forEach((b, i) => {
    if (b.amount !== from.buckets[i].amount) parts.push(`${b.code} €${from.buckets[i].amount} -> €${b.amount} a month`);
  });
  if (to.weeklyLivingMoney !== from.weeklyLivingMoney) {
    parts.push(`living money €${from.weeklyLivingMoney} -> €${to.weeklyLivingMoney} a week`);
  }
  if (to.bufferTarget !== from.bufferTarget) parts.push(`buffer target €${from.bufferTarget} -> €${to.bufferTarget}`);
  return parts.join(", ") || "no change";
}

// ---- one household's actions -------------------------------------------------------------------------

/** The roles every household shares: payers, creditors, coach, treasury, keeper, token admin. */
export interface Cast {
  who: Record<Role, HardhatEthersSigner>;
  token: EuroToken;
  money: Money;
  scenario: Scenario;
}

/** One household: its vault, its resident, and its plan's history. */
export interface Household {
  vault: HouseholdVault;
  resident: HardhatEthersSigner;
  /** The plans in force, from when (the first from the vault's creation). */
  planHistory: { from: number; plan: PlanSpec }[];
  /** The coach's proposal waiting for the resident's consent. */
  proposed?: { spec: PlanSpec; struct: PlanStruct };
}

/** The plan in force at `t`. */
export function planAt(h: Household, t: number): PlanSpec {
  return [...h.planHistory].reverse().find((p) => p.from <= t)!.plan;
}

/** A contract call, sent by each caller its own way (the runner waits for each; the gas run batches them). */
export interface Call {
  from: HardhatEthersSigner;
  contract: BaseContract;
  method: string;
  args: unknown[];
}

export interface Prepared {
  /** What the transaction does, for progress lines and error messages. */
  what?: string;
  /** The call to send; none when the action has nothing to do (nothing to claim, no need). */
  call?: Call;
  /** The terminal's line about it, if any. */
  note?: string;
  /** To run once the call is mined, with its block's timestamp (plan history, pending proposal). */
  done?: (minedAt: number) => void;
}

const PAYER_LABEL: Record<PayerName, string> = { svb: "SVB", toeslagen: "Toeslagen", wi: "W&I" };

/**
 * The one call an action makes for household `h`, after the reads it needs (savings for a
 * withdrawal, what a creditor may claim, what the buckets need for an advance of "need"). A token
 * action (blocklist) is the issuer's and the same for every household: send it once.
 */
export async function prepareAction(cast: Cast, h: Household, action: Action): Promise<Prepared> {
  switch (action.phase) {
    case "income":
      return prepareIncome(cast, h, action);
    case "token":
      return prepareTokenAction(cast, action.event);
    case "resident":
      return prepareWithdrawal(cast, h, action.t, action.event);
    case "claim":
      return prepareClaim(cast, h, action.event);
    case "advance":
      return prepareAdvance(cast, h, action.event);
    case "plan":
      return action.event.type === "proposePlan"
        ? prepareProposal(cast, h, action.t, action.event)
        : prepareAcceptance(cast, h, action.t, action.event);
  }
}

type ActionOf<P extends Action["phase"]> = Extract<Action, { phase: P }>;
type EventOf<T extends EventSpec["type"]> = Extract<EventSpec, { type: T }>;

function prepareIncome({ who, money }: Cast, h: Household, action: ActionOf<"income">): Prepared {
  const note = action.note
    ? `${PAYER_LABEL[action.payer]} pays ${money.eur(action.amount)} ${action.label}: ${action.note}`
    : undefined;
  return {
    what: action.label,
    call: { from: who[action.payer], contract: h.vault, method: "deposit", args: [action.amount] },
    note,
  };
}

function prepareTokenAction({ who, token }: Cast, e: EventOf<"blocklist" | "unblocklist">): Prepared {
  const method = e.type === "blocklist" ? "blocklist" : "unblocklist";
  return {
    what: `${method} ${e.creditor}`,
    call: { from: who.admin, contract: token, method, args: [who[e.creditor].address] },
    note: `${e.type === "blocklist" ? "blocklisted" : "released"}: ${e.note}`,
  };
}

async function prepareWithdrawal(
  { money, scenario }: Cast,
  h: Household,
  t: number,
  e: EventOf<"withdrawSavings">,
): Promise<Prepared> {
  const resident = scenario.household.resident;
  const savings = (await h.vault.accounts()).savings;
  const amount = e.amount === "all" ? savings : money.units(e.amount);
  if (amount === 0n) return { note: `${resident} has no savings to withdraw` };
  if (amount > savings) {
    throw new ScenarioFailure(
      `${isoDate(t)} ${resident} withdraws ${money.eur(amount)} of savings, ` +
        `but the vault holds only ${money.eur(savings)} in savings`,
    );
  }
  return {
    what: "resident withdraws savings",
    call: { from: h.resident, contract: h.vault, method: "withdrawSavings", args: [amount] },
    note: `${resident} withdraws ${money.eur(amount)} of savings: ${e.note}`,
  };
}

async function prepareClaim({ who, money }: Cast, h: Household, e: EventOf<"claim">): Promise<Prepared> {
  const owed = await h.vault.claimable(who[e.creditor].address);
  if (owed === 0n) return { note: `${e.creditor} has nothing to claim` };
  return {
    what: `${e.creditor} claims`,
    call: { from: who[e.creditor], contract: h.vault, method: "claim", args: [] },
    note: `${e.creditor} claims ${money.eur(owed)}: ${e.note}`,
  };
}

async function prepareAdvance({ who, money }: Cast, h: Household, e: EventOf<"advance">): Promise<Prepared> {
  const amount = e.amount === "need" ? await bucketsNeed(h.vault) : money.units(e.amount);
  if (e.amount === "need" && amount === 0n) return { note: "the buckets need nothing: no advance" };
  return {
    what: "municipal advance",
    call: { from: who.treasury, contract: h.vault, method: "advance", args: [amount] },
    note: `municipal advance of ${money.eur(amount)}: ${e.note}`,
  };
}

/**
 * What the buckets still need for their next month once the income waiting in the vault is
 * split: advance() splits it first and advances only what it leaves short.
 */
async function bucketsNeed(vault: HouseholdVault): Promise<bigint> {
  const [buckets, preview] = await Promise.all([vault.buckets(), vault.previewAllocation()]);
  return buckets.reduce((s, b, i) => {
    const target = b.arrears + b.amountPerMonth;
    const has = b.balance + preview.toBuckets[i];
    return s + (target > has ? target - has : 0n);
  }, 0n);
}

function prepareProposal({ who, money }: Cast, h: Household, t: number, e: EventOf<"proposePlan">): Prepared {
  const current = planAt(h, t);
  const spec = applyChanges(current, e.changes);
  const struct = toPlan(spec, who, money);
  return {
    what: "coach proposes a plan",
    call: { from: who.coach, contract: h.vault, method: "proposePlan", args: [struct] },
    note: `coach proposes: ${describeChanges(current, spec)} (${e.note})`,
    done: () => (h.proposed = { spec, struct }),
  };
}

function prepareAcceptance({ scenario }: Cast, h: Household, t: number, e: EventOf<"acceptPlan">): Prepared {
  const accepted = h.proposed;
  if (!accepted) throw new UserError(`${isoDate(t)}: acceptPlan without an earlier proposePlan`);
  return {
    what: "resident accepts the plan",
    call: { from: h.resident, contract: h.vault, method: "acceptPlan", args: [accepted.struct] },
    note: `${scenario.household.resident} accepts the plan (${e.note})`,
    done: (minedAt) => {
      h.planHistory.push({ from: minedAt, plan: accepted.spec });
      h.proposed = undefined;
    },
  };
}
