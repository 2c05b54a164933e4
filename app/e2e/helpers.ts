/**
 * What the browser tests share: the chain the global setup started (read and driven with ethers,
 * to set up a situation and to check what the app did), logging in with a development account,
 * the language switch, axe-core and screenshots.
 */
import fs from "fs";
import path from "path";
import { expect, type Page } from "@playwright/test";
import { JsonRpcProvider } from "ethers";
import { HouseholdVault__factory, HouseholdVaultFactory__factory } from "../../typechain-types";

export const SCREENSHOTS = path.resolve(__dirname, "../../reports/app/screenshots");

export const appUrl = () => required("E2E_APP_URL");

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests with \`npm run test:app\``);
  return value;
}

/** The node, its accounts (the same test mnemonic as every Hardhat node) and the factory. */
export function chain() {
  const provider = new JsonRpcProvider(required("E2E_RPC_URL"), undefined, { staticNetwork: true });
  const factory = HouseholdVaultFactory__factory.connect(required("E2E_FACTORY"), provider);
  return { provider, factory };
}

/** The node's accounts in order: 0 municipality, 1 coach, 11 and 12 the demo residents. */
export async function accounts(): Promise<string[]> {
  return (await chain().provider.send("eth_accounts", [])) as string[];
}

export const ACCOUNT = { municipality: 0, coach: 1, treasury: 9, resident: 11, secondResident: 12, newResident: 13 };

/** The households on chain, in order of creation, with their resident and coach. */
export async function households() {
  const { factory, provider } = chain();
  const created = await factory.queryFilter(factory.filters.VaultCreated());
  return Promise.all(
    created.map(async (e) => {
      const vault = HouseholdVault__factory.connect(e.args.vault, provider);
      return { householdId: e.args.householdId, vault, address: e.args.vault, resident: await vault.resident() };
    }),
  );
}

export async function householdOf(resident: string) {
  const found = (await households()).find((h) => h.resident.toLowerCase() === resident.toLowerCase());
  if (!found) throw new Error(`no household with resident ${resident}`);
  return found;
}

export type Lang = "nl" | "en";

/** Opens the app, switches it to `lang` with its own button, and logs in with the node's account `index`. */
export async function openAs(page: Page, index: number | undefined, lang: Lang = "nl"): Promise<void> {
  await page.goto(appUrl());
  await expect(page.locator("#dev-account option").first()).toBeAttached();
  if ((await page.locator("html").getAttribute("lang")) !== lang) {
    await page.getByRole("button", { name: lang === "en" ? "Switch to English" : "Schakel naar Nederlands" }).click();
  }
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  if (index === undefined) return;
  const address = (await accounts())[index];
  const picker = page.locator("#dev-account");
  await expect(picker.locator(`option[value="${address}"]`)).toBeAttached();
  await picker.selectOption(address);
  await page.getByRole("button", { name: lang === "nl" ? "Gebruik dit account" : "Use this account" }).click();
  await expect(page.getByTestId("connected-as")).toContainText(address, { ignoreCase: true });
}

/** Waits until a view has shown its data. */
export async function viewLoaded(page: Page, view: "resident" | "coach" | "municipality"): Promise<void> {
  await expect(page.locator(`[data-view="${view}"][aria-busy="false"]`)).toBeVisible();
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/** One line per violation, for the failure message and the log. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)
    .join("\n");
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
