/** A problem with what the user gave us (arguments, files, environment): shown without a stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** The scenario ran but broke one of its promises (rent late with money there, money not conserved...). */
export class ScenarioFailure extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
    readonly reportPath?: string,
  ) {
    super(message);
    this.name = "ScenarioFailure";
  }
}

/**
 * Runs a command-line entry point: known errors print one clear message and exit 1, never a stack
 * trace (set DEBUG=1 to see one). Unexpected errors print their message and exit 2.
 */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (process.env.DEBUG) console.error(error);
      if (error instanceof UserError) {
        console.error(`error: ${error.message}`);
        process.exit(1);
      }
      if (error instanceof ScenarioFailure) {
        console.error(`\nSCENARIO FAILED: ${error.problems.length} problem(s)`);
        for (const problem of error.problems) console.error(`  - ${problem}`);
        if (error.reportPath) console.error(`The report is still written: ${error.reportPath}`);
        process.exit(1);
      }
      const message = error instanceof Error ? error.message : String(error);
      console.error(`error: ${message}`);
      console.error("(unexpected; run with DEBUG=1 for the stack trace)");
      process.exit(2);
    },
  );
}
