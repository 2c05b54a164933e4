import fs from "fs";
import path from "path";
import { expect } from "chai";
import type { Report } from "../../src/book";
import { startHardhatNode, type LocalNode } from "../../src/chain/local-node";
import { removeTempDirs, ROOT, runScript, STACK_LINE, tempDir } from "./helpers";

describe("against a real `hardhat node` over JSON-RPC", function () {
  this.timeout(600_000);
  let node: LocalNode | undefined;
  let url: string;
  /** The vault the demo created on the node (for the forecast). */
  let demoVault: string | undefined;
  const deploymentId = `scenario-test-${process.pid}`;
  const deploymentDir = path.join(ROOT, "deploy/deployments", deploymentId);
  const env = () => ({ LOCAL_RPC_URL: url });

  before(async () => {
    node = await startHardhatNode();
    url = node.url;
  });

  after(async () => {
    await node?.stop();
    fs.rmSync(deploymentDir, { recursive: true, force: true });
    removeTempDirs();
  });

  it("deploys with the Ignition modules, and a second deploy reuses the recorded deployment", async () => {
    const first = await runScript(
      "scripts/deploy.ts",
      ["--network", "localhost", "--deployment-id", deploymentId],
      env(),
    );
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/Status\s+deployed/);
    expect(fs.existsSync(path.join(deploymentDir, "journal.jsonl"))).to.equal(true);

    const second = await runScript(
      "scripts/deploy.ts",
      ["--network", "localhost", "--deployment-id", deploymentId],
      env(),
    );
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.match(/Status\s+reused the recorded deployment, nothing sent/);
    const factory = (s: string) => s.match(/Factory\s+(0x[0-9a-fA-F]{40})/)![1];
    expect(factory(second.stdout)).to.equal(factory(first.stdout));
  });

  it("runs the scenario through `npm run demo`'s entry point against the node", async () => {
    const out = tempDir("node-reports");
    const started = Date.now();
    const run = await runScript(
      "scripts/demo.ts",
      ["--network", "localhost", "--months", "3", "--deployment-id", deploymentId, "--out", out],
      env(),
    );
    expect(run.code, run.stderr + run.stdout).to.equal(0);
    expect(run.stdout).to.include("reused the recorded deployment");
    expect(run.stdout).to.match(/━━ March 20\d\d/);
    const reportFile = run.stdout.match(/Report \(JSON\):\s+(\S+)/)![1];
    const report = JSON.parse(fs.readFileSync(path.resolve(ROOT, reportFile), "utf8")) as Report;
    expect(report.network.name).to.equal("localhost");
    expect(report.checks.every((c) => c.ok)).to.equal(true);
    expect(report.conservation.holds).to.equal(true);
    demoVault = report.vault;
    console.log(
      `      (3 months over JSON-RPC: ${report.stats.transactions} transactions, ${((Date.now() - started) / 1000).toFixed(1)} s with start-up)`,
    );
  });

  it("forecasts the demo's vault through `npm run forecast`'s entry point against the node", async () => {
    expect(demoVault, "the demo ran first").to.be.a("string");
    const calendar = path.join(ROOT, "scenarios/family-income.json");
    const args = ["--vault", demoVault!, "--income", calendar, "--network", "localhost", "--samples", "20"];
    const text = await runScript("scripts/forecast.ts", args, env());
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.include(`vault ${demoVault!.toLowerCase()}`);
    expect(text.stdout).to.match(/First problem: /);
    expect(text.stdout).to.match(/Smallest buffer target/);
    const json = await runScript("scripts/forecast.ts", [...args, "--json"], env());
    expect(json.code, json.stderr).to.equal(0);
    const forecast = JSON.parse(json.stdout);
    expect(forecast.format).to.equal("huishoudboekje-forecast/1");
    expect(forecast.dueDates.length).to.be.greaterThan(8);
    expect(forecast.weeks.length).to.be.greaterThan(10);

    const missing = await runScript(
      "scripts/forecast.ts",
      ["--vault", demoVault!, "--income", "nope.json", "--network", "localhost"],
      env(),
    );
    expect(missing.code).to.equal(1);
    expect(missing.stderr.trim()).to.equal("error: cannot read the income calendar nope.json");
    expect(missing.stderr).to.not.match(STACK_LINE);
  });
});
