/**
 * The forecast's warning for one household: the project's own forecast (src/forecast) run on the
 * vault's state as the directory read it, with an income calendar that expects the income of the
 * past month again on the same days (src/forecast/history-calendar.ts). No coach's calendar is
 * needed, and nothing personal is read: only the vault's IncomeReceived events.
 */
import { useEffect, useState } from "react";
import type { Provider } from "ethers";
import { DAY, Money } from "../../../src/core";
import { addMonths, forecastHousehold } from "../../../src/forecast/forecast";
import { HISTORY_DAYS, historyCalendar, type ReceivedIncome } from "../../../src/forecast/history-calendar";
import type { Failure } from "../../../src/forecast/project";
import { vaultAt, type Household } from "./contracts";
import { useSession } from "./session";

export interface ForecastAlert {
  /** 00:00 UTC of the day it goes wrong. */
  at: number;
  kind: "payment-short" | "week-short";
  /** The bucket's category (payment-short). */
  category?: number;
  missing: bigint;
}

/** undefined while it is computed; null when the forecast sees no problem. */
export type ForecastAlertState = ForecastAlert | null | undefined;

/** How far ahead the warning looks. */
export const FORECAST_MONTHS = 2;
const OPTIONS = { months: FORECAST_MONTHS, samples: 0, seed: 1, recommend: false };

/**
 * The income the vault received in the HISTORY_DAYS before the household was read, with each
 * deposit's block time. Blocks are read newest first and only until one is older than that.
 */
export async function receivedIncome(
  reader: Provider,
  household: Household,
  fromBlock: number,
): Promise<ReceivedIncome[]> {
  const vault = vaultAt(household.vault, reader);
  const { blockNumber, timestamp } = household.snapshot;
  const logs = await vault.queryFilter(vault.filters.IncomeReceived(), fromBlock, blockNumber);
  const since = timestamp - HISTORY_DAYS * DAY;
  const times = new Map<number, number>();
  for (const n of [...new Set(logs.map((l) => l.blockNumber))].sort((a, b) => b - a)) {
    const block = await reader.getBlock(n);
    if (!block) throw new Error(`the node returned no block ${n}`);
    times.set(n, block.timestamp);
    if (block.timestamp < since) break;
  }
  return logs
    .map((l) => ({ source: Number(l.args.source), amount: l.args.amount, time: times.get(l.blockNumber) ?? 0 }))
    .filter((r) => r.time >= since);
}

/** The first thing the forecast sees go wrong, or null. */
export function forecastAlert(
  household: Household,
  received: ReceivedIncome[],
  advanceCap: bigint,
  decimals: number,
): ForecastAlert | null {
  const { snapshot } = household;
  const until = addMonths(snapshot.timestamp - (snapshot.timestamp % DAY), FORECAST_MONTHS);
  const calendar = historyCalendar(received, decimals, until);
  const forecast = forecastHousehold(snapshot, advanceCap, calendar, new Money(decimals), OPTIONS);
  const failure = forecast.projection.firstFailure;
  return failure ? alertOf(failure, household) : null;
}

function alertOf(failure: Failure, household: Household): ForecastAlert {
  const at = failure.at - (failure.at % DAY);
  if (failure.kind === "week-short") return { at, kind: failure.kind, missing: failure.missing };
  const category = household.snapshot.buckets[failure.index]?.category;
  return { at, kind: failure.kind, category, missing: failure.missing };
}

export interface ForecastState {
  alert: ForecastAlertState;
  /** The forecast could not be made (the node could not be read). */
  failed: boolean;
}

/** The warning, computed again whenever the household is read again. */
export function useForecast(household: Household): ForecastState {
  const { reader, config, directory } = useSession();
  const [state, setState] = useState<ForecastState>({ alert: undefined, failed: false });
  const advanceCap = directory?.advanceCap ?? 0n;
  const decimals = directory?.decimals ?? 6;
  useEffect(() => {
    let live = true;
    setState({ alert: undefined, failed: false });
    receivedIncome(reader, household, config.fromBlock)
      .then((received) => forecastAlert(household, received, advanceCap, decimals))
      .then((alert) => live && setState({ alert, failed: false }))
      .catch((error: unknown) => {
        console.warn("forecast failed", error);
        if (live) setState({ alert: null, failed: true });
      });
    return () => {
      live = false;
    };
    // The household object is new after every read; its vault and block say whether it changed.
  }, [reader, config.fromBlock, household.vault, household.snapshot.blockNumber, advanceCap, decimals]);
  return state;
}

export function useForecastAlert(household: Household): ForecastAlertState {
  return useForecast(household).alert;
}
