import { Command, CommanderError, InvalidArgumentError, Option, OptionValues } from "commander";
import { UserError } from "../core";

/**
 * A script's command line, built with commander: `cliProgram` makes the program, the script adds
 * its options, `parseCommandLine` reads them. Bad input becomes a UserError (one line, exit 1, no
 * stack trace, printed by runMain) instead of commander printing and exiting by itself, so that a
 * script ends the same way on every error and a test can parse without a child process.
 */
export function cliProgram(name: string, description: string): Command {
  return (
    new Command(name)
      .description(description)
      .helpOption("-h, --help", "show this help")
      .exitOverride()
      // runMain prints the UserError that parseCommandLine throws: commander must not print it too.
      .configureOutput({ outputError: () => undefined })
  );
}

/**
 * Parses `argv` (the arguments after the script: process.argv.slice(2)) and returns the options, or
 * undefined when --help was asked for (the help is written then; the script has nothing else to do).
 * Unknown options, stray arguments, missing or invalid values throw a UserError that names them.
 * Defaults go through the option's parser too (commander checks only given values), so a default
 * read from the environment (HARDHAT_NETWORK) is checked like a given --network.
 */
export function parseCommandLine<T extends OptionValues>(program: Command, argv: readonly string[]): T | undefined {
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return undefined;
    // Commander's "(Did you mean --scenario?)" comes on a line of its own: keep the message one line.
    throw new UserError(`${error.message.replace(/^error: /, "").replace(/\n/g, " ")} (try --help)`);
  }
  for (const option of program.options) checkDefault(program, option);
  return program.opts<T>();
}

function checkDefault(program: Command, option: Option): void {
  const key = option.attributeName();
  const value: unknown = program.getOptionValue(key);
  if (program.getOptionValueSource(key) !== "default" || !option.parseArg || typeof value !== "string") return;
  try {
    program.setOptionValueWithSource(key, option.parseArg(value, undefined), "default");
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    const from = option.defaultValueDescription ? ` (${option.defaultValueDescription})` : "";
    throw new UserError(`option '${option.flags}' default '${value}'${from} is invalid. ${error.message}`);
  }
}

/** An option parser for a whole number from `min` to `max`, such as `--months 3`. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** An option parser that accepts one of `names`; `why` says why only those (shown with the error). */
export function oneOf<T extends string>(names: readonly T[], why?: string): (value: string) => T {
  return (value) => {
    if (names.includes(value as T)) return value as T;
    throw new InvalidArgumentError(`Expected ${listed(names)}${why ? ` (${why})` : ""}.`);
  };
}

/**
 * `--network <name>`, one of `networks`. When absent: HARDHAT_NETWORK when set and not empty (as
 * Hardhat reads it), else "hardhat"; parseCommandLine checks that default against `networks` too.
 */
export function networkOption(networks: readonly string[], help: string, why?: string): Option {
  return new Option("--network <name>", help)
    .argParser(oneOf(networks, why))
    .default(process.env.HARDHAT_NETWORK || "hardhat", "HARDHAT_NETWORK, else hardhat");
}

/** "a, b or c". */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}
