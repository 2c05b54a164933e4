/**
 * The forecast's warning in plain words: what may go wrong, on which date, how much is missing,
 * and what the forecast assumes. `compact` (a coach's list of households) gives the one sentence.
 * Nothing is rendered while the forecast is computed or when it sees no problem.
 */
import type { ForecastAlert, ForecastAlertState } from "../chain/forecast";
import { useTexts } from "../i18n";
import { COMMON } from "../i18n/common";
import { FORECAST } from "../i18n/resident";
import { useFormat } from "./format";

export function ForecastWarning({ alert, compact }: { alert: ForecastAlertState; compact?: boolean }) {
  const t = useTexts(FORECAST);
  const sentence = useAlertSentence();
  if (!alert) return null;
  if (compact) return <p className="utrecht-paragraph forecast-warning--compact">{sentence(alert)}</p>;
  return (
    <div className="utrecht-alert utrecht-alert--warning forecast-warning">
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">
          <p className="utrecht-paragraph">
            <strong>{t.title}</strong>
          </p>
          <p className="utrecht-paragraph">{sentence(alert)}</p>
          <p className="utrecht-paragraph">{t.assumption}</p>
          <p className="utrecht-paragraph">{t.advice}</p>
        </div>
      </div>
    </div>
  );
}

/** "On 5 January 2027 there may be too little money for energy. Then €12.00 is missing." */
function useAlertSentence(): (alert: ForecastAlert) => string {
  const t = useTexts(FORECAST);
  const common = useTexts(COMMON);
  const f = useFormat();
  return (alert) => {
    const date = f.date(alert.at);
    const missing = f.euro(alert.missing);
    if (alert.kind === "week-short") return t.weekShort(date, missing);
    const name = alert.category === undefined ? undefined : common.categories[alert.category];
    return t.paymentShort(date, name ? name.toLowerCase() : t.aFixedCost, missing);
  };
}
