import fs from "fs";
import os from "os";
import path from "path";
import { spawn, SpawnOptions } from "child_process";
import { checkScenario, loadScenario, Scenario } from "../../src/scenario";

export const ROOT = path.resolve(__dirname, "../..");
export const FAMILY = path.join(ROOT, "scenarios/family.json");

const made: string[] = [];

/** A fresh temporary directory; removeTempDirs() deletes every one made so far. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hhb-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The family scenario with some fields changed (deep enough for these tests). */
export function familyWith(change: (raw: Record<string, unknown> & Scenario) => void): Scenario {
  const raw = JSON.parse(fs.readFileSync(FAMILY, "utf8"));
  change(raw);
  return checkScenario(raw, "test scenario");
}

export function family(): Scenario {
  return loadScenario(FAMILY);
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the command-line scripts the way `npm run` does, without the npm wrapper. */
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 300_000,
): Promise<Run> {
  return runProcess(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", script, ...args],
    {
      cwd: ROOT,
      env: { ...process.env, HARDHAT_NETWORK: "", DEBUG: "", ...env },
    },
    timeoutMs,
  );
}

export function runProcess(cmd: string, args: string[], options: SpawnOptions, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${path.basename(args[2] ?? cmd)} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A stack trace line, which user-facing errors must never print. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;
