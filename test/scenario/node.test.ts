import fs from "fs";
import net from "net";
import path from "path";
import { spawn, ChildProcess } from "child_process";
import { expect } from "chai";
import type { Report } from "../../src/book";
import { removeTempDirs, ROOT, runScript, tempDir } from "./helpers";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForRpc(url: string, node: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.exitCode !== null) throw new Error(`hardhat node exited with code ${node.exitCode}`);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`hardhat node did not answer on ${url} within ${timeoutMs} ms`);
}

function stop(node: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!node || node.exitCode !== null || node.signalCode !== null) return resolve();
    const force = setTimeout(() => node.kill("SIGKILL"), 5_000);
    node.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    node.kill("SIGTERM");
  });
}

describe("against a real `hardhat node` over JSON-RPC", function () {
  this.timeout(600_000);
  let node: ChildProcess | undefined;
  let url: string;
  const deploymentId = `scenario-test-${process.pid}`;
  const deploymentDir = path.join(ROOT, "deploy/deployments", deploymentId);
  const env = () => ({ LOCAL_RPC_URL: url });

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // The node itself, not an npx wrapper, so that stopping it stops the node.
    node = spawn(process.execPath, [require.resolve("hardhat/internal/cli/cli.js"), "node", "--port", String(port)], {
      cwd: ROOT,
      stdio: "ignore",
    });
    await waitForRpc(url, node, 60_000);
  });

  after(async () => {
    await stop(node);
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
    console.log(
      `      (3 months over JSON-RPC: ${report.stats.transactions} transactions, ${((Date.now() - started) / 1000).toFixed(1)} s with start-up)`,
    );
  });
});
