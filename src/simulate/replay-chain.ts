/**
 * The chain the replay sends on: the in-process Hardhat network with automine off, so that every
 * transaction of one moment goes into one block whose timestamp is exactly that moment (the
 * model's `now`). Transactions go out by eth_sendTransaction from unlocked or impersonated
 * accounts, with explicit gas limits (no estimates) and equal fees, so the block keeps the order
 * they were sent in.
 */
import { dataSlice, getAddress, keccak256, toQuantity, toUtf8Bytes } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { isoTime } from "../core";

/** One transaction to send, and the households (positions in the sample) whose vaults it touches. */
export interface ReplayTx {
  from: string;
  to: string;
  data: string;
  gas: bigint;
  /** What it does, for messages: the action's kind, or the setup step. */
  what: string;
  /** In the call's order (a keeper batch lists its vaults' households). */
  households: number[];
}

export interface RawLog {
  address: string;
  topics: string[];
  data: string;
}

interface RawReceipt {
  blockNumber: string;
  transactionIndex: string;
  status: string;
  gasUsed: string;
  logs: RawLog[];
}

export interface MinedTx {
  tx: ReplayTx;
  ok: boolean;
  gasUsed: bigint;
  logs: RawLog[];
}

export interface MinedBlock {
  number: number;
  timestamp: number;
  /** In block order. */
  txs: MinedTx[];
}

/**
 * Every transaction pays the same tip, so the mempool (which orders by tip, then by arrival) keeps
 * the order of sending; the fee cap is far above the base fee the replay's blocks reach.
 */
const FEES = { maxFeePerGas: toQuantity(100n * 10n ** 9n), maxPriorityFeePerGas: toQuantity(10n ** 9n) };

/** Ether for an impersonated resident's gas. */
const RESIDENT_ETHER = 10n ** 21n;

export class ReplayChain {
  /** The latest block mined. */
  latest: { number: number; timestamp: number };
  private blockGasLimit: bigint;

  private constructor(
    private readonly hre: HardhatRuntimeEnvironment,
    latest: { number: number; timestamp: number },
    private readonly originalGasLimit: bigint,
  ) {
    this.latest = latest;
    this.blockGasLimit = originalGasLimit;
  }

  /** Takes over the chain: automine off until close(). */
  static async open(hre: HardhatRuntimeEnvironment): Promise<ReplayChain> {
    const block = (await hre.ethers.provider.getBlock("latest"))!;
    const chain = new ReplayChain(hre, { number: block.number, timestamp: block.timestamp }, block.gasLimit);
    await chain.rpc("evm_setAutomine", [false]);
    return chain;
  }

  /** Gives the chain back as it was: automine on, the block gas limit as before. */
  async close(): Promise<void> {
    await this.rpc("evm_setAutomine", [true]);
    if (this.blockGasLimit !== this.originalGasLimit) {
      await this.rpc("evm_setBlockGasLimit", [toQuantity(this.originalGasLimit)]);
    }
  }

  /** An address nobody holds the key to, derived from `seed`, impersonated and given ether for gas. */
  async impersonate(seed: string): Promise<string> {
    const address = getAddress(dataSlice(keccak256(toUtf8Bytes(seed)), 12));
    await this.rpc("hardhat_impersonateAccount", [address]);
    await this.rpc("hardhat_setBalance", [address, toQuantity(RESIDENT_ETHER)]);
    return address.toLowerCase();
  }

  /**
   * Sends `txs` in this order and mines them in one block at time `t`. Throws when a transaction
   * is refused or left out of the block (the replay's own failure, not the model's); a reverted
   * transaction comes back with ok = false.
   */
  async mineAt(t: number, txs: ReplayTx[]): Promise<MinedBlock> {
    if (t <= this.latest.timestamp) {
      throw new Error(
        `replay: a block at ${isoTime(t)} must come after the latest (${isoTime(this.latest.timestamp)})`,
      );
    }
    await this.fitBlockGas(txs);
    await this.rpc("evm_setNextBlockTimestamp", [t]);
    const hashes: string[] = [];
    for (const tx of txs) hashes.push(await this.sendTx(tx, t));
    await this.rpc("evm_mine", []);
    const number = Number(await this.rpc("eth_blockNumber", []));
    const receipts = (await Promise.all(
      hashes.map((h) => this.rpc("eth_getTransactionReceipt", [h])),
    )) as (RawReceipt | null)[];
    const mined = receipts.map((r, k) => {
      if (!r || Number(r.blockNumber) !== number) {
        throw new Error(`replay: ${isoTime(t)} ${txs[k].what} was not mined in the block at that time`);
      }
      return {
        index: Number(r.transactionIndex),
        tx: { tx: txs[k], ok: Number(r.status) === 1, gasUsed: BigInt(r.gasUsed), logs: r.logs },
      };
    });
    this.latest = { number, timestamp: t };
    return { number, timestamp: t, txs: mined.sort((a, b) => a.index - b.index).map((m) => m.tx) };
  }

  private async sendTx(tx: ReplayTx, t: number): Promise<string> {
    try {
      return (await this.rpc("eth_sendTransaction", [
        { from: tx.from, to: tx.to, data: tx.data, gas: toQuantity(tx.gas), ...FEES },
      ])) as string;
    } catch (error) {
      throw new Error(
        `replay: ${isoTime(t)} ${tx.what}: the node refused it: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  }

  /** Raises the block gas limit when one moment's transactions would not all fit in one block. */
  private async fitBlockGas(txs: ReplayTx[]): Promise<void> {
    const need = txs.reduce((sum, tx) => sum + tx.gas, 0n);
    if (need <= this.blockGasLimit) return;
    await this.rpc("evm_setBlockGasLimit", [toQuantity(need)]);
    this.blockGasLimit = need;
  }

  private rpc(method: string, params: unknown[]): Promise<unknown> {
    return this.hre.network.provider.send(method, params);
  }
}
