/**
 * The consent flow with the keyboard alone: Tab to move, arrow keys in a list, typing, Enter and
 * Space. The coach logs in and proposes a new energy amount; the resident logs in and accepts.
 * Nothing is clicked; each control is reached by Tab from the one before, so a control the
 * keyboard cannot reach fails the test.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { ACCOUNT, accounts, appUrl, householdOf } from "./helpers";

const EURO = 1_000_000n;

/** Presses Tab until `target` has the focus (at most `limit` times). */
async function tabTo(page: Page, target: Locator, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Chooses an option of the focused <select> with the arrow keys. */
async function arrowTo(page: Page, select: Locator, value: string): Promise<void> {
  const values = await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const want = values.findIndex((v) => v.toLowerCase() === value.toLowerCase());
  expect(want, `option ${value}`).toBeGreaterThanOrEqual(0);
  await page.keyboard.press("Home");
  for (let i = 0; i < want; i++) await page.keyboard.press("ArrowDown");
  await expect(select).toHaveValue(values[want]);
}

async function logInByKeyboard(page: Page, address: string): Promise<void> {
  await page.goto(appUrl());
  const picker = page.locator("#dev-account");
  await expect(picker.locator(`option[value="${address}"]`)).toBeAttached();
  await tabTo(page, picker);
  await arrowTo(page, picker, address);
  await tabTo(page, page.getByRole("button", { name: "Gebruik dit account" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("connected-as")).toContainText(address, { ignoreCase: true });
}

test("a plan change through consent, with the keyboard alone", async ({ page }) => {
  const all = await accounts();
  const { vault, householdId } = await householdOf(all[ACCOUNT.resident]);

  await logInByKeyboard(page, all[ACCOUNT.coach]);
  await expect(page.locator('[data-view="coach"][aria-busy="false"]')).toBeVisible();
  const household = page.getByLabel("Huishouden", { exact: true });
  await tabTo(page, household);
  await arrowTo(page, household, householdId);
  const lines = page.locator("#coach-propose-form").getByRole("group", { name: /^Regel \d+$/ });
  // The family's third line is energy (rent, insurance, energy, water).
  await expect(lines.nth(2).getByLabel("Soort", { exact: true })).toHaveValue("1");
  const amount = lines.nth(2).getByLabel("Bedrag per maand in euro");
  await tabTo(page, amount);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("200,00");
  await tabTo(page, page.getByRole("button", { name: "Voorstel versturen" }));
  await page.keyboard.press("Enter");
  await expect(page.locator("#coach-propose-form [data-tx=confirmed]")).toBeVisible();

  await logInByKeyboard(page, all[ACCOUNT.resident]);
  await expect(page.locator('[data-view="resident"][aria-busy="false"]')).toBeVisible();
  const accept = page
    .getByRole("region", { name: "Voorstel van uw coach" })
    .getByRole("button", { name: "Akkoord", exact: true });
  await tabTo(page, accept);
  await page.keyboard.press("Space");
  await expect(page.getByText("Akkoord geven op het voorstel: gelukt.")).toBeVisible();
  const energy = (await vault.plan()).buckets.find((b) => b.category === 1n)!;
  expect(energy.amountPerMonth).toBe(200n * EURO);
});
