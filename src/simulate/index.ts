/**
 * The population simulation (issue 10): household-years drawn from a population file, each run in
 * a plain bank account, by a budget manager and in the vault (on src/rules), measured per arm, with
 * a sample replayed on the EVM. Read in this order:
 * - types.ts            the shared shapes: a household-year, an arm's result, the report's figures
 * - population-file.ts  the population file; generate.ts draws a household-year from it
 * - creditors.ts        due dates and collection costs, the same in every arm
 * - bank.ts, budget.ts  the two baselines (docs/baseline.md)
 * - vault-world.ts      the vault arm's setting; vault-arm.ts the arm; buffer.ts its buffer target
 * - household-run.ts    one household three ways; household-figures.ts, aggregate.ts its figures
 * - pool.ts, worker.ts  worker threads; simulation.ts a whole run; replay.ts the chain check
 * - report-*.ts, summary.ts  the JSON, HTML and printed reports; command.ts the command line
 */
export * from "./types";
export * from "./population-file";
export * from "./generate";
export * from "./creditors";
export * from "./bank";
export * from "./budget";
export * from "./vault-world";
export * from "./vault-arm";
export * from "./buffer";
export * from "./household-run";
export * from "./household-figures";
export * from "./aggregate";
export * from "./pool";
export * from "./simulation";
export * from "./replay";
export * from "./chain-check";
export * from "./report-json";
export * from "./report-html";
export * from "./summary";
export * from "./command-line";
export * from "./command";
