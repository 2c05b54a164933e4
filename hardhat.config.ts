import os from "os";
import path from "path";
import { HardhatUserConfig, subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, TASK_TEST_GET_TEST_FILES } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import "dotenv/config";
import { validEnv } from "./src/chain/env";

// The compiler comes from the npm package `solc` (pinned in package.json): this machine cannot
// download compilers, so Hardhat is pointed at solc-js instead of fetching a native build.
const SOLC_VERSION = "0.8.28";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc");
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version(),
  };
});

// `npm test` runs the files in parallel, and mocha hands them out in this order, each to the next
// free worker. The long files go first, longest first (seconds as measured with two workers), so
// that the short ones fill in at the end and the workers finish together. A file not listed runs
// after these; a stale list costs only balance, never a test.
const LONGEST_TESTS_FIRST = [
  "test/property/vault.property.test.ts", // 55
  "test/property/metamorphic.property.test.ts", // 42
  "test/keeper/month.test.ts", // 38
  "test/keeper/resilience.test.ts", // 38
  "test/simulate/cli.test.ts", // 21
  "test/scenario/node.test.ts", // 19
  "test/scenario/scenario.test.ts", // 15
  "test/simulate/simulation.test.ts", // 12
  "test/scenario/household-year.test.ts", // 11
  "test/scenario/cli.test.ts", // 9
  "test/HouseholdVault.test.ts", // 9
  "test/forecast/accuracy.test.ts", // 9
  "test/holes.test.ts", // 8
  "test/promise.test.ts", // 8
  "test/simulate/replay.test.ts", // 6
];

subtask(TASK_TEST_GET_TEST_FILES, async (args: { testFiles: string[] }, _hre, runSuper) => {
  const files: string[] = await runSuper(args);
  const rank = (file: string) => {
    const i = LONGEST_TESTS_FIRST.indexOf(path.relative(__dirname, file));
    return i === -1 ? LONGEST_TESTS_FIRST.length : i;
  };
  return [...files].sort((a, b) => rank(a) - rank(b));
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
    },
  },
  paths: {
    ignition: "./deploy",
  },
  networks: {
    hardhat: {},
    // A node started with `npm run node` (same test accounts as the in-process network).
    localhost: {
      url: validEnv("LOCAL_RPC_URL") ?? "http://127.0.0.1:8545",
    },
    // Only defined when .env holds a well-formed RPC URL and key; scripts/deploy.ts names a
    // missing or malformed variable before Hardhat is loaded (see .env.example).
    ...(validEnv("TESTNET_RPC_URL") && validEnv("DEPLOYER_PRIVATE_KEY")
      ? {
          testnet: {
            url: validEnv("TESTNET_RPC_URL") as string,
            accounts: [validEnv("DEPLOYER_PRIVATE_KEY") as string],
            ...(validEnv("TESTNET_CHAIN_ID") ? { chainId: Number(validEnv("TESTNET_CHAIN_ID")) } : {}),
          },
        }
      : {}),
  },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "true",
  },
  mocha: {
    timeout: 120_000,
    // For `hardhat test --parallel` (npm test): one worker per core. Mocha's default leaves a core
    // to the main process, but that process only collects the workers' results (one worker on
    // a 2-core machine, no faster than a serial run).
    jobs: os.availableParallelism(),
    // Loaded by each parallel worker (a serial run ignores it): the workers' results may hold bigints.
    require: ["hardhat/register", path.join(__dirname, "test/helpers/parallel-worker.ts")],
  },
};

export default config;
