/**
 * Readers for the population file's fields. Each checks one value and returns it in the form the
 * generator uses (amounts as whole cents, ranges as { min, max }), or fails with the field's path
 * and the problem; `Fields.fail` turns that into a UserError naming the file.
 */
import { UserError } from "../core";

/** An inclusive range; min === max for a fixed value. */
export interface Range {
  min: number;
  max: number;
}

export type Fail = (where: string, problem: string) => never;

/** Free text and source references any object in the file may carry. */
const DESCRIPTIVE = ["note", "label", "source"];

/** What every reader needs: how to fail, and the source ids a `source` field may name. */
export class Fields {
  readonly sourceIds = new Set<string>();
  readonly fail: Fail;

  constructor(readonly file: string) {
    this.fail = (where, problem) => {
      throw new UserError(`${file}: ${where}: ${problem}`);
    };
  }

  /** `raw` as an object that holds only `keys` (and note, label, source), with its sources checked. */
  object(raw: unknown, keys: string[], where: string, what: string): Record<string, unknown> {
    if (!isObject(raw)) this.fail(where, `must be an object with ${what}`);
    const obj = raw as Record<string, unknown>;
    const allowed = [...keys, ...DESCRIPTIVE];
    const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
    if (unknown.length > 0) this.fail(where, `unknown field "${unknown[0]}" (allowed: ${allowed.join(", ")})`);
    this.checkText(obj.note, `${where}.note`);
    this.checkText(obj.label, `${where}.label`);
    if (obj.source !== undefined) this.checkSource(obj.source, `${where}.source`);
    return obj;
  }

  list(raw: unknown, where: string, what: string, allowEmpty = false): unknown[] {
    if (!Array.isArray(raw) || (!allowEmpty && raw.length === 0)) {
      this.fail(where, `must be a ${allowEmpty ? "" : "non-empty "}list of ${what}`);
    }
    return raw as unknown[];
  }

  id(raw: unknown, where: string): string {
    if (typeof raw !== "string" || !/^[a-z0-9-]{1,40}$/.test(raw)) {
      this.fail(where, `must be a short code of lower-case letters, digits and dashes (got ${JSON.stringify(raw)})`);
    }
    return raw as string;
  }

  oneOf<T extends string>(raw: unknown, options: readonly T[], where: string): T {
    if (!options.includes(raw as T)) {
      this.fail(where, `must be one of ${options.join(", ")} (got ${JSON.stringify(raw)})`);
    }
    return raw as T;
  }

  positive(raw: unknown, where: string): number {
    if (typeof raw !== "number" || !Number.isFinite(raw) || raw <= 0) this.fail(where, "must be a number > 0");
    return raw as number;
  }

  number(raw: unknown, min: number, max: number, where: string): number {
    if (typeof raw !== "number" || !(raw >= min && raw <= max)) {
      this.fail(where, `must be a number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    }
    return raw as number;
  }

  whole(raw: unknown, min: number, max: number, where: string): number {
    if (typeof raw !== "number" || !Number.isInteger(raw) || raw < min || raw > max) {
      this.fail(where, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    }
    return raw as number;
  }

  /** "1329.00" -> 132900 cents. */
  cents(raw: unknown, where: string): number {
    if (typeof raw !== "string" || !/^\d{1,9}(\.\d{1,2})?$/.test(raw)) {
      this.fail(where, `must be an amount in euros as a string, like "850.00" (got ${JSON.stringify(raw)})`);
    }
    const [whole, fraction = ""] = (raw as string).split(".");
    return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  }

  positiveCents(raw: unknown, where: string): number {
    const cents = this.cents(raw, where);
    if (cents === 0) this.fail(where, "must be more than 0");
    return cents;
  }

  /** An amount ("612.00") or a range of amounts (["480.00", "720.00"]), in cents, each more than 0. */
  centsRange(raw: unknown, where: string): Range {
    return this.range(raw, where, "an amount or a [lowest, highest] pair of amounts", (x, w) =>
      this.positiveCents(x, w),
    );
  }

  /** A whole number or a [lowest, highest] pair of them. */
  wholeRange(raw: unknown, min: number, max: number, where: string): Range {
    return this.range(raw, where, `a whole number or a [lowest, highest] pair of them`, (x, w) =>
      this.whole(x, min, max, w),
    );
  }

  numberRange(raw: unknown, min: number, max: number, where: string): Range {
    return this.range(raw, where, `a number or a [lowest, highest] pair of numbers`, (x, w) =>
      this.number(x, min, max, w),
    );
  }

  uniqueIds(items: { id: string }[], where: string): void {
    items.forEach((item, i) => {
      if (items.findIndex((o) => o.id === item.id) !== i) this.fail(`${where}[${i}].id`, `"${item.id}" is used twice`);
    });
  }

  private range(raw: unknown, where: string, what: string, one: (x: unknown, where: string) => number): Range {
    if (!Array.isArray(raw)) {
      const value = one(raw, where);
      return { min: value, max: value };
    }
    if (raw.length !== 2) this.fail(where, `must be ${what}`);
    const min = one(raw[0], `${where}[0]`);
    const max = one(raw[1], `${where}[1]`);
    if (min > max) this.fail(where, `the lowest (${JSON.stringify(raw[0])}) is above the highest`);
    return { min, max };
  }

  private checkText(raw: unknown, where: string): void {
    if (raw !== undefined && typeof raw !== "string") this.fail(where, "must be text");
  }

  private checkSource(raw: unknown, where: string): void {
    const ids = Array.isArray(raw) ? raw : [raw];
    ids.forEach((id, i) => {
      const at = Array.isArray(raw) ? `${where}[${i}]` : where;
      if (typeof id !== "string" || !this.sourceIds.has(id)) {
        this.fail(at, `must name a source in \`sources\` (got ${JSON.stringify(id)})`);
      }
    });
  }
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
