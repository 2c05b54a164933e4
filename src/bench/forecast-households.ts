/**
 * The forecast's speed (`npm run bench:forecast`): a coach's at-risk scan (`npm run forecast --
 * --factory`) of many households on a real `hardhat node` over JSON-RPC. Setting up is not timed:
 * the system is deployed with the Ignition modules, N vaults are created with the family's plan and
 * given different opening balances (so some fall short), and the keeper settles them once. Then
 * the scan runs `runs` times; each run reads every vault through its views (one batch of eth_calls
 * against one block) and projects it 30 days with the family's income calendar.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { id, JsonRpcProvider, type JsonRpcPayload, type JsonRpcResult } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HouseholdVaultFactory } from "../../typechain-types";
import { deploySystem, openLocalSystem } from "../chain";
import { scanFactory, calendarDirectory } from "../forecast";
import { loadScenario, toPlan } from "../scenario";

export interface ForecastBenchOptions {
  households: number;
  runs: number;
  /** The node's JSON-RPC URL (the scan uses its own batching provider). */
  url: string;
  log: (line: string) => void;
}

export interface ForecastBenchResult {
  households: number;
  atRisk: number;
  withoutCalendar: number;
  setupSeconds: number;
  /** Wall time of each scan, in seconds, and their median. */
  seconds: number[];
  medianSeconds: number;
  /** JSON-RPC requests (HTTP round trips) and the calls inside them, per scan. */
  roundTrips: number;
  calls: number;
}

/** A JSON-RPC provider that counts its round trips (one HTTP request per batch). */
class CountingProvider extends JsonRpcProvider {
  roundTrips = 0;
  calls = 0;

  async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    this.roundTrips++;
    this.calls += Array.isArray(payload) ? payload.length : 1;
    return super._send(payload);
  }
}

const ROOT = path.resolve(__dirname, "../..");

export async function forecastBenchmark(
  hre: HardhatRuntimeEnvironment,
  options: ForecastBenchOptions,
): Promise<ForecastBenchResult> {
  const setupStart = Date.now();
  const { factory, calendars } = await setUpHouseholds(hre, options);
  const setupSeconds = (Date.now() - setupStart) / 1000;
  options.log(
    `set up ${options.households} households in ${setupSeconds.toFixed(1)} s; scanning ${options.runs} times`,
  );
  const seconds: number[] = [];
  let last: { atRisk: number; withoutCalendar: number; roundTrips: number; calls: number } | undefined;
  for (let run = 0; run < options.runs; run++) {
    const provider = new CountingProvider(options.url, undefined, { batchMaxCount: 1000, staticNetwork: true });
    const start = Date.now();
    const scan = await scanFactory(provider, factory, calendarDirectory(calendars), 30);
    seconds.push((Date.now() - start) / 1000);
    last = {
      atRisk: scan.atRisk.length,
      withoutCalendar: scan.withoutCalendar,
      roundTrips: provider.roundTrips,
      calls: provider.calls,
    };
    provider.destroy();
    options.log(
      `  scan ${run + 1}: ${seconds[run].toFixed(2)} s, ${last.atRisk} at risk, ${last.roundTrips} round trips`,
    );
  }
  fs.rmSync(calendars, { recursive: true, force: true });
  return { households: options.households, setupSeconds, seconds, medianSeconds: median(seconds), ...last! };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Deploys, creates the vaults with varied opening balances, settles them once; writes the calendars. */
async function setUpHouseholds(hre: HardhatRuntimeEnvironment, options: ForecastBenchOptions) {
  const deployment = await deploySystem(hre, { deploymentId: `forecast-bench-${process.pid}` });
  fs.rmSync(path.join(ROOT, "deploy/deployments", deployment.deploymentId), { recursive: true, force: true });
  const { token, factory, money, who } = await openLocalSystem(hre, deployment);
  const scenario = loadScenario(path.join(ROOT, "scenarios/family.json"));
  const plan = toPlan(scenario.plan, who, money);
  const calendars = fs.mkdtempSync(path.join(os.tmpdir(), "hhb-calendars-"));
  const calendarText = fs.readFileSync(path.join(ROOT, "scenarios/family-income.json"), "utf8");
  const vaults: string[] = [];
  for (let i = 0; i < options.households; i++) {
    const householdId = id(`forecast-bench-household-${i}`);
    await factory.connect(who.admin).createVault(householdId, who.resident.address, who.coach.address, plan);
    const vault = await factory.vaultAddress(householdId);
    // Opening balances from EUR 0 to 2,400: the poorer households fall short within the month.
    const opening = money.units(String((i % 4) * 800));
    if (opening > 0n) await token.connect(who.admin).mint(vault, opening);
    // One household in ten has no calendar file: the scan forecasts it with no income.
    if (i % 10 !== 9) fs.writeFileSync(path.join(calendars, `${householdId}.json`), calendarText);
    vaults.push(vault);
    if ((i + 1) % 100 === 0) options.log(`  ${i + 1} vaults`);
  }
  await settleAll(factory.connect(who.keeper), vaults);
  return { factory: deployment.addresses.factory, calendars };
}

/** One keeper round over every vault, in batches that fit the gas a batch reserves per vault. */
async function settleAll(factory: HouseholdVaultFactory, vaults: string[]): Promise<void> {
  const gasLimit = 16_000_000n; // under the Osaka cap of 2^24 gas a transaction
  const perBatch = Math.max(1, Number(gasLimit / (await factory.GAS_PER_VAULT())) - 1);
  for (let i = 0; i < vaults.length; i += perBatch) {
    await (await factory.settleAndReleaseMany(vaults.slice(i, i + perBatch), { gasLimit })).wait();
  }
}
