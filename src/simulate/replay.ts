/**
 * The chain replay of the vault arm (issue 10): a sample of household-years sent on the EVM (the
 * in-process Hardhat network) exactly as the model ran them, and every payment and balance held
 * equal to the model to the unit.
 *
 * How: the system is deployed afresh; each household gets its own resident and vault, the shared
 * coach, treasurer, payers and creditors of the deployment; the model runs on those real addresses
 * (runModel); every vault is created in one block at the households' common start. Then the
 * households' actions are merged by time, and each moment is one block at exactly that time
 * (automine off): the keeper's actions become factory.settleAndReleaseMany batches, deposits come
 * from the payer of their source, advances from the treasurer, plans from the coach and the
 * resident, withdrawals from the resident. After each block, every reverted transaction, failed
 * keeper call or batch that stopped early is a mismatch, and where the model has a checkpoint the
 * vault's views and token balance are read and compared field by field. At the end each vault's
 * transfers out (ERC-20 Transfer logs, in block and log order) are compared with the model's.
 *
 * replay-setup.ts: the households before the start; replay-chain.ts: the blocks; replay-compare.ts:
 * the comparisons and the mismatch lines.
 */
import { zeroPadValue } from "ethers";
import type { Provider } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { HouseholdVault__factory } from "../../typechain-types";
import { deploySystem, openLocalSystem, readVaultAt, type LocalSystem } from "../chain";
import { isoTime, UserError } from "../core";
import { ReplayChain, type MinedBlock, type MinedTx, type RawLog, type ReplayTx } from "./replay-chain";
import { checkpointMismatches, checkpointOf, mismatch, transferMismatches } from "./replay-compare";
import { createVaults, fundAndApprove, prepareHouseholds, type ReplayHousehold, type RunModel } from "./replay-setup";
import type { HouseholdYear, VaultAction, VaultCheckpoint } from "./types";
import { yearFrame } from "./generate";

export interface ReplayResult {
  households: number;
  /** One line per difference between the model and the chain; any fails the replay. */
  mismatches: string[];
  /** Wall time of the whole replay: deployment, the model's runs, setup, blocks and reads. */
  seconds: number;
  householdYearsPerMinute: number;
}

export interface ReplayOptions {
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** The latest year whose calendar repeats 28 years on (2100 is no leap year). */
const LAST_REPEATING_YEAR = 2099;
/** Room between the chain's clock and the start, for the deployment's blocks and the setup block. */
const SETUP_ROOM = 3600;

/**
 * The year in which to replay households simulated for `year`. The in-process chain's clock starts
 * at today's date and cannot go back, so the sample runs in a later year with the same calendar:
 * from 1901 to 2099 every fourth year is a leap year, so the Gregorian calendar repeats exactly
 * every 28 years (4 leap-year cycles × 7 weekdays): year + 28k has the same weekdays, month lengths
 * and leap day as `year`, and so the same due dates, pay days and weeks. It is the smallest k whose
 * start (yearFrame: 00:00 UTC 1 October of the year before) comes after the chain's latest block, with an
 * hour to spare for the deployment and the setup. The caller generates the sampled households for
 * that year.
 */
export function replayYear(latestBlockTimestamp: number, year: number): number {
  if (!Number.isInteger(year) || year < 1902) throw new UserError(`year must be a whole year from 1902 (got ${year})`);
  for (let y = year; y <= LAST_REPEATING_YEAR; y += 28) {
    if (yearFrame(y).start > latestBlockTimestamp + SETUP_ROOM) return y;
  }
  throw new UserError(
    `no year up to ${LAST_REPEATING_YEAR} with ${year}'s calendar starts after the chain's clock (${isoTime(latestBlockTimestamp)})`,
  );
}

/** Replays the households on the in-process network (see the top of this file). */
export async function replayOnChain(
  hre: HardhatRuntimeEnvironment,
  households: HouseholdYear[],
  runModel: RunModel,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const wallStart = Date.now();
  const log = options.log ?? (() => undefined);
  checkSample(hre, households);
  const system = await openLocalSystem(hre, await deploySystem(hre));
  checkUnits(households, system);
  const chain = await ReplayChain.open(hre);
  try {
    const sample = await prepareHouseholds(chain, system, households, runModel);
    await fundAndApprove(chain, system, sample);
    await createVaults(chain, system, sample);
    log(`replay: ${sample.length} vault(s) created at ${isoTime(chain.latest.timestamp)}`);
    const replay = await newReplay(hre.ethers.provider, chain, system, sample, log);
    for (const moment of momentsOf(sample)) await replayMoment(replay, moment);
    for (const s of sample) {
      replay.mismatches.push(...transferMismatches(s.h.index, s.run.transfers, s.transfers, s.accounts));
    }
    const seconds = (Date.now() - wallStart) / 1000;
    const result = {
      households: sample.length,
      mismatches: replay.mismatches,
      seconds,
      householdYearsPerMinute: (sample.length * 60) / seconds,
    };
    log(
      `replay: ${result.households} household-year(s), ${replay.blocks} blocks, ${result.mismatches.length} mismatch(es), ` +
        `${seconds.toFixed(1)} s (${result.householdYearsPerMinute.toFixed(1)} household-years per minute)`,
    );
    return result;
  } finally {
    await chain.close();
  }
}

function checkSample(hre: HardhatRuntimeEnvironment, households: HouseholdYear[]): void {
  if (hre.network.name !== "hardhat") {
    throw new UserError(`the replay runs on the in-process Hardhat network, not "${hre.network.name}"`);
  }
  if (households.length === 0) throw new UserError("the replay needs at least one household");
  const other = households.find((h) => h.start !== households[0].start);
  if (other) {
    throw new UserError(
      `household ${other.index} starts at ${isoTime(other.start)}, not with the others at ${isoTime(households[0].start)}`,
    );
  }
}

/** The model's amounts are the token's units only when both count the same units per euro. */
function checkUnits(households: HouseholdYear[], system: LocalSystem): void {
  const unit = 10n ** BigInt(system.money.decimals);
  const other = households.find((h) => h.euro !== unit);
  if (other) {
    throw new UserError(`household ${other.index} counts ${other.euro} units per euro; the chain's token ${unit}`);
  }
}

/** The replay as it goes. */
interface Replay {
  provider: Provider;
  chain: ReplayChain;
  system: LocalSystem;
  sample: ReplayHousehold[];
  log: (line: string) => void;
  addresses: { token: string; factory: string };
  /** The 32-byte topic of each vault's address -> its household's position in the sample. */
  byTopic: Map<string, number>;
  topics: { transfer: string; callFailed: string; batchStopped: string };
  /** Vaults per keeper transaction. */
  batchSize: number;
  mismatches: string[];
  blocks: number;
}

/**
 * How many vaults go in one keeper transaction. The factory starts on a vault only while
 * GAS_PER_VAULT (4M, its worst case) is left; a replayed vault's settle and release use far less
 * (at most VAULT_GAS_BUDGET; the households of test/simulate/replay.test.ts use about 145k at
 * most, settle's payments and release together), so a batch of
 * 1 + (KEEPER_GAS − BATCH_OVERHEAD − GAS_PER_VAULT) / VAULT_GAS_BUDGET vaults (at most MAX_BATCH)
 * always finishes. A batch that stops early anyway (KeeperBatchStopped) is a mismatch, never silent.
 */
const VAULT_GAS_BUDGET = 600_000n;
/** The transaction's base cost, the calldata of MAX_BATCH addresses and the loop. */
const BATCH_OVERHEAD = 200_000n;
/** The keeper's gas limit: 2^24, the most one transaction may use from Osaka on (EIP-7825). */
const KEEPER_GAS = 16_777_216n;
/** Gas limits of the other actions (gasUsed does not depend on them; a too-small one fails loudly). */
const ACTION_GAS = {
  deposit: 300_000n,
  advance: 2_000_000n,
  propose: 3_000_000n,
  accept: 3_000_000n,
  withdraw: 1_500_000n,
};

async function newReplay(
  provider: Provider,
  chain: ReplayChain,
  system: LocalSystem,
  sample: ReplayHousehold[],
  log: (line: string) => void,
): Promise<Replay> {
  const { token, factory } = system;
  const [maxBatch, gasPerVault] = await Promise.all([factory.MAX_BATCH(), factory.GAS_PER_VAULT()]);
  const fits = 1n + (KEEPER_GAS - BATCH_OVERHEAD - gasPerVault) / VAULT_GAS_BUDGET;
  return {
    provider,
    chain,
    system,
    sample,
    log,
    addresses: { token: (await token.getAddress()).toLowerCase(), factory: (await factory.getAddress()).toLowerCase() },
    byTopic: new Map(sample.map((s, i) => [zeroPadValue(s.accounts.vault, 32).toLowerCase(), i])),
    topics: {
      transfer: token.interface.getEvent("Transfer").topicHash,
      callFailed: factory.interface.getEvent("KeeperCallFailed").topicHash,
      batchStopped: factory.interface.getEvent("KeeperBatchStopped").topicHash,
    },
    batchSize: Number(fits < maxBatch ? fits : maxBatch),
    mismatches: [],
    blocks: 0,
  };
}

/** One time at which some household acts or has a checkpoint. */
interface Moment {
  t: number;
  /** rounds[r]: each household's r-th action at t (one block keeps each household's order). */
  rounds: { household: number; action: VaultAction }[][];
  checkpoints: { household: number; checkpoint: VaultCheckpoint }[];
}

/** Every household's actions and checkpoints, merged by time. */
function momentsOf(sample: ReplayHousehold[]): Moment[] {
  const byTime = new Map<number, Moment>();
  const at = (t: number) => {
    let m = byTime.get(t);
    if (!m) byTime.set(t, (m = { t, rounds: [], checkpoints: [] }));
    return m;
  };
  sample.forEach(({ h, run }, household) => {
    let last = h.start;
    const round = new Map<number, number>();
    for (const action of run.actions) {
      if (action.t < last || action.t <= h.start) {
        throw new UserError(`household ${h.index}: the model's actions must come after the start, in time order`);
      }
      last = action.t;
      const r = round.get(action.t) ?? 0;
      round.set(action.t, r + 1);
      (at(action.t).rounds[r] ??= []).push({ household, action });
    }
    for (const checkpoint of run.checkpoints) at(checkpoint.t).checkpoints.push({ household, checkpoint });
  });
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/** One moment: its actions in one block, then its checkpoints read and compared. */
async function replayMoment(replay: Replay, m: Moment): Promise<void> {
  const txs = m.rounds.flatMap((round) => txsOfRound(replay, round));
  if (txs.length > 0) {
    const monthBefore = isoTime(replay.chain.latest.timestamp).slice(0, 7);
    readBlock(replay, await replay.chain.mineAt(m.t, txs));
    replay.blocks++;
    if (isoTime(m.t).slice(0, 7) !== monthBefore) {
      replay.log(
        `replay: ${isoTime(m.t).slice(0, 7)} (${replay.blocks} blocks, ${replay.mismatches.length} mismatch(es))`,
      );
    }
  }
  if (m.checkpoints.length > 0) await compareCheckpoints(replay, m);
}

/** The transactions of one round: the keeper's vaults in batches, then every other action. */
function txsOfRound(replay: Replay, round: Moment["rounds"][number]): ReplayTx[] {
  const { system, sample, batchSize } = replay;
  const keeper = round.filter((x) => x.action.kind === "keeper").map((x) => x.household);
  const txs: ReplayTx[] = [];
  for (let k = 0; k < keeper.length; k += batchSize) {
    const households = keeper.slice(k, k + batchSize);
    const vaults = households.map((i) => sample[i].accounts.vault);
    txs.push({
      from: system.who.keeper.address,
      to: replay.addresses.factory,
      data: system.factory.interface.encodeFunctionData("settleAndReleaseMany", [vaults]),
      gas: KEEPER_GAS,
      what: "keeper",
      households,
    });
  }
  for (const { household, action } of round)
    if (action.kind !== "keeper") txs.push(actionTx(replay, household, action));
  return txs;
}

const vaultInterface = HouseholdVault__factory.createInterface();

/** A household's own action: who sends which call to its vault. */
function actionTx(replay: Replay, household: number, a: Exclude<VaultAction, { kind: "keeper" }>): ReplayTx {
  const { accounts } = replay.sample[household];
  const call = (from: string, method: string, args: unknown[]): ReplayTx => ({
    from,
    to: accounts.vault,
    data: vaultInterface.encodeFunctionData(method as "deposit", args as [bigint]),
    gas: ACTION_GAS[a.kind],
    what: a.kind,
    households: [household],
  });
  switch (a.kind) {
    case "deposit":
      return call(accounts.payers[a.source], "deposit", [a.amount]);
    case "advance":
      return call(accounts.treasury, "advance", [a.amount]);
    case "propose":
      return call(accounts.coach, "proposePlan", [a.plan]);
    case "accept":
      return call(accounts.resident, "acceptPlan", [a.plan]);
    case "withdraw":
      return call(accounts.resident, "withdrawSavings", [a.amount]);
  }
}

/** A mined block: reverted transactions, failed keeper calls and early stops, and the vaults' transfers out. */
function readBlock(replay: Replay, block: MinedBlock): void {
  for (const mined of block.txs) {
    if (!mined.ok) {
      for (const i of mined.tx.households) {
        replay.mismatches.push(
          mismatch(replay.sample[i].h.index, block.timestamp, mined.tx.what, "succeeds", "reverted"),
        );
      }
    }
    for (const log of mined.logs) readLog(replay, block.timestamp, mined, log);
  }
}

function readLog(replay: Replay, t: number, mined: MinedTx, log: RawLog): void {
  const { topics, addresses, sample, system } = replay;
  const address = log.address.toLowerCase();
  const household = replay.byTopic.get(log.topics[1]?.toLowerCase());
  if (address === addresses.token && log.topics[0] === topics.transfer && household !== undefined) {
    sample[household].transfers.push({ t, to: `0x${log.topics[2].slice(26)}`, amount: BigInt(log.data) });
  } else if (address === addresses.factory && log.topics[0] === topics.callFailed && household !== undefined) {
    const call = log.topics[2].startsWith(vaultInterface.getFunction("settle").selector) ? "settle" : "release";
    replay.mismatches.push(mismatch(sample[household].h.index, t, `keeper ${call}`, "succeeds", "fails"));
  } else if (address === addresses.factory && log.topics[0] === topics.batchStopped) {
    const [processed] = system.factory.interface.decodeEventLog("KeeperBatchStopped", log.data, log.topics);
    for (const i of mined.tx.households.slice(Number(processed))) {
      replay.mismatches.push(
        mismatch(sample[i].h.index, t, "keeper", "called", "left out of a batch that stopped early"),
      );
    }
  }
}

/** The vaults with a checkpoint now, read at the latest block in one round, each compared with the model. */
async function compareCheckpoints(replay: Replay, m: Moment): Promise<void> {
  const { chain, sample, system, provider } = replay;
  const { number, timestamp } = chain.latest;
  const states = await Promise.all(
    m.checkpoints.map(async ({ household }) => {
      const vault = sample[household].accounts.vault;
      const [snapshot, balance] = await Promise.all([
        readVaultAt(provider, vault, number, timestamp, true),
        system.token.balanceOf(vault, { blockTag: number }),
      ]);
      return checkpointOf(snapshot, balance);
    }),
  );
  m.checkpoints.forEach(({ household, checkpoint }, k) => {
    replay.mismatches.push(...checkpointMismatches(sample[household].h.index, checkpoint, states[k]));
  });
}
