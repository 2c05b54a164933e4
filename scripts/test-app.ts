/**
 * The web app's browser tests (`npm run test:app`, part of `npm test`): stops with a message
 * saying how to install Chromium when it is missing, else runs Playwright (playwright.config.ts).
 * Arguments go to Playwright (e.g. `npm run test:app -- app/e2e/flows.spec.ts`).
 */
import path from "path";
import { spawnSync } from "child_process";
import { chromiumMissing } from "../app/e2e/chromium";

const missing = chromiumMissing();
if (missing) {
  console.error(`error: ${missing}`);
  process.exit(1);
}
const cli = path.join(path.dirname(require.resolve("@playwright/test/package.json")), "cli.js");
const run = spawnSync(process.execPath, [cli, "test", ...process.argv.slice(2)], {
  cwd: path.resolve(__dirname, ".."),
  stdio: "inherit",
});
process.exit(run.status ?? 1);
