/**
 * Before the browser tests: a real `hardhat node`, the system deployed on it with the Ignition
 * modules and the demo households (the same code as `npm run app`), the app built with
 * `vite build` and served by `vite preview`. The tests find them through environment variables;
 * the returned function stops everything again.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { execFileSync } from "child_process";
import { freePort, startHardhatNode } from "../../src/chain/local-node";
import { checkAppConfig } from "../../src/webapp/app-config";
import { finished, ROOT, startVite } from "../../src/webapp/vite";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const node = await startHardhatNode();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "huishoudboekje-app-"));
  const deploymentId = `app-test-${process.pid}`;
  const stopAll: (() => Promise<void> | void)[] = [
    () => node.stop(),
    () => fs.rmSync(work, { recursive: true, force: true }),
    () => fs.rmSync(path.join(ROOT, "deploy/deployments", deploymentId), { recursive: true, force: true }),
  ];
  const teardown = async () => {
    for (const stop of stopAll.reverse()) await stop();
  };
  try {
    const configFile = path.join(work, "config.json");
    execFileSync(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        "scripts/app.ts",
        "--setup-only",
        "--config-out",
        configFile,
        "--deployment-id",
        deploymentId,
      ],
      { cwd: ROOT, env: { ...process.env, LOCAL_RPC_URL: node.url }, stdio: "pipe" },
    );
    const config = checkAppConfig(JSON.parse(fs.readFileSync(configFile, "utf8")));
    const dist = path.join(work, "dist");
    await finished(startVite("build", { config, outDir: dist, stdio: "ignore" }), "vite build");
    const port = await freePort();
    const preview = startVite("preview", { config, outDir: dist, port, host: "127.0.0.1", stdio: "ignore" });
    stopAll.push(() => {
      preview.kill("SIGTERM");
    });
    const url = `http://127.0.0.1:${port}/`;
    await waitForHttp(url);
    process.env.E2E_APP_URL = url;
    process.env.E2E_RPC_URL = node.url;
    process.env.E2E_FACTORY = config.factory;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app did not answer on ${url} within ${timeoutMs} ms`);
}
