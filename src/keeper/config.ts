/**
 * The keeper's configuration: only `.env` (or the environment) and flags. Every value is checked
 * before anything is sent; a missing or malformed one stops with a UserError that names it and says
 * what it expects. Against the local node (--network localhost) nothing needs to be set: the node's
 * URL, the recorded deployment's factory and the node's unlocked keeper account are the defaults.
 */
import path from "path";
import { isAddress } from "ethers";
import { UserError } from "../core";
import { optionalEnv, requireEnv } from "../chain/env";
import { DEFAULT_LOCAL_RPC, recordedFactory } from "../webapp/build-config";
import type { KeeperConfig } from "./types";

export interface KeeperFlags {
  /** A name for the network: "localhost" (the local node, with defaults), "testnet" or any other. */
  network?: string;
  factory?: string;
  once?: boolean;
  stateFile?: string;
  fromBlock?: number;
}

const ROOT = path.resolve(__dirname, "../..");
export const LOCAL_NETWORK = "localhost";
export const LOCAL_CHAIN_ID = 31337;
/** The deployment's keeper: account 10 of the local node (see src/chain/system.ts). */
export const LOCAL_KEEPER_ACCOUNT = 10;
export const DEFAULT_GRACE_MINUTES = 60;
/** EIP-7825's per-transaction gas cap. */
export const DEFAULT_GAS_CAP = 16_777_216n;
export const DEFAULT_RUN_AT = "00:05,12:00";
export const DEFAULT_RESUBMIT_AFTER_SECONDS = 120;

export function keeperConfig(flags: KeeperFlags, env: NodeJS.ProcessEnv = process.env): KeeperConfig {
  const network = networkName(flags.network);
  const local = network === LOCAL_NETWORK;
  const factory = factoryAddress(flags.factory, local, env);
  const healthPort = optionalEnv("KEEPER_HEALTH_PORT", env);
  return {
    rpcUrls: rpcUrls(network, env),
    chainId: chainId(network, env),
    factory,
    privateKey: local ? optionalEnv("KEEPER_PRIVATE_KEY", env) : requireEnv("KEEPER_PRIVATE_KEY", env),
    unlockedAccount: LOCAL_KEEPER_ACCOUNT,
    stateFile: stateFile(flags.stateFile, network, factory, env),
    fromBlock: fromBlock(flags.fromBlock, env),
    graceSeconds: Number(optionalEnv("KEEPER_GRACE_MINUTES", env) ?? DEFAULT_GRACE_MINUTES) * 60,
    gasCap: BigInt(optionalEnv("KEEPER_GAS_CAP", env) ?? DEFAULT_GAS_CAP),
    runAtMinutesUtc: runAt(optionalEnv("KEEPER_RUN_AT", env) ?? DEFAULT_RUN_AT),
    healthPort: healthPort === undefined ? undefined : Number(healthPort),
    webhookUrl: optionalEnv("KEEPER_ALERT_WEBHOOK", env),
    resubmitAfterSeconds: Number(optionalEnv("KEEPER_RESUBMIT_AFTER_SECONDS", env) ?? DEFAULT_RESUBMIT_AFTER_SECONDS),
    once: flags.once ?? false,
  };
}

function networkName(network = LOCAL_NETWORK): string {
  if (network === "hardhat") {
    // The in-process network ends with the process: there would be nothing to keep.
    throw new UserError(
      "--network hardhat is the in-process network, which ends with the keeper; start a node with " +
        "`npm run node` and use --network localhost, or name your network and set KEEPER_RPC_URLS",
    );
  }
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(network)) {
    throw new UserError(`--network '${network}' is malformed (expected a name of letters, digits, - and _)`);
  }
  return network;
}

function rpcUrls(network: string, env: NodeJS.ProcessEnv): string[] {
  const given = optionalEnv("KEEPER_RPC_URLS", env);
  if (given !== undefined) return given.split(",").map((url) => url.trim());
  if (network === LOCAL_NETWORK) return [optionalEnv("LOCAL_RPC_URL", env) ?? DEFAULT_LOCAL_RPC];
  if (network === "testnet" && optionalEnv("TESTNET_RPC_URL", env)) return [requireEnv("TESTNET_RPC_URL", env)];
  return [requireEnv("KEEPER_RPC_URLS", env)];
}

function chainId(network: string, env: NodeJS.ProcessEnv): number | undefined {
  const given = optionalEnv("KEEPER_CHAIN_ID", env);
  if (given !== undefined) return Number(given);
  if (network === LOCAL_NETWORK) return LOCAL_CHAIN_ID;
  const testnet = network === "testnet" ? optionalEnv("TESTNET_CHAIN_ID", env) : undefined;
  return testnet === undefined ? undefined : Number(testnet);
}

function factoryAddress(flag: string | undefined, local: boolean, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined) {
    if (!isAddress(flag) || /^0x0{40}$/i.test(flag)) {
      throw new UserError(`--factory '${flag}' is malformed (expected an address, 0x + 40 hex digits)`);
    }
    return flag;
  }
  const given = optionalEnv("KEEPER_FACTORY_ADDRESS", env);
  if (given !== undefined || !local) return given ?? requireEnv("KEEPER_FACTORY_ADDRESS", env);
  const dir = path.join(ROOT, "deploy/deployments", `chain-${LOCAL_CHAIN_ID}`);
  const recorded = recordedFactory(dir);
  if (!recorded) {
    throw new UserError(
      `no factory to keep: ${path.relative(process.cwd(), dir) || dir} has no deployment. Deploy to the local node ` +
        "(`npm run deploy:local`), or give --factory or KEEPER_FACTORY_ADDRESS",
    );
  }
  return recorded;
}

function stateFile(flag: string | undefined, network: string, factory: string, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined) {
    if (flag.trim() === "") throw new UserError("--state is empty (expected a file name)");
    return path.resolve(flag);
  }
  const given = optionalEnv("KEEPER_STATE_FILE", env);
  if (given !== undefined) return path.resolve(given);
  return path.join(ROOT, "reports/keeper", `${network}-${factory.toLowerCase()}.json`);
}

function fromBlock(flag: number | undefined, env: NodeJS.ProcessEnv): number {
  if (flag !== undefined) {
    if (!Number.isSafeInteger(flag) || flag < 0) {
      throw new UserError(`--from-block ${flag} is malformed (expected a whole number, 0 or more)`);
    }
    return flag;
  }
  return Number(optionalEnv("KEEPER_FROM_BLOCK", env) ?? 0);
}

/** "00:05,12:00" → [5, 720], sorted, each time once (the format is checked by optionalEnv). */
export function runAt(value: string): number[] {
  const minutes = value.split(",").map((t) => {
    const [h, m] = t.trim().split(":").map(Number);
    return h * 60 + m;
  });
  return [...new Set(minutes)].sort((a, b) => a - b);
}
