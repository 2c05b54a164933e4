/**
 * The web app against a local node.
 *
 *   npm run node            terminal 1: a local JSON-RPC node
 *   npm run app             terminal 2: deploys the system there (or reuses the recorded deployment),
 *                           creates the demo households once, and serves the app on http://localhost:5173
 *
 *   npm run app -- --port 8080
 *   npm run app -- --setup-only --config-out <file>    deploy and seed only; write config.json (tests)
 */
import fs from "fs";
import path from "path";
import { Option } from "commander";
import { cliProgram, parseCommandLine, wholeNumber } from "../src/cli";
import { loadDotenv, optionalEnv } from "../src/chain/env";
import { runMain, UserError } from "../src/core";
import { DEFAULT_LOCAL_RPC, localConfig } from "../src/webapp/build-config";
import { chainIdAt, finished, startVite } from "../src/webapp/vite";
import { LOCAL_CHAIN_ID } from "../src/webapp/app-config";

interface AppOptions {
  port: number;
  host: string;
  setupOnly?: boolean;
  configOut?: string;
  deploymentId?: string;
}

const program = cliProgram("npm run app --", "Serves the web app against a local node with the demo deployment.")
  .addOption(new Option("--port <port>", "port to serve the app on").default(5173).argParser(wholeNumber(1, 65535)))
  .option("--host <host>", "address to listen on", "localhost")
  .option("--setup-only", "deploy and create the demo households, then stop")
  .option("--config-out <file>", "also write the app's config.json here")
  .option("--deployment-id <id>", "Ignition deployment id to use or record (default chain-31337)");

runMain(async () => {
  const options = parseCommandLine<AppOptions>(program, process.argv.slice(2));
  if (!options) return;
  loadDotenv();
  const rpcUrl = optionalEnv("LOCAL_RPC_URL") ?? DEFAULT_LOCAL_RPC;
  const chainId = await chainIdAt(rpcUrl);
  if (chainId === undefined) {
    throw new UserError(`no node answers at ${rpcUrl}: start one with \`npm run node\` in another terminal`);
  }
  if (chainId !== LOCAL_CHAIN_ID) {
    throw new UserError(`the node at ${rpcUrl} is chain ${chainId}, not a local Hardhat node (${LOCAL_CHAIN_ID})`);
  }
  process.env.HARDHAT_NETWORK = "localhost";
  // Hardhat is loaded only now, with the network chosen.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  await hre.run("compile", { quiet: true });
  const { deploySystem } = await import("../src/chain/deployment");
  const { seedDemoHouseholds } = await import("../src/webapp/demo-households");
  const deployment = await deploySystem(hre, { deploymentId: options.deploymentId });
  const seed = await seedDemoHouseholds(hre, deployment);
  const config = localConfig(rpcUrl, deployment.addresses.factory);
  if (options.configOut) fs.writeFileSync(path.resolve(options.configOut), JSON.stringify(config, null, 2) + "\n");

  console.log(`Node        ${rpcUrl} (chain ${chainId})`);
  console.log(
    `Factory     ${deployment.addresses.factory} (${deployment.reused ? "recorded deployment" : "deployed now"})`,
  );
  console.log(`Households  ${seed.households.length} (${seed.created ? "created now" : "already there"})`);
  for (const h of seed.households) console.log(`  ${h.householdId}  vault ${h.vault}`);
  console.log("Development accounts (pick them in the app):");
  console.log(`  municipality ${seed.accounts.municipality}`);
  console.log(`  coach        ${seed.accounts.coach}`);
  for (const r of seed.accounts.residents) console.log(`  resident     ${r}`);
  if (options.setupOnly) return;

  console.log(`\nThe app: http://${options.host}:${options.port}/  (Ctrl+C stops it)\n`);
  await finished(startVite("dev", { config, port: options.port, host: options.host }), "vite");
});
