/**
 * Reading an income calendar file from disk (Node only). The calendar's shape and its checks are in
 * income-calendar.ts, which the web app uses too.
 */
import fs from "fs";
import { UserError } from "../core";
import { checkIncomeCalendar, type IncomeCalendar } from "./income-calendar";

export * from "./income-calendar";

/** Reads and checks a calendar file; every problem is a UserError that names the file and the field. */
export function loadIncomeCalendar(file: string): IncomeCalendar {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new UserError(`cannot read the income calendar ${file}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return checkIncomeCalendar(raw, file);
}
