/**
 * What the web app needs to know about the chain it serves: one small JSON file, `config.json`,
 * next to the app's index.html. `npm run app` serves it from the local node's deployment record;
 * `npm run app:build` writes it from the deployment record or `.env`. Browser-safe (no Node APIs),
 * so the app checks the file it loads with the same function.
 */
export interface AppConfig {
  /** The chain the factory is on; a wallet on another chain is asked to switch. */
  chainId: number;
  /** A name for people ("localhost", "sepolia"). */
  networkName: string;
  /** JSON-RPC URL the app reads the chain through (wallets sign through their own). */
  rpcUrl: string;
  /** The municipality's HouseholdVaultFactory. */
  factory: string;
  /** The first block to search for the factory's events (its deployment block, or 0). */
  fromBlock: number;
  /** Offer the node's unlocked test accounts (a local development node only). */
  devAccounts: boolean;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Checks a parsed config; throws an Error naming the first bad field. */
export function checkAppConfig(raw: unknown): AppConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error("config.json must hold an object");
  const o = raw as Record<string, unknown>;
  const fail = (field: string, want: string): never => {
    throw new Error(`config.json: ${field} must be ${want} (got ${JSON.stringify(o[field])})`);
  };
  if (!Number.isSafeInteger(o.chainId) || (o.chainId as number) <= 0) fail("chainId", "a positive whole number");
  if (typeof o.networkName !== "string" || o.networkName === "") fail("networkName", "a non-empty string");
  if (typeof o.rpcUrl !== "string" || !/^https?:\/\//.test(o.rpcUrl)) fail("rpcUrl", "an http(s) URL");
  if (typeof o.factory !== "string" || !ADDRESS.test(o.factory)) fail("factory", "an address (0x + 40 hex digits)");
  if (!Number.isSafeInteger(o.fromBlock) || (o.fromBlock as number) < 0) fail("fromBlock", "a block number");
  if (typeof o.devAccounts !== "boolean") fail("devAccounts", "true or false");
  if (o.devAccounts && o.chainId !== LOCAL_CHAIN_ID) fail("devAccounts", `false on any chain but ${LOCAL_CHAIN_ID}`);
  return {
    chainId: o.chainId as number,
    networkName: o.networkName as string,
    rpcUrl: o.rpcUrl as string,
    factory: o.factory as string,
    fromBlock: o.fromBlock as number,
    devAccounts: o.devAccounts as boolean,
  };
}

/** Hardhat's chain id: the only chain on which the app offers the development account picker. */
export const LOCAL_CHAIN_ID = 31337;
