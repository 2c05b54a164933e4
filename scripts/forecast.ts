/**
 * The household forecast (`npm run forecast`): reads a vault on a chain and projects it with the
 * household's income calendar. See README.md, "Forecast".
 *
 *   npm run forecast -- --vault 0x… --income scenarios/family-income.json --network localhost
 *   npm run forecast -- --factory 0x… --income calendars/ --network localhost   (households at risk)
 */
import { JsonRpcProvider, type Provider } from "ethers";
import { checkNetworkEnv, loadDotenv } from "../src/chain/env";
import { runMain, UserError } from "../src/core";
import { parseForecastArgs, runForecast } from "../src/forecast/command";

runMain(async () => {
  const options = parseForecastArgs(process.argv.slice(2));
  if (!options) return;
  loadDotenv();
  checkNetworkEnv(options.network);
  process.env.HARDHAT_NETWORK = options.network;
  try {
    console.log(await runForecast(options, providerFor(options.network)));
  } catch (error) {
    if (!(error instanceof UserError) || options.network !== "hardhat" || !/no contract/.test(error.message))
      throw error;
    throw new UserError(
      `${error.message}: the in-process network starts empty in every process; start a node (npm run node), ` +
        "create vaults there (npm run demo:local) and add --network localhost",
    );
  }
});

/** In-process: Hardhat's own provider. A node or testnet: a JSON-RPC provider that batches reads. */
function providerFor(network: string): Provider {
  // Hardhat is loaded only now: the network must be chosen first, and bad input reported before.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  if (network === "hardhat") return hre.ethers.provider;
  const url = (hre.network.config as { url?: string }).url;
  return new JsonRpcProvider(url, undefined, { batchMaxCount: 100, staticNetwork: true });
}
