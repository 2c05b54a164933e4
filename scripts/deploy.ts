/**
 * Deploys the token (local networks), the vault implementation and the factory with the Ignition
 * modules in deploy/, and registers the payers, creditors, coach and treasurer.
 *
 *   npm run deploy:hardhat                 in-process Hardhat network (nothing is recorded)
 *   npm run deploy:local                   a node started with `npm run node`
 *   npm run deploy:testnet                 the testnet in .env, on the token at TOKEN_ADDRESS
 *   ... -- --reset                         forget the recorded deployment and deploy again
 */
import { cliProgram, networkOption, parseCommandLine } from "../src/cli";
import { checkNetworkEnv, loadDotenv } from "../src/chain/env";
import { runMain, UserError } from "../src/core";
import type { Deployment } from "../src/chain/deployment";

interface DeployOptions {
  network: string;
  deploymentId?: string;
  reset?: boolean;
  yes?: boolean;
}

const program = cliProgram("npm run deploy:<network> --", "Deploys the token, the vault and the factory.")
  .addOption(networkOption(["hardhat", "localhost", "testnet"], "hardhat (in-process), localhost or testnet"))
  .option("--deployment-id <id>", "Ignition deployment id (default chain-<chainId>)")
  .option("--reset", "drop the recorded deployment and deploy again")
  .option("--yes", "do not ask before deploying to a testnet");

runMain(async () => {
  const options = parseCommandLine<DeployOptions>(program, process.argv.slice(2));
  if (!options) return;
  loadDotenv();
  checkNetworkEnv(options.network);
  if (options.network === "testnet" && !options.yes) {
    throw new UserError("deploying to a testnet spends real test ETH: add --yes to confirm");
  }
  process.env.HARDHAT_NETWORK = options.network;
  // Loaded only now, so that a bad variable is reported above and the network is the chosen one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  await hre.run("compile", { quiet: true });
  const { deploySystem } = await import("../src/chain/deployment");
  printDeployment(await deploySystem(hre, { deploymentId: options.deploymentId, reset: Boolean(options.reset) }));
});

function printDeployment(d: Deployment): void {
  console.log(`Network        ${d.network} (chain ${d.chainId})`);
  console.log(`Module         ${d.moduleId}`);
  console.log(`Deployment     ${d.deploymentDir ? d.deploymentId : "(in-process, not recorded)"}`);
  console.log(`Status         ${d.reused ? "reused the recorded deployment, nothing sent" : "deployed"}`);
  console.log(`EuroToken      ${d.addresses.token}`);
  console.log(`Implementation ${d.addresses.implementation}`);
  console.log(`Factory        ${d.addresses.factory}`);
}
