import fs from "fs";
import path from "path";
import { expect } from "chai";
import { loadScenario } from "../../src/scenario";
import { UserError } from "../../src/core";
import { cliProgram, networkOption, parseCommandLine, startProgress, wholeNumber } from "../../src/cli";
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
    let helpShown = "";
    // A program with the demo's kinds of option: a value, a whole number, a network and a flag.
    const program = () =>
      cliProgram("test", "a test program")
        .configureOutput({ writeOut: (text) => (helpShown += text) })
        .option("--scenario <file>", "scenario file")
        .option("--months <count>", "months", wholeNumber(1, 36))
        .addOption(networkOption(["hardhat", "localhost"], "network", "it moves the clock"))
        .option("--quiet", "print only the summary");
    const parse = (argv: string[]) => parseCommandLine(program(), argv);

    it("refuses unknown options, stray arguments and missing values, naming them", () => {
      expect(userError(() => parse(["--bogus"]))).to.match(/^unknown option '--bogus' \(try --help\)$/);
      expect(userError(() => parse(["--quiett"]))).to.match(/^unknown option '--quiett' \(Did you mean --quiet\?\)/);
      expect(userError(() => parse(["family.json"]))).to.match(/^too many arguments\. Expected 0 arguments but got 1/);
      expect(userError(() => parse(["--scenario"]))).to.match(/^option '--scenario <file>' argument missing/);
      expect(parse(["--scenario=a.json", "--quiet"])).to.deep.equal({
        scenario: "a.json",
        quiet: true,
        network: process.env.HARDHAT_NETWORK || "hardhat",
      });
    });

    it("checks whole numbers and networks, given or taken from HARDHAT_NETWORK", () => {
      expect(parse(["--months", "36"])?.months).to.equal(36);
      for (const bad of ["zero", "0", "37", "1.5", ""]) {
        expect(userError(() => parse(["--months", bad]))).to.match(
          /^option '--months <count>' argument '.*' is invalid\. Expected a whole number from 1 to 36\./,
        );
      }
      expect(parse(["--network", "localhost"])?.network).to.equal("localhost");
      expect(userError(() => parse(["--network", "mainnet"]))).to.match(
        /argument 'mainnet' is invalid\. Expected hardhat or localhost \(it moves the clock\)\./,
      );
      const saved = process.env.HARDHAT_NETWORK;
      try {
        process.env.HARDHAT_NETWORK = "mainnet";
        expect(userError(() => parse([]))).to.match(/default 'mainnet' \(HARDHAT_NETWORK, else hardhat\) is invalid/);
        expect(parse(["--network", "hardhat"])?.network).to.equal("hardhat");
        process.env.HARDHAT_NETWORK = "";
        expect(parse([])?.network).to.equal("hardhat");
      } finally {
        if (saved === undefined) delete process.env.HARDHAT_NETWORK;
        else process.env.HARDHAT_NETWORK = saved;
      }
    });

    it("shows the help for --help and -h, and parses nothing else", () => {
      for (const flag of ["--help", "-h"]) {
        helpShown = "";
        expect(parse(["--months", "3", flag])).to.equal(undefined);
        expect(helpShown).to.match(/^Usage: test \[options\]/);
        expect(helpShown).to.match(/--months <count> +months/);
      }
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
      ["scripts/demo.ts", ["--bogus"], {}, /error: unknown option '--bogus'/],
      ["scripts/demo.ts", ["family.json"], {}, /error: too many arguments/],
      ["scripts/demo.ts", ["--scenario"], {}, /error: option '--scenario <file>' argument missing/],
      ["scripts/demo.ts", ["--scenario", "missing.json"], {}, /error: scenario file not found: missing\.json/],
      ["scripts/demo.ts", ["--months", "zero"], {}, /error: option '--months <count>' argument 'zero' is invalid/],
      [
        "scripts/demo.ts",
        ["--network", "mainnet"],
        {},
        /error: .*'mainnet' is invalid\. Expected hardhat or localhost/,
      ],
      ["scripts/demo.ts", [], { HARDHAT_NETWORK: "testnet" }, /error: .*default 'testnet' .* is invalid/],
      ["scripts/deploy.ts", ["--network", "mainnet"], {}, /error: .*Expected hardhat, localhost or testnet/],
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
      const vars = Object.entries(env).map(([name, value]) => `${name}=${value}`);
      it([...vars, path.basename(script), ...args].join(" "), async () => {
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

    for (const script of ["scripts/demo.ts", "scripts/deploy.ts"]) {
      it(`${path.basename(script)} --help shows every option and exits 0`, async () => {
        const run = await runScript(script, ["--help"], {}, 60_000);
        expect(run.code).to.equal(0);
        expect(run.stderr).to.equal("");
        expect(run.stdout).to.match(/^Usage: npm run (demo|deploy:<network>) -- \[options\]/);
        for (const option of ["--network <name>", "--deployment-id <id>", "-h, --help"]) {
          expect(run.stdout).to.include(option);
        }
      });
    }
  });

  describe("progress of a long run", () => {
    const stream = (isTTY: boolean) => {
      const written: string[] = [];
      const s = { isTTY, columns: 100, write: (text: string) => written.push(text) > 0 };
      return { s: s as unknown as NodeJS.WritableStream & { isTTY: boolean }, written };
    };

    it("writes nothing off a terminal unless asked for plain lines", () => {
      const { s, written } = stream(false);
      const p = startProgress(10, { label: "year", stream: s });
      for (let i = 1; i <= 10; i++) p.update(i);
      p.stop();
      expect(written).to.deep.equal([]);
    });

    it("writes a plain line each tenth of the way, and the last one at stop", () => {
      const { s, written } = stream(false);
      const p = startProgress(40, { label: "year", stream: s, plain: "lines" });
      for (let i = 1; i <= 39; i++) p.update(i, `month ${i}`);
      p.stop();
      expect(written.length).to.equal(11);
      expect(written[0]).to.equal("year: 1/40 month 1\n");
      expect(written[1]).to.equal("year: 4/40 month 4\n");
      expect(written[10]).to.equal("year: 39/40 month 39\n");
    });

    it("draws a bar on a terminal", () => {
      const { s, written } = stream(true);
      const p = startProgress(4, { label: "year", stream: s });
      p.update(2, "February");
      p.stop();
      expect(written.join("")).to.match(/year \[.+\] 2\/4 February/);
    });
  });
});
