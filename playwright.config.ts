/**
 * The web app's browser tests (app/e2e): Debian's Chromium, driven by Playwright, against a real
 * `hardhat node` with the demo deployment, which the global setup starts and the teardown stops.
 * Run through `npm run test:app` (part of `npm test`), which first checks that Chromium is there.
 * One worker: the tests share one chain, and each works on its own household.
 */
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "./app/e2e/chromium";

export default defineConfig({
  testDir: "app/e2e",
  testMatch: /.*\.spec\.ts$/,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  outputDir: "reports/app/test-results",
  globalSetup: "./app/e2e/global-setup.ts",
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    viewport: { width: 1200, height: 900 },
    trace: "off",
    screenshot: "only-on-failure",
  },
});
