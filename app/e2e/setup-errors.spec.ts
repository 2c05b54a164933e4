/**
 * What a person sees when the app cannot work: a node that does not answer, a config.json that is
 * wrong. A sentence, never ethers' or the browser's technical message.
 */
import { expect, test } from "@playwright/test";
import { appUrl } from "./helpers";

test("a node that does not answer: a plain sentence and a way to try again, no technical message", async ({ page }) => {
  const config = (await (await fetch(new URL("config.json", appUrl()))).json()) as Record<string, unknown>;
  await page.route("**/config.json", (route) => route.fulfill({ json: { ...config, rpcUrl: "http://127.0.0.1:9" } }));
  await page.goto(appUrl());
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("De gegevens op de blockchain kunnen nu niet gelezen worden.");
  await expect(alert).not.toContainText(/fetch|code=|version=|Error/i);
  await expect(alert.getByRole("button", { name: "Opnieuw proberen" })).toBeVisible();
});

test("a config.json that is wrong: says which field, in Dutch and English", async ({ page }) => {
  await page.route("**/config.json", (route) => route.fulfill({ json: { chainId: 31337, factory: "0x12" } }));
  await page.goto(appUrl());
  await expect(page.getByRole("alert")).toContainText(
    "config.json ontbreekt of klopt niet / config.json is missing or wrong",
  );
  await expect(page.getByRole("alert")).toContainText("networkName must be a non-empty string");
});
