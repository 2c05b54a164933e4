/**
 * Every view, in Dutch and in English: axe-core finds no WCAG 2.0/2.1 A or AA violation, and a
 * screenshot of each is saved in reports/app/screenshots/ (one of them is in the README).
 */
import fs from "fs";
import path from "path";
import { expect, test } from "@playwright/test";
import {
  ACCOUNT,
  axeViolations,
  describeViolations,
  openAs,
  screenshot,
  SCREENSHOTS,
  viewLoaded,
  type Lang,
} from "./helpers";

const VIEWS = [
  { name: "login", account: undefined },
  { name: "resident", account: ACCOUNT.resident },
  { name: "coach", account: ACCOUNT.coach },
  { name: "municipality", account: ACCOUNT.municipality },
] as const;

const results: Record<string, number> = {};

test.describe("every view, in both languages", () => {
  for (const lang of ["nl", "en"] as Lang[]) {
    for (const view of VIEWS) {
      test(`${view.name} (${lang}): no WCAG A/AA violation found by axe-core; screenshot saved`, async ({ page }) => {
        await openAs(page, view.account, lang);
        if (view.name !== "login") await viewLoaded(page, view.name);
        await screenshot(page, `${view.name}-${lang}`);
        const violations = await axeViolations(page);
        results[`${view.name}-${lang}`] = violations.length;
        expect(violations, describeViolations(violations)).toEqual([]);
      });
    }
  }

  test.afterAll(() => {
    // The axe results, for the closing note and for anyone who wants to see what was checked.
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOTS, "..", "axe-results.json"), JSON.stringify(results, null, 2) + "\n");
  });
});
