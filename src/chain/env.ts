import fs from "fs";
import path from "path";
import { UserError } from "../core";

/**
 * Every environment variable the project reads. `.env.example` lists the same ones; the demo and
 * the tests need none of them.
 */
export const ENV_VARS = {
  LOCAL_RPC_URL: "JSON-RPC URL of a local node (`npm run node`); default http://127.0.0.1:8545",
  TESTNET_RPC_URL: "JSON-RPC URL of the testnet (e.g. a Sepolia endpoint)",
  TESTNET_CHAIN_ID: "chain id of the testnet (e.g. 11155111 for Sepolia)",
  DEPLOYER_PRIVATE_KEY: "private key of the deploying account on the testnet, 0x + 64 hex digits",
  TOKEN_ADDRESS: "address of the existing euro stablecoin on the testnet (e.g. EURC)",
  ETHERSCAN_API_KEY: "optional: API key for contract verification",
  APP_RPC_URL: "web app build: JSON-RPC URL the browser reads the chain through",
  APP_CHAIN_ID: "web app build: chain id of that network",
  APP_FACTORY_ADDRESS: "web app build: address of the municipality's HouseholdVaultFactory",
  APP_FROM_BLOCK: "web app build: optional, the factory's deployment block (where event searches start)",
  KEEPER_RPC_URLS: "keeper: one or more http(s) JSON-RPC URLs, comma-separated (failover in that order)",
  KEEPER_CHAIN_ID: "keeper: optional, the chain id the RPC URLs must answer with, a whole number",
  KEEPER_FACTORY_ADDRESS: "keeper: address of the municipality's HouseholdVaultFactory, 0x + 40 hex digits",
  KEEPER_FROM_BLOCK: "keeper: optional, the factory's deployment block (where the first scan starts), a whole number",
  KEEPER_PRIVATE_KEY: "keeper: private key of the keeper's account, 0x + 64 hex digits",
  KEEPER_STATE_FILE: "keeper: optional, the file the keeper keeps its position in",
  KEEPER_GRACE_MINUTES:
    "keeper: minutes a due payment may stay unexecuted before an alert, a whole number from 0 to 10080",
  KEEPER_GAS_CAP: "keeper: the network's per-transaction gas cap, a whole number from 5000000 to 1000000000",
  KEEPER_RUN_AT: "keeper: times of day (UTC) to run, HH:MM comma-separated, e.g. 00:05,12:00",
  KEEPER_HEALTH_PORT: "keeper: optional, port of the health and metrics endpoint, a whole number from 0 to 65535",
  KEEPER_ALERT_WEBHOOK: "keeper: optional, an https URL that alerts are POSTed to (http only for localhost)",
  KEEPER_RESUBMIT_AFTER_SECONDS:
    "keeper: seconds before an unmined transaction is sent again, a whole number from 1 to 86400",
} as const;

export type EnvName = keyof typeof ENV_VARS;

const checks: Record<EnvName, (value: string) => boolean> = {
  LOCAL_RPC_URL: isHttpUrl,
  TESTNET_RPC_URL: isHttpUrl,
  TESTNET_CHAIN_ID: (v) => /^[1-9][0-9]{0,15}$/.test(v),
  DEPLOYER_PRIVATE_KEY: (v) => /^0x[0-9a-fA-F]{64}$/.test(v) && !/^0x0{64}$/.test(v),
  TOKEN_ADDRESS: (v) => /^0x[0-9a-fA-F]{40}$/.test(v) && !/^0x0{40}$/.test(v),
  ETHERSCAN_API_KEY: (v) => v.trim().length > 0,
  APP_RPC_URL: isHttpUrl,
  APP_CHAIN_ID: (v) => /^[1-9][0-9]{0,15}$/.test(v),
  APP_FACTORY_ADDRESS: (v) => /^0x[0-9a-fA-F]{40}$/.test(v) && !/^0x0{40}$/.test(v),
  APP_FROM_BLOCK: (v) => /^(0|[1-9][0-9]{0,15})$/.test(v),
  KEEPER_RPC_URLS: (v) => v.split(",").every((url) => isHttpUrl(url.trim())),
  KEEPER_CHAIN_ID: (v) => /^[1-9][0-9]{0,15}$/.test(v),
  KEEPER_FACTORY_ADDRESS: (v) => /^0x[0-9a-fA-F]{40}$/.test(v) && !/^0x0{40}$/.test(v),
  KEEPER_FROM_BLOCK: (v) => /^(0|[1-9][0-9]{0,15})$/.test(v),
  KEEPER_PRIVATE_KEY: (v) => /^0x[0-9a-fA-F]{64}$/.test(v) && !/^0x0{64}$/.test(v),
  KEEPER_STATE_FILE: (v) => v.trim().length > 0 && !v.endsWith("/"),
  KEEPER_GRACE_MINUTES: (v) => inRange(v, 0, 10_080),
  KEEPER_GAS_CAP: (v) => inRange(v, 5_000_000, 1_000_000_000),
  KEEPER_RUN_AT: (v) => v.split(",").every((t) => /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(t.trim())),
  KEEPER_HEALTH_PORT: (v) => inRange(v, 0, 65_535),
  KEEPER_ALERT_WEBHOOK: isWebhookUrl,
  KEEPER_RESUBMIT_AFTER_SECONDS: (v) => inRange(v, 1, 86_400),
};

/** A whole number written plainly (no sign, exponent or leading zero) from min to max. */
function inRange(value: string, min: number, max: number): boolean {
  return /^(0|[1-9][0-9]{0,15})$/.test(value) && Number(value) >= min && Number(value) <= max;
}

/** An alert carries vault addresses and amounts: only over TLS, unless it stays on this machine. */
function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === "https:") return true;
    return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Loads `.env` from the project root if there is one (never required). */
export function loadDotenv(root = path.resolve(__dirname, "../..")): void {
  const file = path.join(root, ".env");
  if (fs.existsSync(file)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("dotenv").config({ path: file, quiet: true });
  }
}

/** The variable's value if it is set and well formed; undefined if unset; throws naming it if malformed. */
export function optionalEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  if (value === undefined || value === "") return undefined;
  if (!checks[name](value)) {
    throw new UserError(`${name} is malformed (expected ${ENV_VARS[name]}); check .env or the environment`);
  }
  return value;
}

/** The variable's value; throws naming it if it is missing or malformed. */
export function requireEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
  const value = optionalEnv(name, env);
  if (value === undefined) {
    throw new UserError(`${name} is missing: set ${ENV_VARS[name]} in .env (see .env.example)`);
  }
  return value;
}

/** True if the variable is set and well formed, without throwing (for hardhat.config.ts). */
export function validEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value !== undefined && value !== "" && checks[name](value) ? value : undefined;
}

/** Checks everything a network needs before Hardhat is loaded, so a bad value is named, not a stack trace. */
export function checkNetworkEnv(network: string, env: NodeJS.ProcessEnv = process.env): void {
  if (network === "localhost") optionalEnv("LOCAL_RPC_URL", env);
  if (network === "testnet") {
    requireEnv("TESTNET_RPC_URL", env);
    requireEnv("DEPLOYER_PRIVATE_KEY", env);
    requireEnv("TOKEN_ADDRESS", env);
    optionalEnv("TESTNET_CHAIN_ID", env);
    optionalEnv("ETHERSCAN_API_KEY", env);
  }
}
