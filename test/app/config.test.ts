/**
 * The web app's config.json (which chain, which factory) and how `npm run app` and
 * `npm run app:build` find it: from `.env` or from the local deployment record, with a sentence
 * naming the problem when neither is there.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { expect } from "chai";
import { checkAppConfig } from "../../src/webapp/app-config";
import { buildConfig, recordedFactory } from "../../src/webapp/build-config";
import { UserError } from "../../src/core";
import { formatter, parseEuro } from "../../app/src/i18n/format";
import { runScript, STACK_LINE } from "../scenario/helpers";

const FACTORY = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const good = {
  chainId: 31337,
  networkName: "localhost",
  rpcUrl: "http://127.0.0.1:8545",
  factory: FACTORY,
  fromBlock: 0,
  devAccounts: true,
};

describe("web app: config.json", () => {
  it("accepts a well-formed file and names the first bad field of a wrong one", () => {
    expect(checkAppConfig(good)).to.deep.equal(good);
    expect(() => checkAppConfig({ ...good, factory: "0x12" })).to.throw(/factory must be an address/);
    expect(() => checkAppConfig({ ...good, rpcUrl: "ftp://x" })).to.throw(/rpcUrl must be an http/);
    expect(() => checkAppConfig([])).to.throw(/must hold an object/);
    // The node's public test keys are offered on the local chain only.
    expect(() => checkAppConfig({ ...good, chainId: 11155111 })).to.throw(
      /devAccounts must be false on any chain but 31337/,
    );
  });

  it("builds from .env when all three variables are set, and refuses a half-filled .env", () => {
    const env = {
      APP_RPC_URL: "https://rpc.example.org",
      APP_CHAIN_ID: "11155111",
      APP_FACTORY_ADDRESS: FACTORY,
      APP_FROM_BLOCK: "7000000",
    };
    expect(buildConfig(env, "/nonexistent")).to.deep.equal({
      chainId: 11155111,
      networkName: "chain 11155111",
      rpcUrl: "https://rpc.example.org",
      factory: FACTORY,
      fromBlock: 7_000_000,
      devAccounts: false,
    });
    expect(() => buildConfig({ APP_RPC_URL: "https://rpc.example.org" }, "/nonexistent")).to.throw(
      UserError,
      /set all three of APP_RPC_URL, APP_CHAIN_ID and APP_FACTORY_ADDRESS/,
    );
    expect(() => buildConfig({ ...env, APP_CHAIN_ID: "sepolia" }, "/nonexistent")).to.throw(
      UserError,
      /APP_CHAIN_ID is malformed/,
    );
  });

  it("builds from the local deployment record, and says how to make one when there is none", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "app-config-"));
    try {
      expect(() => buildConfig({}, dir)).to.throw(UserError, /npm run deploy:local/);
      fs.mkdirSync(path.join(dir, "chain-31337"));
      fs.writeFileSync(
        path.join(dir, "chain-31337", "deployed_addresses.json"),
        JSON.stringify({
          "Huishoudboekje#EuroToken": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          "Huishoudboekje#HouseholdVaultFactory": FACTORY,
        }),
      );
      expect(recordedFactory(path.join(dir, "chain-31337"))).to.equal(FACTORY);
      expect(buildConfig({}, dir)).to.deep.equal(good);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("`npm run app` without a node says to start one, without a stack trace", async function () {
    this.timeout(60_000);
    const run = await runScript("scripts/app.ts", [], { LOCAL_RPC_URL: "http://127.0.0.1:9" });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include("error: no node answers at http://127.0.0.1:9: start one with `npm run node`");
    expect(run.stderr).not.to.match(STACK_LINE);
  });
});

describe("web app: amounts as people type and read them", () => {
  it("reads euros with a comma or a point, with or without the euro sign", () => {
    expect(parseEuro("12,50", 6)).to.equal(12_500_000n);
    expect(parseEuro("12.5", 6)).to.equal(12_500_000n);
    expect(parseEuro("€ 1.234,56", 6)).to.equal(1_234_560_000n);
    expect(parseEuro("1,234.56", 6)).to.equal(1_234_560_000n);
    expect(parseEuro("1.234", 6)).to.equal(1_234_000_000n); // a thousands point, as Dutch writes it
    expect(parseEuro("850", 6)).to.equal(850_000_000n);
    for (const bad of ["", "abc", "-5", "1,2,3,", "12,345,6", "1e5"])
      expect(parseEuro(bad, 6), bad).to.equal(undefined);
  });

  it("writes euros and dates in Dutch and English, dates on the vault's (UTC) day", () => {
    const t = Date.UTC(2026, 11, 1) / 1000; // 00:00 UTC on 1 December 2026
    expect(
      formatter("nl", 6)
        .euro(1_234_560_000n)
        .replace(/\u00a0/g, " "),
    ).to.equal("€ 1.234,56");
    expect(formatter("en", 6).euro(1_234_560_000n)).to.equal("€1,234.56");
    expect(formatter("nl", 6).date(t)).to.equal("1 december 2026");
    expect(formatter("en", 6).date(t)).to.equal("1 December 2026");
    // The vault's month index (year * 12 + month - 1), as the errors name a month.
    expect(formatter("nl", 6).month(2026 * 12 + 11)).to.equal("december 2026");
    expect(formatter("en", 6).month(2027 * 12)).to.equal("January 2027");
  });
});
