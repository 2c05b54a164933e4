/**
 * The app's flows from the user's side, each checked on chain afterwards:
 *   1. the coach proposes a new energy amount; the resident sees it side by side and accepts; the
 *      vault's plan has changed;
 *   2. a resident rejects a proposal (in English); the plan stays as it was;
 *   3. the municipality creates a vault for a new household, which then appears for its coach;
 *   4. failures: a creditor outside the register stops the proposal with a plain sentence and
 *      nothing is sent; an advance above the cap fails on chain with a plain sentence and nothing
 *      changes, while an advance within it goes through;
 *   5. the municipality pauses a household (after confirming), its resident is told, and resumes it;
 *   6. a proposal the coach replaced while the resident was reading is not rejected unseen.
 */
import { expect, test, type Page } from "@playwright/test";
import { ZeroHash } from "ethers";
import {
  ACCOUNT,
  accounts,
  axeViolations,
  chain,
  describeViolations,
  householdOf,
  openAs,
  screenshot,
  viewLoaded,
} from "./helpers";

const ENERGY = 1n; // IHouseholdVault.Category.Energy
const EURO = 1_000_000n; // the test token has 6 decimals

/** The plan lines of a form: each a group "Regel N". */
const linesOf = (page: Page, form: string) => page.locator(`#${form}`).getByRole("group", { name: /^Regel \d+$/ });

/** The plan line whose kind is `category`. */
async function lineOf(page: Page, form: string, category: bigint) {
  const lines = linesOf(page, form);
  const count = await lines.count();
  for (let i = 0; i < count; i++) {
    if ((await lines.nth(i).getByLabel("Soort", { exact: true }).inputValue()) === String(category))
      return lines.nth(i);
  }
  throw new Error(`no plan line of category ${category} in #${form}`);
}

test("1. the coach proposes a new energy amount, the resident sees it side by side and accepts: the plan on chain changes", async ({
  page,
}) => {
  const resident = (await accounts())[ACCOUNT.resident];
  const { vault, householdId } = await householdOf(resident);
  const before = await vault.plan();
  const energyBefore = before.buckets.find((b) => b.category === ENERGY)!.amountPerMonth;
  expect(energyBefore).toBe(165n * EURO);

  await openAs(page, ACCOUNT.coach, "nl");
  await viewLoaded(page, "coach");
  await page.getByLabel("Huishouden", { exact: true }).selectOption(householdId);
  const energy = await lineOf(page, "coach-propose-form", ENERGY);
  await energy.getByLabel("Bedrag per maand in euro").fill("180,00");
  await page.getByRole("button", { name: "Voorstel versturen" }).click();
  await expect(page.locator("#coach-propose-form [data-tx=confirmed]")).toBeVisible();
  expect((await vault.pendingPlan()).planHash).not.toBe(ZeroHash);

  await openAs(page, ACCOUNT.resident, "nl");
  await viewLoaded(page, "resident");
  const proposal = page.getByRole("region", { name: "Voorstel van uw coach" });
  const energyRow = proposal.getByRole("row", { name: /Energie/ });
  await expect(energyRow).toContainText("165,00");
  await expect(energyRow).toContainText("180,00");
  await expect(energyRow).toContainText("15,00 meer");
  await screenshot(page, "resident-proposal-nl");
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);

  await proposal.getByRole("button", { name: "Akkoord", exact: true }).click();
  await expect(page.getByText("Akkoord geven op het voorstel: gelukt.")).toBeVisible();
  const after = await vault.plan();
  expect(after.buckets.find((b) => b.category === ENERGY)!.amountPerMonth).toBe(180n * EURO);
  expect(after.buckets.filter((b) => b.category !== ENERGY).map((b) => b.amountPerMonth)).toEqual(
    before.buckets.filter((b) => b.category !== ENERGY).map((b) => b.amountPerMonth),
  );
  expect((await vault.pendingPlan()).planHash).toBe(ZeroHash);
  // Answered: the buttons are gone, the confirmation stays in the proposal's place.
  await expect(proposal.getByRole("button", { name: "Akkoord", exact: true })).toHaveCount(0);
});

test("2. a resident rejects a proposal (in English): the plan on chain stays as it was", async ({ page }) => {
  const all = await accounts();
  const { vault } = await householdOf(all[ACCOUNT.secondResident]);
  const before = await vault.plan();
  // The coach's proposal is set up directly: a higher buffer target.
  const coach = await chain().provider.getSigner(all[ACCOUNT.coach]);
  const proposed = {
    buckets: before.buckets.map((b) => ({
      category: b.category,
      dueDay: b.dueDay,
      amountPerMonth: b.amountPerMonth,
      creditor: b.creditor,
    })),
    weeklyLivingMoney: before.weeklyLivingMoney,
    bufferTarget: before.bufferTarget + 100n * EURO,
  };
  await (await vault.connect(coach).proposePlan(proposed)).wait();

  await openAs(page, ACCOUNT.secondResident, "en");
  await viewLoaded(page, "resident");
  const proposal = page.getByRole("region", { name: "Proposal from your coach" });
  await expect(proposal).toContainText("Buffer");
  await proposal.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(page.getByText("Rejecting the proposal: done.")).toBeVisible();

  expect((await vault.pendingPlan()).planHash).toBe(ZeroHash);
  const after = await vault.plan();
  expect(after.bufferTarget).toBe(before.bufferTarget);
  expect(after.toString()).toBe(before.toString());
  const rejected = await vault.queryFilter(vault.filters.PlanRejected());
  expect(rejected.length).toBe(1);
});

test("3. the municipality creates a vault for a new household, which then appears for its coach", async ({ page }) => {
  const all = await accounts();
  const { factory } = chain();
  await openAs(page, ACCOUNT.municipality, "nl");
  await viewLoaded(page, "municipality");
  const householdId = (await page.getByTestId("new-household-id").innerText()).trim();
  expect(householdId).toMatch(/^0x[0-9a-f]{64}$/);

  const form = page.locator("#create-form");
  await form.getByLabel("Adres van de bewoner").fill(all[ACCOUNT.newResident]);
  await form.getByLabel("Coach", { exact: true }).selectOption({ index: 1 });
  const line = linesOf(page, "create-form").first();
  await line.getByLabel("Soort", { exact: true }).selectOption("0");
  await line.getByLabel("Betaaldag").fill("1");
  await line.getByLabel("Bedrag per maand in euro").fill("700");
  await line.getByLabel("Schuldeiser", { exact: true }).selectOption({ index: 1 });
  await form.getByLabel("Leefgeld per week in euro").fill("150");
  await form.getByLabel("Buffer in euro").fill("200");
  await form.getByRole("button", { name: "Kluis maken" }).click();
  await expect(page.getByTestId("vault-created")).toContainText(householdId);

  const address = await factory.vaultAddress(householdId);
  expect(await factory.isVault(address)).toBe(true);
  const { vault } = await householdOf(all[ACCOUNT.newResident]);
  expect((await vault.getAddress()).toLowerCase()).toBe(address.toLowerCase());
  expect((await vault.coach()).toLowerCase()).toBe(all[ACCOUNT.coach].toLowerCase());
  const plan = await vault.plan();
  expect(plan.buckets.map((b) => [b.category, b.dueDay, b.amountPerMonth])).toEqual([[0n, 1n, 700n * EURO]]);
  expect(plan.weeklyLivingMoney).toBe(150n * EURO);

  await openAs(page, ACCOUNT.coach, "nl");
  await viewLoaded(page, "coach");
  await expect(page.getByTestId("coach-households").locator(`[data-household="${householdId}"]`)).toBeVisible();
});

test("4. failures in plain words, with nothing changed on chain: a creditor outside the register, an advance above the cap", async ({
  page,
}) => {
  const all = await accounts();
  const { provider } = chain();
  const { vault, householdId } = await householdOf(all[ACCOUNT.resident]);
  const pendingBefore = await vault.pendingPlan();
  const blockBefore = await provider.getBlockNumber();

  await openAs(page, ACCOUNT.coach, "nl");
  await viewLoaded(page, "coach");
  await page.getByLabel("Huishouden", { exact: true }).selectOption(householdId);
  const first = linesOf(page, "coach-propose-form").first();
  await first.getByLabel("Schuldeiser", { exact: true }).selectOption("other");
  await first.getByLabel("Adres van de schuldeiser").fill(all[15]);
  await page.getByRole("button", { name: "Voorstel versturen" }).click();
  const failed = page.locator("#coach-propose-form [data-tx=failed]");
  await expect(failed).toContainText("De schuldeiser in regel 1");
  await expect(failed).toContainText("staat niet in het register van de gemeente");
  await expect(failed).not.toContainText(/Error|0x[0-9a-f]{8,}|at .*\.ts/);
  expect(await provider.getBlockNumber()).toBe(blockBefore);
  expect((await vault.pendingPlan()).toString()).toBe(pendingBefore.toString());

  // An advance above the cap is sent and fails on chain (the approval before it goes through).
  const second = await householdOf(all[ACCOUNT.secondResident]);
  const owedBefore = (await second.vault.accounts()).advanceOutstanding;
  await openAs(page, ACCOUNT.municipality, "nl");
  await viewLoaded(page, "municipality");
  const advance = page.locator("#advance-form");
  await advance.getByLabel("Huishouden", { exact: true }).selectOption(second.householdId);
  await advance.getByLabel("Bedrag van het voorschot in euro").fill("2000");
  await advance.getByRole("button", { name: "Voorschot geven" }).click();
  await expect(advance.locator("[data-tx=failed]")).toContainText(
    "Dit voorschot is te hoog. Dit huishouden mag nog € 1.500,00 voorschot krijgen.".replace(" 1.500", "\u00a01.500"),
  );
  expect((await second.vault.accounts()).advanceOutstanding).toBe(owedBefore);

  // Within the cap it goes through: the household owes it.
  await advance.getByLabel("Bedrag van het voorschot in euro").fill("100");
  await advance.getByRole("button", { name: "Voorschot geven" }).click();
  await expect(advance.locator("[data-tx=confirmed]")).toBeVisible();
  expect((await second.vault.accounts()).advanceOutstanding).toBe(owedBefore + 100n * EURO);
});

test("5. the municipality pauses a household after confirming, the resident is told, and resumes it", async ({
  page,
}) => {
  const all = await accounts();
  const { vault, householdId } = await householdOf(all[ACCOUNT.secondResident]);
  expect(await vault.paused()).toBe(false);
  const short = `${householdId.slice(0, 6)}…${householdId.slice(-4)}`;

  await openAs(page, ACCOUNT.municipality, "nl");
  await viewLoaded(page, "municipality");
  const row = page.getByTestId("households").getByRole("row", { name: new RegExp(short) });
  await row.getByRole("button", { name: /^Pauzeren/ }).click();
  // Nothing is sent before the second step.
  expect(await vault.paused()).toBe(false);
  await row.getByRole("button", { name: /^Ja, pauzeren/ }).click();
  await expect(row.getByRole("button", { name: /^Hervatten/ })).toBeVisible();
  expect(await vault.paused()).toBe(true);

  await openAs(page, ACCOUNT.secondResident, "nl");
  await viewLoaded(page, "resident");
  await expect(page.getByText("Uw kluis staat op pauze.")).toBeVisible();
  await expect(page.getByText("Gepauzeerd: er gaat nu geen geld uit").first()).toBeVisible();

  await openAs(page, ACCOUNT.municipality, "nl");
  await viewLoaded(page, "municipality");
  await page
    .getByTestId("households")
    .getByRole("row", { name: new RegExp(short) })
    .getByRole("button", { name: /^Hervatten/ })
    .click();
  await expect(
    page
      .getByTestId("households")
      .getByRole("row", { name: new RegExp(short) })
      .getByRole("button", { name: /^Pauzeren/ }),
  ).toBeVisible();
  expect(await vault.paused()).toBe(false);
});

test("6. a proposal the coach replaced while the resident was reading is not rejected unseen", async ({ page }) => {
  const all = await accounts();
  const { vault } = await householdOf(all[ACCOUNT.secondResident]);
  const coach = await chain().provider.getSigner(all[ACCOUNT.coach]);
  const plan = await vault.plan();
  const withBuffer = (extra: bigint) => ({
    buckets: plan.buckets.map((b) => ({
      category: b.category,
      dueDay: b.dueDay,
      amountPerMonth: b.amountPerMonth,
      creditor: b.creditor,
    })),
    weeklyLivingMoney: plan.weeklyLivingMoney,
    bufferTarget: plan.bufferTarget + extra,
  });
  await (await vault.connect(coach).proposePlan(withBuffer(100n * EURO))).wait();

  await openAs(page, ACCOUNT.secondResident, "nl");
  await viewLoaded(page, "resident");
  const proposal = page.getByRole("region", { name: "Voorstel van uw coach" });
  await expect(proposal).toContainText("100,00 meer");
  // Meanwhile the coach replaces it.
  await (await vault.connect(coach).proposePlan(withBuffer(200n * EURO))).wait();
  const replaced = await vault.pendingPlan();

  await proposal.getByRole("button", { name: "Niet akkoord", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Het voorstel is intussen veranderd. Lees het nieuwe voorstel en beslis opnieuw.",
  );
  expect((await vault.pendingPlan()).toString()).toBe(replaced.toString());
  expect(await vault.queryFilter(vault.filters.PlanRejected(replaced.nonce))).toHaveLength(0);
  // The screen now shows the new proposal, to decide on again.
  await expect(proposal).toContainText("200,00 meer");
  await proposal.getByRole("button", { name: "Niet akkoord", exact: true }).click();
  await expect(page.getByText("Het voorstel afwijzen: gelukt.")).toBeVisible();
  expect((await vault.pendingPlan()).planHash).toBe(ZeroHash);
});
