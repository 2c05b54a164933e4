/**
 * The web app type-checks against the contracts' TypeChain types and the library (Vite only strips
 * the types; `npm run app:build` checks them, and so does this test, so a contract or library
 * change that breaks the app fails `npm test`).
 */
import path from "path";
import { expect } from "chai";
import { runProcess } from "../scenario/helpers";

const ROOT = path.resolve(__dirname, "../..");

describe("web app: types", () => {
  it("app/ type-checks (tsc -p app/tsconfig.json)", async function () {
    this.timeout(180_000);
    const tsc = require.resolve("typescript/bin/tsc");
    const run = await runProcess(
      process.execPath,
      [tsc, "-p", path.join(ROOT, "app/tsconfig.json")],
      { cwd: ROOT },
      170_000,
    );
    expect(run.code, run.stdout + run.stderr).to.equal(0);
  });
});
