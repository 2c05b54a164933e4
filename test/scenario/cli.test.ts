import fs from "fs";
import path from "path";
import { expect } from "chai";
import { loadScenario } from "../../src/scenario";
import { UserError } from "../../src/core";
import { parseArgs } from "../../src/cli";
import { requireEnv, checkNetworkEnv } from "../../src/chain";
import { removeTempDirs, runScript, STACK_LINE, tempDir, FAMILY } from "./helpers";

function writeScenario(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected a UserError");
}

describe("scenario files and command-line input", function () {
  // Made in a hook, not when the file loads: another file's `after` may remove every temp dir made
  // so far (removeTempDirs) before these tests run.
  let dir: string;
  before(() => {
    dir = tempDir("cli");
  });
  const family = JSON.parse(fs.readFileSync(FAMILY, "utf8"));
  after(removeTempDirs);

  describe("scenario file checks", () => {
    it("names a missing file", () => {
      expect(userError(() => loadScenario(path.join(dir, "nope.json")))).to.match(
        /scenario file not found: .*nope\.json/,
      );
    });

    it("names a file that is not JSON", () => {
      const file = writeScenario(dir, "broken.json", "{ not json");
      expect(userError(() => loadScenario(file))).to.match(/broken\.json is not valid JSON/);
    });

    it("names the field that is wrong", () => {
      const bad = structuredClone(family);
      bad.plan.buckets[0].dueDay = 40;
      const file = writeScenario(dir, "dueday.json", JSON.stringify(bad));
      expect(userError(() => loadScenario(file))).to.match(
        /plan\.buckets\[0\]\.dueDay must be a whole number from 1 to 31 \(got 40\)/,
      );

      const amount = structuredClone(family);
      amount.income[0].amount = 1340;
      fs.writeFileSync(file, JSON.stringify(amount));
      expect(userError(() => loadScenario(file))).to.match(/income\[0\]\.amount must be a euro amount as a string/);

      const unknown = structuredClone(family);
      unknown.events[0].colour = "red";
      fs.writeFileSync(file, JSON.stringify(unknown));
      expect(userError(() => loadScenario(file))).to.match(/events\[0\]\.colour is not a known field/);

      const ref = structuredClone(family);
      ref.events[2].income = "lottery";
      fs.writeFileSync(file, JSON.stringify(ref));
      expect(userError(() => loadScenario(file))).to.match(/events\[2\]\.income names no income id/);
    });

    it("accepts the family file", () => {
      expect(loadScenario(FAMILY).plan.buckets.map((b) => b.code)).to.deep.equal([
        "RENT",
        "INSURANCE",
        "ENERGY",
        "WATER",
      ]);
    });
  });

  describe("options and environment", () => {
    it("refuses unknown options and stray arguments, naming them", () => {
      const spec = { scenario: { value: true, help: "" }, quiet: { value: false, help: "" } };
      expect(userError(() => parseArgs(["--bogus"], spec))).to.match(/unknown option --bogus/);
      expect(userError(() => parseArgs(["family.json"], spec))).to.match(/unexpected argument "family\.json"/);
      expect(userError(() => parseArgs(["--scenario"], spec))).to.match(/--scenario needs a value/);
      expect(parseArgs(["--scenario=a.json", "--quiet"], spec)).to.deep.equal({ scenario: "a.json", quiet: true });
    });

    it("names a missing or malformed environment variable", () => {
      expect(userError(() => requireEnv("TESTNET_RPC_URL", {}))).to.match(/^TESTNET_RPC_URL is missing/);
      expect(userError(() => requireEnv("DEPLOYER_PRIVATE_KEY", { DEPLOYER_PRIVATE_KEY: "0x1234" }))).to.match(
        /^DEPLOYER_PRIVATE_KEY is malformed/,
      );
      const env = {
        TESTNET_RPC_URL: "https://rpc.example.org",
        DEPLOYER_PRIVATE_KEY: `0x${"1".repeat(64)}`,
        TOKEN_ADDRESS: "0xnot-an-address",
      };
      expect(userError(() => checkNetworkEnv("testnet", env))).to.match(/^TOKEN_ADDRESS is malformed/);
      expect(userError(() => checkNetworkEnv("localhost", { LOCAL_RPC_URL: "ftp://x" }))).to.match(
        /^LOCAL_RPC_URL is malformed/,
      );
    });
  });

  describe("the command-line scripts exit non-zero with a clear message and no stack trace", () => {
    const cases: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
      ["scripts/demo.ts", ["--bogus"], {}, /error: unknown option --bogus/],
      ["scripts/demo.ts", ["--scenario", "missing.json"], {}, /error: scenario file not found: missing\.json/],
      ["scripts/demo.ts", ["--months", "zero"], {}, /error: --months must be a whole number/],
      ["scripts/demo.ts", ["--network", "mainnet"], {}, /error: the demo runs on hardhat or localhost/],
      [
        "scripts/deploy.ts",
        ["--network", "testnet", "--yes"],
        { TESTNET_RPC_URL: "" },
        /error: TESTNET_RPC_URL is missing/,
      ],
      [
        "scripts/deploy.ts",
        ["--network", "testnet", "--yes"],
        { TESTNET_RPC_URL: "https://rpc.example.org", DEPLOYER_PRIVATE_KEY: "secret", TOKEN_ADDRESS: "" },
        /error: DEPLOYER_PRIVATE_KEY is malformed/,
      ],
    ];
    for (const [script, args, env, message] of cases) {
      it(`${path.basename(script)} ${args.join(" ")}`, async () => {
        const run = await runScript(script, args, env, 60_000);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.match(message);
        expect(run.stderr).to.not.match(STACK_LINE);
      });
    }

    it("demo.ts reports a malformed scenario file by name", async () => {
      const file = writeScenario(
        dir,
        "bad-plan.json",
        JSON.stringify({ ...family, plan: { ...family.plan, buckets: [] } }),
      );
      const run = await runScript("scripts/demo.ts", ["--scenario", file], {}, 60_000);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/bad-plan\.json: plan\.buckets must hold 1 to 8 buckets/);
      expect(run.stderr).to.not.match(STACK_LINE);
    });
  });
});
