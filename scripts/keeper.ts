/**
 * The keeper: calls settle() and release() for every vault of the municipality's factory when they
 * have work, in gas-sized batches.
 *
 *   npm run keeper                                   the local node (`npm run node`, `npm run deploy:local`)
 *   npm run keeper -- --network testnet              a long-lived service, configured in .env (KEEPER_*)
 *   npm run keeper -- --network testnet --once       one run, for a system timer
 *
 * See docs/operations.md for running it in production.
 */
import { Option } from "commander";
import { cliProgram, parseCommandLine, wholeNumber } from "../src/cli";
import { loadDotenv } from "../src/chain/env";
import { runMain, UserError } from "../src/core";
import { jsonLogger, toJsonLine } from "../src/keeper/log";
import { keeperConfig } from "../src/keeper/config";
import { openKeeper, runGuarded, runService } from "../src/keeper/service";

interface KeeperOptions {
  network: string;
  factory?: string;
  once?: boolean;
  state?: string;
  fromBlock?: number;
}

const program = cliProgram(
  "npm run keeper --",
  "Keeps the factory's vaults: pays what is due on its due day, in gas-sized batches. Configuration: " +
    "flags and the KEEPER_* variables of .env (see .env.example).",
)
  .addOption(
    new Option(
      "--network <name>",
      "the network: localhost (the local node, no .env needed), testnet, or any name",
    ).default("localhost"),
  )
  .option(
    "--factory <address>",
    "the HouseholdVaultFactory (default KEEPER_FACTORY_ADDRESS; localhost: the recorded deployment)",
  )
  .option("--once", "run once, print the run's report as one JSON line on stdout (logs go to stderr), and exit")
  .option("--state <file>", "where the keeper keeps its position (default KEEPER_STATE_FILE, else reports/keeper/)")
  .addOption(
    new Option(
      "--from-block <n>",
      "the first block to scan for vaults when there is no state yet (default KEEPER_FROM_BLOCK, else 0)",
    ).argParser(wholeNumber(0, Number.MAX_SAFE_INTEGER)),
  )
  .addHelpText(
    "after",
    "\nExit status: 0 when the keeper ran (alerts about vaults, such as a failed vault or an overdue payment,\n" +
      "are log lines and webhook posts, not a failed run); 1 when it could not run at all (bad configuration,\n" +
      "no node answering, a run that failed; 2 for an unexpected error). Without --once it runs until SIGINT or\n" +
      "SIGTERM, and a failed run is logged and alerted, never the end of the service.",
  );

runMain(async () => {
  const options = parseCommandLine<KeeperOptions>(program, process.argv.slice(2));
  if (!options) return;
  loadDotenv();
  const config = keeperConfig({
    network: options.network,
    factory: options.factory,
    once: options.once,
    stateFile: options.state,
    fromBlock: options.fromBlock,
  });
  // With --once, stdout carries only the report; the log lines go to stderr.
  const log = config.once ? jsonLogger((line) => process.stderr.write(line + "\n")) : jsonLogger();
  const keeper = await openKeeper(config, { log });
  try {
    if (config.once) {
      const report = await runGuarded(keeper);
      if (!report) throw new UserError("the keeper run failed (see the run.failed log line)");
      process.stdout.write(toJsonLine(report as unknown as Record<string, unknown>) + "\n");
      return;
    }
    await runService(keeper, { signal: stopSignal(log) });
  } finally {
    await keeper.close();
  }
});

/** Aborted by the first SIGINT or SIGTERM (the run in progress finishes); a second one exits at once. */
function stopSignal(log: ReturnType<typeof jsonLogger>): AbortSignal {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    log.log("info", "service.stopping", { signal });
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return controller.signal;
}
