import fs from "fs";
import path from "path";
import { expect } from "chai";
import { UserError } from "../../src/core";
import { keeperConfig, type KeeperFlags } from "../../src/keeper/config";
import { healthMaxAgeSeconds, nextRunAt } from "../../src/keeper/service";
import { recordedFactory } from "../../src/webapp/build-config";
import { ROOT, runScript, STACK_LINE } from "../scenario/helpers";

const FACTORY = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const KEY = "0x" + "ab".repeat(32);
/** A complete configuration for a network other than the local node. */
const REMOTE = {
  KEEPER_RPC_URLS: "https://rpc-a.example/v3/key, https://rpc-b.example",
  KEEPER_FACTORY_ADDRESS: FACTORY,
  KEEPER_PRIVATE_KEY: KEY,
};

function configError(flags: KeeperFlags, env: NodeJS.ProcessEnv): string {
  try {
    keeperConfig(flags, env);
  } catch (error) {
    expect(error).to.be.instanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error("expected a UserError");
}

describe("keeper configuration (.env and flags)", () => {
  it("needs nothing against the local node: its URL, chain, keeper account and the defaults", () => {
    const config = keeperConfig({ network: "localhost", factory: FACTORY }, {});
    expect(config.rpcUrls).to.deep.equal(["http://127.0.0.1:8545"]);
    expect(config.chainId).to.equal(31337);
    expect(config.privateKey).to.equal(undefined);
    expect(config.unlockedAccount).to.equal(10);
    expect(config.graceSeconds).to.equal(3600);
    expect(config.gasCap).to.equal(16_777_216n);
    expect(config.runAtMinutesUtc).to.deep.equal([5, 720]);
    expect(config.healthPort).to.equal(undefined);
    expect(config.webhookUrl).to.equal(undefined);
    expect(config.resubmitAfterSeconds).to.equal(120);
    expect(config.fromBlock).to.equal(0);
    expect(config.once).to.equal(false);
    expect(config.stateFile).to.equal(path.join(ROOT, "reports/keeper", `localhost-${FACTORY.toLowerCase()}.json`));
    expect(keeperConfig({ factory: FACTORY }, { LOCAL_RPC_URL: "http://127.0.0.1:9999" }).rpcUrls).to.deep.equal([
      "http://127.0.0.1:9999",
    ]);
  });

  it("takes the local node's factory from its deployment record when none is given", () => {
    const dir = path.join(ROOT, "deploy/deployments/chain-31337");
    const recorded = fs.existsSync(dir) ? recordedFactory(dir) : undefined;
    if (recorded) expect(keeperConfig({}, {}).factory).to.equal(recorded);
    else expect(configError({}, {})).to.match(/no factory to keep.*--factory or KEEPER_FACTORY_ADDRESS/);
  });

  it("reads every KEEPER_ variable, and flags win over .env", () => {
    const config = keeperConfig(
      { network: "gnosis", once: true, stateFile: "state.json", fromBlock: 7 },
      {
        ...REMOTE,
        KEEPER_CHAIN_ID: "100",
        KEEPER_FROM_BLOCK: "5",
        KEEPER_STATE_FILE: "ignored.json",
        KEEPER_GRACE_MINUTES: "30",
        KEEPER_GAS_CAP: "30000000",
        KEEPER_RUN_AT: "12:00, 00:05,06:30,12:00",
        KEEPER_HEALTH_PORT: "0",
        KEEPER_ALERT_WEBHOOK: "https://hooks.example/keeper",
        KEEPER_RESUBMIT_AFTER_SECONDS: "45",
      },
    );
    expect(config.rpcUrls).to.deep.equal(["https://rpc-a.example/v3/key", "https://rpc-b.example"]);
    expect(config.chainId).to.equal(100);
    expect(config.privateKey).to.equal(KEY);
    expect(config.stateFile).to.equal(path.resolve("state.json"));
    expect(config.fromBlock).to.equal(7);
    expect(config.graceSeconds).to.equal(1800);
    expect(config.gasCap).to.equal(30_000_000n);
    expect(config.runAtMinutesUtc).to.deep.equal([5, 390, 720]);
    expect(config.healthPort).to.equal(0);
    expect(config.webhookUrl).to.equal("https://hooks.example/keeper");
    expect(config.resubmitAfterSeconds).to.equal(45);
    expect(config.once).to.equal(true);
    const fromEnv = keeperConfig(
      { network: "gnosis" },
      { ...REMOTE, KEEPER_STATE_FILE: "k.json", KEEPER_FROM_BLOCK: "5" },
    );
    expect(fromEnv.stateFile).to.equal(path.resolve("k.json"));
    expect(fromEnv.fromBlock).to.equal(5);
    expect(fromEnv.chainId).to.equal(undefined);
  });

  it("on the testnet, falls back to the deployment's TESTNET_RPC_URL and TESTNET_CHAIN_ID", () => {
    const env = {
      KEEPER_FACTORY_ADDRESS: FACTORY,
      KEEPER_PRIVATE_KEY: KEY,
      TESTNET_RPC_URL: "https://sepolia.example",
      TESTNET_CHAIN_ID: "11155111",
    };
    const config = keeperConfig({ network: "testnet" }, env);
    expect(config.rpcUrls).to.deep.equal(["https://sepolia.example"]);
    expect(config.chainId).to.equal(11155111);
  });

  it("names a missing variable", () => {
    const without = (name: keyof typeof REMOTE) => {
      const env: NodeJS.ProcessEnv = { ...REMOTE };
      delete env[name];
      return configError({ network: "mainnet" }, env);
    };
    expect(without("KEEPER_RPC_URLS")).to.match(/^KEEPER_RPC_URLS is missing/);
    expect(without("KEEPER_FACTORY_ADDRESS")).to.match(/^KEEPER_FACTORY_ADDRESS is missing/);
    expect(without("KEEPER_PRIVATE_KEY")).to.match(/^KEEPER_PRIVATE_KEY is missing/);
  });

  it("names every malformed variable and says what it expects", () => {
    const bad: [string, string][] = [
      ["KEEPER_RPC_URLS", "https://ok.example,ftp://rpc.example"],
      ["KEEPER_RPC_URLS", "localhost:8545"],
      ["KEEPER_CHAIN_ID", "0"],
      ["KEEPER_CHAIN_ID", "sepolia"],
      ["KEEPER_FACTORY_ADDRESS", "0x1234"],
      ["KEEPER_FACTORY_ADDRESS", "0x" + "0".repeat(40)],
      ["KEEPER_FROM_BLOCK", "-1"],
      ["KEEPER_PRIVATE_KEY", "ab".repeat(32)],
      ["KEEPER_STATE_FILE", "reports/"],
      ["KEEPER_GRACE_MINUTES", "1.5"],
      ["KEEPER_GRACE_MINUTES", "20000"],
      ["KEEPER_GAS_CAP", "4000000"],
      ["KEEPER_GAS_CAP", "16_777_216"],
      ["KEEPER_RUN_AT", "24:00"],
      ["KEEPER_RUN_AT", "0:05"],
      ["KEEPER_RUN_AT", "00:05;12:00"],
      ["KEEPER_HEALTH_PORT", "65536"],
      ["KEEPER_ALERT_WEBHOOK", "http://hooks.example/keeper"],
      ["KEEPER_ALERT_WEBHOOK", "not a url"],
      ["KEEPER_RESUBMIT_AFTER_SECONDS", "0"],
    ];
    for (const [name, value] of bad) {
      const message = configError({ network: "mainnet" }, { ...REMOTE, [name]: value });
      expect(message, `${name}=${value}`).to.match(new RegExp(`^${name} is malformed \\(expected keeper: .+\\)`));
    }
    // On loopback a plain-http webhook is fine: the alert does not leave the machine.
    expect(
      keeperConfig({ network: "mainnet" }, { ...REMOTE, KEEPER_ALERT_WEBHOOK: "http://127.0.0.1:9/x" }).webhookUrl,
    ).to.be.a("string");
  });

  it("names a bad flag", () => {
    expect(configError({ network: "hardhat", factory: FACTORY }, {})).to.match(/--network hardhat is the in-process/);
    expect(configError({ network: "main net", factory: FACTORY }, {})).to.match(/^--network 'main net' is malformed/);
    expect(configError({ factory: "0xabc" }, {})).to.match(/^--factory '0xabc' is malformed/);
    expect(configError({ factory: FACTORY, stateFile: " " }, {})).to.match(/^--state is empty/);
    expect(configError({ factory: FACTORY, fromBlock: -3 }, {})).to.match(/^--from-block -3 is malformed/);
  });

  it("schedules the next run at the next configured time of day, UTC", () => {
    const at = (iso: string) => Date.parse(iso);
    const times = [5, 720];
    expect(nextRunAt(at("2027-03-01T00:00:00Z"), times)).to.equal(at("2027-03-01T00:05:00Z"));
    expect(nextRunAt(at("2027-03-01T00:05:00Z"), times)).to.equal(at("2027-03-01T12:00:00Z"));
    expect(nextRunAt(at("2027-03-31T23:59:59Z"), times)).to.equal(at("2027-04-01T00:05:00Z"));
    expect(nextRunAt(at("2027-03-01T13:00:00Z"), [720])).to.equal(at("2027-03-02T12:00:00Z"));
    // /health calls the keeper stale after the longest gap between runs (12h05m here) and an hour
    expect(healthMaxAgeSeconds(times)).to.equal((12 * 60 + 5) * 60 + 3600);
    expect(healthMaxAgeSeconds([720])).to.equal(24 * 3600 + 3600);
  });

  it("npm run keeper: a bad variable stops it with one line naming it, exit 1, nothing sent", async function () {
    this.timeout(120_000);
    const run = await runScript("scripts/keeper.ts", ["--network", "mainnet", "--once"], {
      ...REMOTE,
      KEEPER_GAS_CAP: "lots",
    });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^error: KEEPER_GAS_CAP is malformed \(expected keeper: .*gas cap/);
    expect(run.stderr).not.to.match(STACK_LINE);
    expect(run.stdout).to.equal("");
  });
});
