/**
 * The coach's households: id, state in words and the forecast's warning. One row component per
 * household, because the forecast is a hook (one per row).
 */
import type { Household } from "../../chain/contracts";
import { useForecast } from "../../chain/forecast";
import { ForecastWarning } from "../../components/ForecastWarning";
import { useTexts } from "../../i18n";
import { COACH } from "../../i18n/coach";
import { HouseholdId, HouseholdStatus, useReportBusy } from "./shared";

type Report = (key: string, busy: boolean) => void;

export const forecastKey = (h: Household) => `forecast:${h.vault}`;

export function HouseholdTable({ households, report }: { households: Household[]; report: Report }) {
  const t = useTexts(COACH);
  return (
    <section aria-labelledby="coach-households" className="panel">
      <h2 id="coach-households" className="utrecht-heading-2">
        {t.tableHeading}
      </h2>
      {households.length === 0 ? (
        <p className="utrecht-paragraph">{t.none}</p>
      ) : (
        <div className="utrecht-table-container table-scroll">
          <table className="utrecht-table utrecht-table--html-table" data-testid="coach-households">
            <caption className="utrecht-table__caption">{t.tableCaption}</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  {t.colHousehold}
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  {t.colStatus}
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  {t.colForecast}
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {households.map((h) => (
                <HouseholdRow key={h.vault} household={h} report={report} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function HouseholdRow({ household, report }: { household: Household; report: Report }) {
  const { alert, failed } = useForecast(household);
  const { paused, closed } = household.snapshot;
  // A paused or closed vault pays nothing, so its projection shows no problem: say why there is none.
  useReportBusy(report, forecastKey(household), alert === undefined && !closed && !paused);
  const forecast = <ForecastCell alert={alert} failed={failed} paused={paused} closed={closed} />;
  return (
    <tr className="utrecht-table__row" data-household={household.householdId}>
      <th scope="row" className="utrecht-table__header-cell">
        <HouseholdId id={household.householdId} />
      </th>
      <td className="utrecht-table__cell">
        <HouseholdStatus household={household} />
      </td>
      <td className="utrecht-table__cell">{forecast}</td>
    </tr>
  );
}

function ForecastCell({
  alert,
  failed,
  paused,
  closed,
}: ReturnType<typeof useForecast> & Record<"paused" | "closed", boolean>) {
  const t = useTexts(COACH);
  if (closed) return t.forecastClosed;
  if (paused) return t.forecastPaused;
  if (alert === undefined) return t.forecastBusy;
  if (failed) return t.forecastFailed;
  if (alert === null) return t.forecastFine;
  return <ForecastWarning alert={alert} compact />;
}
