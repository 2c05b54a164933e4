import fs from "fs";
import os from "os";
import path from "path";
import { expect } from "chai";
import { hexlify, JsonRpcProvider, MaxUint256, randomBytes } from "ethers";
import { startHardhatNode, type LocalNode } from "../../src/chain/local-node";
import { batchLimits, BATCH_BASE_GAS, packBatches, sendBatch, type BatchLimits } from "../../src/keeper/batches";
import { keeperConfig } from "../../src/keeper/config";
import { jsonLogger } from "../../src/keeper/log";
import { emptyTally, KEEPER_SELECTORS } from "../../src/keeper/receipts";
import { retryVault, sendAll } from "../../src/keeper/retry";
import { runOnce } from "../../src/keeper/run";
import { openKeeper, type OpenKeeper } from "../../src/keeper/service";
import { loadState, saveState } from "../../src/keeper/state";
import type { RunReport } from "../../src/keeper/types";
import { HouseholdVault__factory, HouseholdVaultFactory__factory } from "../../typechain-types";
import { ROOT, runScript } from "../scenario/helpers";

describe("keeper runs (runOnce) against a real node", function () {
  this.timeout(300_000);
  const deploymentId = `keeper-run-${process.pid}`;
  const deploymentDir = path.join(ROOT, "deploy/deployments", deploymentId);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hhb-keeper-run-"));
  const stateFile = path.join(dir, "state.json");
  let node: LocalNode | undefined;
  let provider: JsonRpcProvider;
  let keeper: OpenKeeper | undefined;
  let factory: string;
  /** The demo family's vault (income received, rent due on the 1st) and the second demo household's. */
  let family: string;
  const lines: string[] = [];

  before(async () => {
    node = await startHardhatNode(120_000);
    provider = new JsonRpcProvider(node.url, 31337, { staticNetwork: true });
    const setup = await runScript("scripts/app.ts", ["--setup-only", "--deployment-id", deploymentId], {
      LOCAL_RPC_URL: node.url,
    });
    expect(setup.code, setup.stderr + setup.stdout).to.equal(0);
    factory = setup.stdout.match(/^Factory\s+(0x[0-9a-fA-F]{40})/m)![1];
    family = setup.stdout.match(/^Households[^\n]*\n\s+0x[0-9a-f]{64}\s+vault (0x[0-9a-fA-F]{40})/m)![1];
    const config = keeperConfig({ network: "localhost", factory, stateFile }, { LOCAL_RPC_URL: node.url });
    keeper = await openKeeper(config, { log: jsonLogger((line) => lines.push(line)) });
  });

  after(async () => {
    await keeper?.close();
    provider?.destroy();
    await node?.stop();
    fs.rmSync(deploymentDir, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Mines a block at 00:10 UTC on the 1st of the month after the chain's present one. */
  async function toFirstOfNextMonth(): Promise<number> {
    const now = (await provider.getBlock("latest"))!.timestamp;
    const d = new Date(now * 1000);
    const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 0, 10) / 1000;
    await provider.send("evm_setNextBlockTimestamp", [target]);
    await provider.send("evm_mine", []);
    return target;
  }

  /**
   * A run as the service makes one. The keeper's own provider keeps no answer cache (chain.ts); the
   * short pause is left from when it did, and keeps the runs apart as runs hours apart are.
   */
  async function run(): Promise<RunReport> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return runOnce(keeper!);
  }

  async function creditorPaid(vault: string, fromBlock: number) {
    const contract = HouseholdVault__factory.connect(vault, provider);
    return contract.queryFilter(contract.filters.CreditorPaid(), fromBlock);
  }

  function alerts(kind: string): string[] {
    return lines.filter((l) => l.includes('"event":"alert"') && l.includes(`"kind":"${kind}"`));
  }

  it("finds the factory's vaults and keeps its position on disk", async () => {
    const report = await run();
    expect(report.vaultsSeen).to.equal(2);
    expect(report.newVaults).to.equal(2);
    expect(report.failedVaults).to.deep.equal([]);
    const state = loadState(stateFile, factory, 0);
    expect(state.vaults.map((v) => v.vault)).to.include(family);
    expect(state.lastBlock).to.equal(await provider.getBlockNumber());
    expect(state.lastRunAt).to.be.a("number");
    expect(lines.some((l) => l.includes('"event":"run.done"'))).to.equal(true);
  });

  it("pays rent on its due day; a second run right after finds nothing due, and that is no error", async () => {
    const from = (await provider.getBlockNumber()) + 1;
    const dueDay = await toFirstOfNextMonth();
    const report = await run();
    expect(report.due).to.be.at.least(1);
    expect(report.batches).to.be.at.least(1);
    expect(report.gasUsed > 0n).to.equal(true);
    expect(report.paymentsExecuted).to.be.at.least(1);
    expect(report.failedVaults).to.deep.equal([]);
    expect(report.overdue).to.deep.equal([]);
    const rent = (await creditorPaid(family, from)).filter((e) => e.args.category === 0n);
    expect(rent).to.have.length(1);
    const block = await provider.getBlock(rent[0].blockNumber);
    expect(block!.timestamp - dueDay).to.be.lessThan(3600); // on the due day, minutes after 00:00 UTC

    const again: RunReport = await run();
    expect(again.due).to.equal(0);
    expect(again.batches).to.equal(0);
    expect(again.paymentsExecuted).to.equal(0);
    expect(again.failedVaults).to.deep.equal([]);
    expect(alerts("run-failed")).to.deep.equal([]);
    expect(alerts("vault-failed")).to.deep.equal([]);
  });

  it("finds a household created between runs by reading only the blocks since the last run", async () => {
    const admin = await provider.getSigner(0);
    const factoryContract = HouseholdVaultFactory__factory.connect(factory, admin);
    const plan = await HouseholdVault__factory.connect(family, provider).plan();
    const householdId = hexlify(randomBytes(32));
    const resident = (await provider.getSigner(13)).address;
    const coach = (await provider.getSigner(1)).address;
    const buckets = plan.buckets.map((b) => ({
      category: b.category,
      dueDay: b.dueDay,
      amountPerMonth: b.amountPerMonth,
      creditor: b.creditor,
    }));
    const newPlan = { buckets, weeklyLivingMoney: plan.weeklyLivingMoney, bufferTarget: plan.bufferTarget };
    await (await factoryContract.createVault(householdId, resident, coach, newPlan)).wait();
    const created = await factoryContract.vaultAddress(householdId);

    // Drop a known vault from the file: were the old blocks read again, it would come back.
    const before = loadState(stateFile, factory, 0);
    const dropped = before.vaults.find((v) => v.vault !== family)!;
    saveState(stateFile, { ...before, vaults: before.vaults.filter((v) => v !== dropped) });

    const report = await run();
    expect(report.newVaults).to.equal(1);
    const after = loadState(stateFile, factory, 0);
    expect(after.vaults.map((v) => v.vault)).to.deep.equal([family, created]);
    expect(after.vaults[1].householdId).to.equal(householdId);
    expect(after.lastBlock).to.be.greaterThan(before.lastBlock);
    saveState(stateFile, { ...after, vaults: [...after.vaults, dropped] });
  });

  it("skips a paused vault and keeps the others; retrying a paused vault alone is not a failure", async () => {
    const state = loadState(stateFile, factory, 0);
    expect(state.vaults).to.have.length(3);
    const paused = state.vaults[1].vault; // the household created in the test before
    const guardian = HouseholdVault__factory.connect(paused, await provider.getSigner(0));
    await (await guardian.pause()).wait();
    expect(await guardian.nextKeeperCallAt()).to.equal(MaxUint256);

    const from = (await provider.getBlockNumber()) + 1;
    const dueDay = await toFirstOfNextMonth();
    const report = await run();
    expect(report.vaultsSeen).to.equal(3);
    expect(report.due).to.equal(2); // the two demo households; the paused one is left out
    expect(report.failedVaults).to.deep.equal([]);
    expect(report.overdue).to.deep.equal([]);
    expect(await creditorPaid(paused, from)).to.deep.equal([]);
    // the others' rent month was processed (paid, or missed for lack of money): none is still due
    for (const vault of [family, state.vaults[2].vault]) {
      const rent = await HouseholdVault__factory.connect(vault, provider).bucket(0);
      expect(Number(rent.nextDueAt)).to.be.greaterThan(dueDay);
    }

    const tally = emptyTally();
    expect(await retryVault(keeper!, paused, [KEEPER_SELECTORS.settle, KEEPER_SELECTORS.release], tally)).to.equal(
      true,
    );
    expect(tally.gasUsed).to.equal(0n); // nothing was sent for it
  });

  it("reads a batch's receipt: a stop for lack of gas leaves the rest, a failed entry is retried alone", async () => {
    const state = loadState(stateFile, factory, 0);
    const [first, paused, second] = state.vaults.map((v) => v.vault);
    const limits = await batchLimits(keeper!);
    const tally = emptyTally();
    // Room for the first vault only: it must start with GAS_PER_VAULT left, and then less is left.
    const tight = {
      vaults: [first, second].map((vault) => ({ vault, gas: 0n })),
      gasLimit: limits.gasPerVault + 40_000n,
    };
    const stopped = await sendBatch(keeper!, tight, tally);
    expect(stopped.notReached.map((v) => v.vault)).to.deep.equal([second]);
    expect(tally.batches).to.equal(1);

    // The paused vault's calls revert inside the batch (KeeperCallFailed); alone, it is found paused: not a failure.
    const costs = [first, paused, second].map((vault) => ({ vault, gas: 200_000n }));
    expect(await sendAll(keeper!, costs, limits, tally)).to.deep.equal([]);
    expect(tally.batches).to.equal(2);
    const mined = lines.filter((l) => l.includes('"event":"batch.mined"')).map((l) => JSON.parse(l));
    expect(mined[mined.length - 1]).to.include({ vaults: 3, processed: 3, failedCalls: 1 });
  });
  it("reads the vaults again when its state belongs to a chain that was reset (a restarted local node)", async () => {
    const before = loadState(stateFile, factory, 0);
    // A state as a node restarted since would leave it: a vault that no longer exists, blocks far ahead.
    const ghost = { householdId: hexlify(randomBytes(32)), vault: "0x000000000000000000000000000000000000dEaD" };
    saveState(stateFile, { ...before, lastBlock: before.lastBlock + 1000, vaults: [ghost, ...before.vaults] });
    const report = await run();
    expect(report.vaultsSeen).to.equal(before.vaults.length);
    const after = loadState(stateFile, factory, 0);
    const sorted = (vs: { vault: string }[]) => vs.map((v) => v.vault.toLowerCase()).sort();
    expect(sorted(after.vaults)).to.deep.equal(sorted(before.vaults));
    expect(lines.some((l) => l.includes('"event":"state.not-this-chain"') && l.includes('"reset":true'))).to.equal(
      true,
    );
  });

  it("refuses to start where the factory has no code, saying what to do", async () => {
    const config = keeperConfig(
      {
        network: "localhost",
        factory: "0x000000000000000000000000000000000000dEaD",
        stateFile: path.join(dir, "none.json"),
      },
      { LOCAL_RPC_URL: node!.url },
    );
    let message = "";
    await openKeeper(config, { log: jsonLogger(() => undefined) }).catch((e: Error) => (message = e.message));
    expect(message).to.match(/no contract at the factory address 0x000000000000000000000000000000000000dEaD/);
  });
});

describe("keeper batches (packing under the gas cap)", () => {
  it("packs vaults in order so that each starts with GAS_PER_VAULT left, under the cap and MAX_BATCH", () => {
    const limits: BatchLimits = { gasCap: 16_777_216n, gasPerVault: 4_000_000n, maxBatch: 200 };
    const gas = [150_000n, 900_000n, 4_000_000n, 60_000n, 2_500_000n, 300_000n];
    const costs = Array.from({ length: 300 }, (_, i) => ({ vault: `v${i}`, gas: gas[i % gas.length] }));
    const batches = packBatches(costs, limits);
    expect(batches.flatMap((b) => b.vaults.map((v) => v.vault))).to.deep.equal(costs.map((c) => c.vault));
    for (const batch of batches) {
      expect(batch.vaults.length).to.be.within(1, limits.maxBatch);
      expect(batch.gasLimit <= limits.gasCap).to.equal(true);
      let before = 0n;
      for (const v of batch.vaults) {
        expect(BATCH_BASE_GAS + before + limits.gasPerVault <= batch.gasLimit).to.equal(true);
        before += v.gas;
      }
      expect(before + BATCH_BASE_GAS <= batch.gasLimit).to.equal(true);
    }
    const cheap = packBatches(
      Array.from({ length: 450 }, (_, i) => ({ vault: `c${i}`, gas: 1_000n })),
      limits,
    );
    expect(cheap.map((b) => b.vaults.length)).to.deep.equal([200, 200, 50]);
  });
});
