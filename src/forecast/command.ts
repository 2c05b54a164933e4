/**
 * `npm run forecast`: the command line of the forecast, as a function so that tests can run it on
 * the in-process network (scripts/forecast.ts gives it a provider for --network).
 */
import { Option } from "commander";
import { isAddress, type Provider } from "ethers";
import { cliProgram, parseCommandLine, startProgress, wholeNumber, type Progress } from "../cli";
import { isoDate, UserError } from "../core";
import { loadIncomeCalendar } from "./calendar-file";
import { DEFAULT_FORECAST } from "./forecast";
import { forecastText } from "./format";
import { forecastJson } from "./json";
import { calendarDirectory, forecastVault, scanFactory, type FactoryScan } from "./on-chain";

export interface ForecastCommandOptions {
  vault?: string;
  factory?: string;
  income: string;
  months: number;
  days: number;
  samples: number;
  seed: number;
  block?: number;
  network: string;
  json?: boolean;
}

export function forecastProgram() {
  return cliProgram("npm run forecast --", "Forecasts a household's vault from its income calendar.")
    .option("--vault <address>", "the household's vault")
    .option("--factory <address>", "every household of this factory: those at risk in the next --days")
    .requiredOption("--income <file>", "income calendar file (with --factory: a directory of <householdId>.json)")
    .option("--months <count>", "months ahead (1 to 24)", wholeNumber(1, 24), DEFAULT_FORECAST.months)
    .option("--days <count>", "with --factory: the window for the at-risk list (1 to 366)", wholeNumber(1, 366), 30)
    .option("--samples <count>", "sampled outcomes of the delays for the 95th percentile", wholeNumber(0, 10_000), 100)
    .option("--seed <number>", "seed of the sampling", wholeNumber(0, 2 ** 31 - 1), DEFAULT_FORECAST.seed)
    .option("--block <number>", "read the vault as of this block (default: the latest)", wholeNumber(0, 2 ** 48))
    .addOption(new Option("--network <name>", "a network of hardhat.config.ts").default("hardhat"))
    .option("--json", "print JSON instead of text");
}

/** Parses `argv`; undefined after --help. Throws a UserError on bad input. */
export function parseForecastArgs(argv: readonly string[]): ForecastCommandOptions | undefined {
  const o = parseCommandLine<ForecastCommandOptions>(forecastProgram(), argv);
  if (!o) return undefined;
  if (!o.vault === !o.factory) throw new UserError("give either --vault <address> or --factory <address> (try --help)");
  for (const [name, value] of [
    ["--vault", o.vault],
    ["--factory", o.factory],
  ] as const) {
    if (value !== undefined && !isAddress(value)) throw new UserError(`${name} must be an address (got "${value}")`);
  }
  return o;
}

/** Runs a parsed forecast command against `provider` and returns what it prints. */
export async function runForecast(o: ForecastCommandOptions, provider: Provider): Promise<string> {
  if (o.factory) return factoryReport(await scanFactoryWithProgress(o, provider), o);
  const calendar = loadIncomeCalendar(o.income);
  const options = { ...DEFAULT_FORECAST, months: o.months, samples: o.samples, seed: o.seed };
  const { forecast, money } = await forecastVault(provider, o.vault!, calendar, options, o.block);
  return o.json ? JSON.stringify(forecastJson(forecast, money), null, 2) : forecastText(forecast, money);
}

async function scanFactoryWithProgress(o: ForecastCommandOptions, provider: Provider): Promise<FactoryScan> {
  let bar: Progress | undefined;
  const onProgress = (done: number, total: number) => {
    bar ??= startProgress(total, { label: "forecasting households" });
    bar.update(done);
  };
  try {
    return await scanFactory(
      provider,
      o.factory!,
      calendarDirectory(o.income),
      o.days,
      o.json ? undefined : onProgress,
    );
  } finally {
    bar?.stop();
  }
}

function factoryReport(scan: FactoryScan, o: ForecastCommandOptions): string {
  const eur = (x: bigint) => scan.money.eur(x);
  const rows = scan.atRisk.map((r) => ({
    householdId: r.householdId,
    date: isoDate(r.failure.at),
    kind: r.failure.kind,
    missing: o.json ? scan.money.exact(r.failure.missing) : eur(r.failure.missing),
    noCalendar: r.noCalendar,
  }));
  if (o.json) {
    return JSON.stringify(
      {
        format: "huishoudboekje-at-risk/1",
        block: scan.block,
        days: o.days,
        households: scan.households,
        withoutCalendar: scan.withoutCalendar,
        atRisk: rows,
      },
      null,
      2,
    );
  }
  return [
    `${scan.households} household(s) forecast at block ${scan.block}; ${rows.length} at risk in the next ${o.days} days` +
      (scan.withoutCalendar > 0 ? ` (${scan.withoutCalendar} without a calendar file: forecast with no income)` : ""),
    ...rows.map(
      (r) =>
        `  ${r.date}  ${r.householdId}  ${r.kind.padEnd(13)} short ${r.missing}${r.noCalendar ? "  (no calendar)" : ""}`,
    ),
  ].join("\n");
}
