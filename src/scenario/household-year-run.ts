/**
 * The machinery of householdYear (household-year.ts): the state of a run shared by its steps, and
 * the chain it sends on, which queues every household's transactions and mines them one block
 * each, booking each receipt's gas and sorting its logs by vault.
 */
import { dataSlice, EventFragment, getAddress, keccak256, Log, toQuantity, toUtf8Bytes, zeroPadValue } from "ethers";
import type { HardhatRuntimeEnvironment, HardhatNetworkConfig } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { EuroToken, HouseholdVaultFactory } from "../../typechain-types";
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import type { Role } from "../../deploy/modules/core";
import type { Deployment } from "../chain";
import type { RentWatch, Sample } from "../book";
import { isoDate, Money, ScenarioFailure } from "../core";
import type { GasKind, HouseholdYearResult, KeeperMode } from "./household-year";
import type { Call, Cast, Household, Schedule } from "./schedule";
import type { Scenario } from "./scenario-file";

/** Transactions that are sent but not counted in the household figure. */
export type Uncounted = keyof HouseholdYearResult["notCounted"];
/** Every kind of transaction a run sends: counted, not counted, and the baseline's plain transfers. */
export type TxKind = GasKind | Uncounted | "baseline";

/** Gas limit per kind of transaction (gasUsed does not depend on it; a too-small one fails loudly). */
const GAS_LIMITS: Record<Exclude<TxKind, "keeper">, bigint> = {
  deposits: 300_000n,
  plan: 3_000_000n,
  claims: 500_000n,
  resident: 1_500_000n,
  advance: 2_000_000n,
  approvals: 150_000n,
  opening: 150_000n,
  vaultCreation: 3_000_000n,
  minting: 200_000n,
  issuer: 200_000n,
  baseline: 200_000n,
};

/** Hardforks before Osaka, whose only per-transaction limit is the block's (EIP-7825 came with Osaka). */
const BEFORE_OSAKA = [
  "chainstart",
  "homestead",
  "dao",
  "tangerineWhistle",
  "spuriousDragon",
  "byzantium",
  "constantinople",
  "petersburg",
  "istanbul",
  "muirGlacier",
  "berlin",
  "london",
  "arrowGlacier",
  "grayGlacier",
  "merge",
  "shanghai",
  "cancun",
  "prague",
];
const OSAKA_TX_CAP = 16_777_216n;

/** The keeper sends each batch with the chain's per-transaction gas limit: the block's, capped from Osaka on. */
export async function keeperGasLimitOf(hre: HardhatRuntimeEnvironment): Promise<{ hardfork: string; limit: bigint }> {
  const hardfork = (hre.network.config as HardhatNetworkConfig).hardfork ?? "unknown";
  const blockGasLimit = BigInt((await hre.ethers.provider.getBlock("latest"))!.gasLimit);
  const limit = BEFORE_OSAKA.includes(hardfork)
    ? blockGasLimit
    : OSAKA_TX_CAP < blockGasLimit
      ? OSAKA_TX_CAP
      : blockGasLimit;
  return { hardfork, limit };
}

/** The deployed system and the shared roles, as the demo has them. */
export interface YearSystem {
  hre: HardhatRuntimeEnvironment;
  deployment: Deployment;
  token: EuroToken;
  factory: HouseholdVaultFactory;
  money: Money;
  who: Record<Role, HardhatEthersSigner>;
  /** Lower-case address -> role. */
  roleOf: Map<string, string>;
}

/** A run's settings and the chain it sends on, before the households exist. */
export interface YearSetup extends YearSystem {
  /** Households, vaults per keeper batch, and which keeper. */
  N: number;
  B: number;
  mode: KeeperMode;
  log: (line: string) => void;
  wallStart: number;
  hardfork: string;
  keeperGasLimit: bigint;
  schedule: Schedule;
  scenario: Scenario;
  cast: Cast;
  /** The RENT bucket's index in the plan (-1 without one). */
  rentBucket: number;
  chain: YearChain;
}

/** The households, once set up; each array is by household. */
export interface YearHouseholds {
  vaultAddresses: string[];
  residents: HardhatEthersSigner[];
  households: Household[];
  /** Each vault's creation time. */
  vaultStart: number[];
  /** Token balances as the year starts (after the test euros): the shared roles', the residents'. */
  sharedBefore: bigint[];
  residentsBefore: bigint[];
}

/** The vault's views at a month's end (the last one stays: the end of the year). */
export interface VaultViews {
  accounts: IHouseholdVault.AccountsStructOutput;
  buckets: IHouseholdVault.BucketViewStructOutput[];
  balance: bigint;
}

/** What the year records as it goes, for the checks and the result; arrays are by household. */
export interface YearRecords {
  rentWatch: RentWatch[];
  /** When each household's rent falls due next (read again after the keeper and after plan changes). */
  nextRentDue: number[];
  samples: Sample[][];
  finalViews: VaultViews[];
  keeper: Pick<HouseholdYearResult["keeper"], "daysCalled" | "vaultCalls" | "viewReads" | "stops">;
}

/** Everything a step of the year may use. */
export type Year = YearSetup & YearHouseholds & YearRecords;

/** A transaction waiting in the queue. */
interface Pending {
  call: Call;
  hash?: string;
  kind: TxKind;
  what: string;
  /** The sender's role name, for the household book (sentBy). */
  sender: string;
  /** For a keeper call: the vaults it was asked to handle, in order. */
  batch?: string[];
  done?: (minedAt: number) => void;
}

interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  transactionHash: string;
  logIndex: string;
}

interface RawReceipt {
  transactionHash: string;
  blockNumber: string;
  gasUsed: string;
  status: string;
  logs: RawLog[];
}

/**
 * The chain as householdYear uses it: transactions are queued (submit) and then sent one block
 * each, a second apart, from a given time (mineAt), by eth_sendTransaction with the kind's gas
 * limit. Each receipt is booked: gas by kind, the sender's role, and its logs by vault.
 */
export class YearChain {
  /** Transactions and Σ gasUsed by kind (the baseline's are in baselineGas). */
  readonly gasBy = new Map<string, { transactions: number; gas: bigint }>();
  /** Transaction hash -> the sender's role. */
  readonly senders = new Map<string, string>();
  /** Block number -> timestamp. */
  readonly timestamps = new Map<number, number>();
  /** Lower-case vault -> its logs (its own, the token transfers to and from it, the factory's about it). */
  readonly logsByVault = new Map<string, Log[]>();
  /** What -> gasUsed, for the baseline's transfers. */
  readonly baselineGas = new Map<string, bigint>();
  /** Keeper batches that stopped early (KeeperBatchStopped), to be continued. */
  readonly stoppedBatches: { batch: string[]; processed: number }[] = [];
  /** When the last transaction was mined. */
  lastT: number;
  private readonly queue: Pending[] = [];
  private readonly padToVault = new Map<string, string>(); // 32-byte topic -> lower-case vault
  private readonly addressOf = new Map<unknown, string>();
  private readonly residents = new Set<string>(); // every household's resident, lower-case
  private readonly gasLimit: Record<TxKind, bigint>;
  private readonly transferTopic: string;
  private readonly stoppedEvent: EventFragment;

  constructor(
    private readonly system: YearSystem,
    keeperGasLimit: bigint,
    chainNow: number,
  ) {
    this.gasLimit = { ...GAS_LIMITS, keeper: keeperGasLimit };
    this.lastT = chainNow;
    this.transferTopic = system.token.interface.getEvent("Transfer").topicHash;
    this.stoppedEvent = system.factory.interface.getEvent("KeeperBatchStopped");
  }

  /** An address derived from `seed` (the first without a zero byte), impersonated and given ether. */
  async impersonate(seed: string): Promise<HardhatEthersSigner> {
    let address: string;
    for (let k = 0; ; k++) {
      address = getAddress(dataSlice(keccak256(toUtf8Bytes(`${seed} ${k}`)), 12));
      if (!hasZeroByte(address)) break;
    }
    const { provider } = this.system.hre.ethers;
    await provider.send("hardhat_impersonateAccount", [address]);
    await provider.send("hardhat_setBalance", [address, toQuantity(10n ** 21n)]);
    return this.system.hre.ethers.getSigner(address);
  }

  /** A household's resident: her transactions are booked as the resident's. */
  addResident(address: string): void {
    this.residents.add(address.toLowerCase());
  }

  /** A household's vault: its logs are kept apart from the start. */
  watchVault(address: string): void {
    this.logsByVault.set(address.toLowerCase(), []);
    this.padToVault.set(zeroPadValue(address, 32).toLowerCase(), address.toLowerCase());
  }

  /** Queues a transaction; mineAt sends the queue. */
  submit(call: Call, kind: TxKind, what: string, extra: Partial<Pending> = {}): void {
    const from = call.from.address.toLowerCase();
    const sender = this.system.roleOf.get(from) ?? (this.residents.has(from) ? "resident" : call.from.address);
    this.queue.push({ call, kind, what, sender, ...extra });
  }

  /**
   * Sends every queued transaction, one block each, from `t` on (a second apart: the chain's
   * clock moves with evm_setNextBlockTimestamp, as in the demo), and books each receipt.
   */
  async mineAt(t: number): Promise<void> {
    while (this.queue.length > 0) await this.send(this.queue.shift()!, t);
  }

  /** Counted and uncounted transactions sent so far (not the baseline's). */
  transactionsSent(): number {
    return [...this.gasBy.values()].reduce((s, g) => s + g.transactions, 0);
  }

  private async send(p: Pending, t: number): Promise<void> {
    const { call } = p;
    const { provider } = this.system.hre.ethers;
    let to = this.addressOf.get(call.contract);
    if (!to) {
      to = await call.contract.getAddress();
      this.addressOf.set(call.contract, to);
    }
    const data = call.contract.interface.encodeFunctionData(call.method, call.args);
    const at = Math.max(t, this.lastT + 1);
    await provider.send("evm_setNextBlockTimestamp", [at]);
    let hash: string;
    try {
      hash = (await provider.send("eth_sendTransaction", [
        { from: call.from.address, to, data, gas: toQuantity(this.gasLimit[p.kind]) },
      ])) as string;
    } catch (error) {
      const reason = (error as Error).message.split("\n")[0];
      throw new ScenarioFailure(`${isoDate(at)} ${p.what}: the transaction failed: ${reason}`);
    }
    this.lastT = at;
    const r = (await provider.send("eth_getTransactionReceipt", [hash])) as RawReceipt;
    if (Number(r.status) !== 1) throw new ScenarioFailure(`${isoDate(at)} ${p.what}: the transaction reverted`);
    this.timestamps.set(Number(r.blockNumber), at);
    p.hash = hash;
    this.book(p, r, at);
  }

  private book(p: Pending, r: RawReceipt, at: number): void {
    const gasUsed = BigInt(r.gasUsed);
    if (p.kind === "baseline") {
      this.baselineGas.set(p.what, gasUsed);
      return;
    }
    const g = this.gasBy.get(p.kind) ?? { transactions: 0, gas: 0n };
    g.transactions++;
    g.gas += gasUsed;
    this.gasBy.set(p.kind, g);
    this.senders.set(p.hash!, p.sender);
    for (const raw of r.logs) {
      const l = {
        address: raw.address,
        topics: raw.topics,
        data: raw.data,
        blockNumber: Number(raw.blockNumber),
        transactionHash: raw.transactionHash,
        index: Number(raw.logIndex),
      } as unknown as Log;
      for (const v of this.vaultsOf(raw, p)) this.logsByVault.get(v)!.push(l);
    }
    p.done?.(at);
  }

  /** The vaults a log belongs to; a KeeperBatchStopped of a keeper call is noted for continuing. */
  private vaultsOf(raw: RawLog, p: Pending): Set<string> {
    const { deployment, factory } = this.system;
    const address = raw.address.toLowerCase();
    const owners = new Set<string>();
    if (this.logsByVault.has(address)) owners.add(address);
    else if (address === deployment.addresses.token.toLowerCase() && raw.topics[0] === this.transferTopic) {
      for (const topic of raw.topics.slice(1, 3)) {
        const v = this.padToVault.get(topic.toLowerCase());
        if (v) owners.add(v);
      }
    } else if (address === deployment.addresses.factory.toLowerCase()) {
      if (raw.topics[0] === this.stoppedEvent.topicHash && p.batch) {
        const [processed] = factory.interface.decodeEventLog(this.stoppedEvent, raw.data, raw.topics);
        this.stoppedBatches.push({ batch: p.batch, processed: Number(processed) });
      }
      const v = raw.topics[1] ? this.padToVault.get(raw.topics[1].toLowerCase()) : undefined;
      if (v) owners.add(v);
    }
    return owners;
  }
}

/**
 * Whether an address has a zero byte. Addresses appear in calldata (the keeper's batches,
 * approvals), where a zero byte is cheaper: runs use addresses without one, so they repeat exactly.
 */
export function hasZeroByte(address: string): boolean {
  return /^(?:[0-9a-f]{2})*00/i.test(address.slice(2));
}
