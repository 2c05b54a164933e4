/** STUB (helper A replaces it, keeping the props): the forecast's warning in plain words. */
import type { ForecastAlertState } from "../chain/forecast";

export function ForecastWarning({ alert }: { alert: ForecastAlertState; compact?: boolean }) {
  return alert ? <p className="utrecht-paragraph">{String(alert.at)}</p> : null;
}
