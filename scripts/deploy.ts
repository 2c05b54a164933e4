/**
 * Deploys the token (local networks), the vault implementation and the factory with the Ignition
 * modules in deploy/, and registers the payers, creditors, coach and treasurer.
 *
 *   npm run deploy:hardhat                 in-process Hardhat network (nothing is recorded)
 *   npm run deploy:local                   a node started with `npm run node`
 *   npm run deploy:testnet                 the testnet in .env, on the token at TOKEN_ADDRESS
 *   ... -- --reset                         forget the recorded deployment and deploy again
 */
import { parseArgs, usage, OptionSpec } from "../src/cli";
import { checkNetworkEnv, loadDotenv } from "../src/chain/env";
import { runMain, UserError } from "../src/core";

const OPTIONS: Record<string, OptionSpec> = {
  network: { value: true, help: "hardhat (default), localhost or testnet" },
  "deployment-id": { value: true, help: "Ignition deployment id (default chain-<chainId>)" },
  reset: { value: false, help: "drop the recorded deployment and deploy again" },
  yes: { value: false, help: "do not ask before deploying to a testnet" },
  help: { value: false, help: "show this help" },
};

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), OPTIONS);
  if (args.help) {
    console.log(usage("npm run deploy:<network> --", OPTIONS));
    return;
  }
  const network = (args.network as string | undefined) ?? process.env.HARDHAT_NETWORK ?? "hardhat";
  if (!["hardhat", "localhost", "testnet"].includes(network)) {
    throw new UserError(`unknown network "${network}" (use hardhat, localhost or testnet)`);
  }
  loadDotenv();
  checkNetworkEnv(network);
  if (network === "testnet" && !args.yes) {
    throw new UserError("deploying to a testnet spends real test ETH: add --yes to confirm");
  }
  process.env.HARDHAT_NETWORK = network;
  // Loaded only now, so that a bad variable is reported above and the network is the chosen one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  await hre.run("compile", { quiet: true });
  const { deploySystem } = await import("../src/chain/deployment");
  const d = await deploySystem(hre, {
    deploymentId: args["deployment-id"] as string | undefined,
    reset: Boolean(args.reset),
  });
  console.log(`Network        ${d.network} (chain ${d.chainId})`);
  console.log(`Module         ${d.moduleId}`);
  console.log(`Deployment     ${d.deploymentDir ? d.deploymentId : "(in-process, not recorded)"}`);
  console.log(`Status         ${d.reused ? "reused the recorded deployment, nothing sent" : "deployed"}`);
  console.log(`EuroToken      ${d.addresses.token}`);
  console.log(`Implementation ${d.addresses.implementation}`);
  console.log(`Factory        ${d.addresses.factory}`);
});
