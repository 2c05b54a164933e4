/**
 * The config.json of a static build (`npm run app:build`): from `.env` (APP_RPC_URL,
 * APP_CHAIN_ID, APP_FACTORY_ADDRESS, APP_FROM_BLOCK) for a testnet, or else from the local node's
 * Ignition deployment record.
 */
import fs from "fs";
import path from "path";
import { UserError } from "../core";
import { optionalEnv } from "../chain/env";
import { checkAppConfig, LOCAL_CHAIN_ID, type AppConfig } from "./app-config";
import { ROOT } from "./vite";

export const DEFAULT_LOCAL_RPC = "http://127.0.0.1:8545";

/** The factory's address in an Ignition record (either module's). */
export function recordedFactory(deploymentDir: string): string | undefined {
  const file = path.join(deploymentDir, "deployed_addresses.json");
  if (!fs.existsSync(file)) return undefined;
  const record = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const key = Object.keys(record).find((k) => k.endsWith("#HouseholdVaultFactory"));
  return key ? record[key] : undefined;
}

export function buildConfig(
  env: NodeJS.ProcessEnv = process.env,
  deployments = path.join(ROOT, "deploy/deployments"),
): AppConfig {
  const rpcUrl = optionalEnv("APP_RPC_URL", env);
  const chainId = optionalEnv("APP_CHAIN_ID", env);
  const factory = optionalEnv("APP_FACTORY_ADDRESS", env);
  const fromBlock = Number(optionalEnv("APP_FROM_BLOCK", env) ?? 0);
  const given = [rpcUrl, chainId, factory].filter((v) => v !== undefined).length;
  if (given === 3) {
    return checkAppConfig({
      chainId: Number(chainId),
      networkName: `chain ${chainId}`,
      rpcUrl,
      factory,
      fromBlock,
      devAccounts: false,
    });
  }
  if (given > 0) {
    throw new UserError("set all three of APP_RPC_URL, APP_CHAIN_ID and APP_FACTORY_ADDRESS in .env, or none");
  }
  const dir = path.join(deployments, `chain-${LOCAL_CHAIN_ID}`);
  const recorded = recordedFactory(dir);
  if (!recorded) {
    throw new UserError(
      `no deployment to build for: ${path.relative(process.cwd(), dir)} has no factory. Deploy to a local node ` +
        "(`npm run node`, then `npm run deploy:local`) or set APP_RPC_URL, APP_CHAIN_ID and APP_FACTORY_ADDRESS in .env",
    );
  }
  return localConfig(optionalEnv("LOCAL_RPC_URL", env) ?? DEFAULT_LOCAL_RPC, recorded);
}

/** The config of a local Hardhat node: every block searched, the test accounts offered. */
export function localConfig(rpcUrl: string, factory: string): AppConfig {
  return checkAppConfig({
    chainId: LOCAL_CHAIN_ID,
    networkName: "localhost",
    rpcUrl,
    factory,
    fromBlock: 0,
    devAccounts: true,
  });
}
