/**
 * `npm run bench:keeper`: how many vaults one keeper brings up to date per minute on a real
 * `hardhat node` (started here on a free port, stopped at the end), and the gas per vault. Every
 * vault is due at once (income waiting, four bills due on the 1st, a week of living money); one
 * keeper run (runOnce) is timed. Writes reports/keeper-benchmark.json and .md, keeping the figures
 * of earlier runs with another number of vaults. Target (issue 12): 10,000 vaults settled within
 * 30 minutes of their due time on this 2-core machine; the keeper's first run of the day is at 00:05
 * UTC, so the run itself may take 25 minutes.
 *
 *   npm run bench:keeper -- --vaults 1000
 */
import fs from "fs";
import os from "os";
import path from "path";
import { Option } from "commander";
import { cliProgram, parseCommandLine, wholeNumber } from "../src/cli";
import { startHardhatNode } from "../src/chain/local-node";
import { runMain } from "../src/core";
import type { KeeperBenchResult } from "../src/bench/keeper";

const TARGET_VAULTS = 10_000;
const TARGET_MINUTES_AFTER_DUE = 30;
/** The keeper's first run of the day (KEEPER_RUN_AT's default 00:05), minutes after the due time. */
const FIRST_RUN_MINUTES = 5;
const TARGET_RUN_SECONDS = (TARGET_MINUTES_AFTER_DUE - FIRST_RUN_MINUTES) * 60;
const REPORTS = path.resolve(__dirname, "..", "reports");

const program = cliProgram(
  "npm run bench:keeper --",
  "Times one keeper run over many due vaults on a hardhat node.",
).addOption(
  new Option("--vaults <count>", "vaults to create and settle")
    .argParser(wholeNumber(1, 50_000))
    .default(TARGET_VAULTS),
);

runMain(async () => {
  const options = parseCommandLine<{ vaults: number }>(program, process.argv.slice(2));
  if (!options) return;
  const node = await startHardhatNode();
  try {
    process.env.LOCAL_RPC_URL = node.url;
    process.env.HARDHAT_NETWORK = "localhost";
    // Hardhat is loaded only now, pointed at the node just started.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const hre = require("hardhat") as typeof import("hardhat");
    await hre.run("compile", { quiet: true });
    const { keeperBenchmark } = await import("../src/bench/keeper");
    const logFile = path.join(REPORTS, `keeper-benchmark-${options.vaults}.log.jsonl`);
    const log = (line: string) => console.log(line);
    const result = await keeperBenchmark(hre, { vaults: options.vaults, url: node.url, log, logFile });
    console.log(`the keeper's log: ${path.relative(process.cwd(), logFile)}`);
    writeReports(withVerdict(result));
  } finally {
    await node.stop();
  }
});

type Verdict = KeeperBenchResult & {
  /** Seconds one run would take for TARGET_VAULTS, in proportion to this run (measured when vaults >= TARGET_VAULTS). */
  secondsFor10000: number;
  measuredAtTarget: boolean;
  /** The run brought every vault up to date: the payments and weeks were all made, none has work left. */
  complete: boolean;
  met: boolean;
};

function withVerdict(r: KeeperBenchResult): Verdict {
  const secondsFor10000 = (r.runSeconds * TARGET_VAULTS) / r.vaults;
  const complete =
    r.vaultsWithWorkLeft === 0 &&
    r.failedVaults === 0 &&
    r.creditorPaidEvents === 4 * r.vaults &&
    r.livingMoneyReleasedEvents === r.vaults;
  return {
    ...r,
    secondsFor10000: Number(secondsFor10000.toFixed(1)),
    measuredAtTarget: r.vaults >= TARGET_VAULTS,
    complete,
    met: complete && secondsFor10000 <= TARGET_RUN_SECONDS,
  };
}

/** Keeps the figures of each vault count measured, newest for each count. */
function writeReports(v: Verdict): void {
  fs.mkdirSync(REPORTS, { recursive: true });
  const file = path.join(REPORTS, "keeper-benchmark.json");
  const earlier = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")).runs ?? {}) : {};
  const runs: Record<string, Verdict & { measuredAt: string }> = {
    ...earlier,
    [String(v.vaults)]: { ...v, measuredAt: new Date().toISOString() },
  };
  const json = {
    generatedAt: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}`,
    target: `${TARGET_VAULTS} vaults settled within ${TARGET_MINUTES_AFTER_DUE} min of their due time (a run starting at 00:05 UTC: at most ${TARGET_RUN_SECONDS} s)`,
    runs,
  };
  fs.writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
  const lines = markdown(json.machine, json.target, Object.values(runs));
  fs.writeFileSync(path.join(REPORTS, "keeper-benchmark.md"), lines.join("\n") + "\n");
  console.log(lines.join("\n"));
  const verdict = v.met ? "met" : "MISSED";
  const how = v.measuredAtTarget ? "measured" : `projected from ${v.vaults} vaults`;
  console.log(
    `\n${v.vaults} vaults in ${v.runSeconds.toFixed(1)} s (${v.vaultsPerMinute} vaults/min, ${v.gasPerVault} gas/vault): ` +
      `${TARGET_VAULTS} vaults ${how} ${v.secondsFor10000.toFixed(0)} s; target ≤ ${TARGET_RUN_SECONDS} s ${verdict}` +
      (v.complete ? "" : " (the run left work undone: see vaultsWithWorkLeft and the event counts)"),
  );
}

function markdown(machine: string, target: string, runs: Verdict[]): string[] {
  const sorted = [...runs].sort((a, b) => a.vaults - b.vaults);
  const keys = Object.keys(sorted[0]) as (keyof Verdict)[];
  return [
    "# Keeper benchmark",
    "",
    `Machine: ${machine}. Target: ${target}.`,
    "",
    `| measure | ${sorted.map((r) => `${r.vaults} vaults`).join(" | ")} |`,
    `|---|${sorted.map(() => "---:").join("|")}|`,
    ...keys.map((k) => `| ${k} | ${sorted.map((r) => cell(r[k])).join(" | ")} |`),
  ];
}

function cell(v: unknown): string {
  return typeof v === "number" && !Number.isInteger(v) ? v.toFixed(2) : String(v);
}
