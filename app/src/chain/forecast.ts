/**
 * STUB (helper A replaces the body, keeping the signatures): the forecast's warning for one
 * household, from its vault's state and the income it received lately.
 */
import type { Household } from "./contracts";

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

export function useForecastAlert(household: Household): ForecastAlertState {
  void household;
  return null;
}
