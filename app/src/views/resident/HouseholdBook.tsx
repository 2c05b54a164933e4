/**
 * One household as its resident sees it: a notice when the vault is paused or closed or a proposal
 * waits, this month's fixed costs, living money, savings, buffer and advance, the forecast, the
 * coach's proposal, and giving notice.
 */
import { useEffect } from "react";
import type { Household } from "../../chain/contracts";
import { useForecast } from "../../chain/forecast";
import { usePaidThisMonth } from "../../chain/payments";
import { hasPendingProposal } from "../../chain/proposal";
import { ForecastWarning } from "../../components/ForecastWarning";
import { useTexts } from "../../i18n";
import { RESIDENT } from "../../i18n/resident";
import { BufferAndAdvance, LivingMoney } from "./Balances";
import { FixedCosts } from "./FixedCosts";
import { Heading, type Level, useLabelledBy } from "./Heading";
import { Notice } from "./Notice";
import { Proposal, proposalAnchor, usePlans } from "./Proposal";
import { Savings } from "./Savings";

export function HouseholdBook({
  household,
  level,
  noticePeriod,
  onBusy,
}: {
  household: Household;
  /** The level of the sections' headings. */
  level: Level;
  noticePeriod?: bigint;
  /** Tells the view whether this household's reads are still under way. */
  onBusy(busy: boolean): void;
}) {
  const forecast = useForecast(household);
  const plans = usePlans(household);
  const paid = usePaidThisMonth(household);
  const busy = forecast.alert === undefined || plans === undefined || paid === undefined;
  useEffect(() => onBusy(busy), [busy, onBusy]);
  // A closed vault pays and holds nothing any more: its notice says so, and the rest would mislead.
  if (household.snapshot.closed) return <TopNotices household={household} />;
  return (
    <>
      <TopNotices household={household} />
      <FixedCosts household={household} level={level} paid={paid} />
      <LivingMoney household={household} level={level} />
      <Savings household={household} level={level} />
      <BufferAndAdvance household={household} level={level} />
      <ForecastSection household={household} level={level} {...forecast} />
      <Proposal household={household} plans={plans} level={level} />
      <Notice household={household} noticePeriod={noticePeriod} level={level} />
    </>
  );
}

function TopNotices({ household }: { household: Household }) {
  const t = useTexts(RESIDENT);
  const s = household.snapshot;
  return (
    <>
      {s.closed && (
        <div className="utrecht-alert utrecht-alert--info vault-notice">
          <p className="utrecht-paragraph">{t.closed}</p>
        </div>
      )}
      {s.paused && !s.closed && (
        <div className="utrecht-alert utrecht-alert--warning vault-notice">
          <p className="utrecht-paragraph">{t.paused}</p>
        </div>
      )}
      {!s.closed && hasPendingProposal(household) && (
        <div className="utrecht-alert utrecht-alert--info vault-notice">
          <p className="utrecht-paragraph">
            {t.proposalWaiting}{" "}
            <a className="utrecht-link" href={`#${proposalAnchor(household)}`}>
              {t.proposalLink}
            </a>
          </p>
        </div>
      )}
    </>
  );
}

function ForecastSection({
  household,
  level,
  alert,
  failed,
}: {
  household: Household;
  level: Level;
} & ReturnType<typeof useForecast>) {
  const t = useTexts(RESIDENT);
  const id = `forecast-${household.vault}`;
  const labelledBy = useLabelledBy();
  return (
    <section aria-labelledby={labelledBy(id)} className="panel">
      <Heading level={level} id={id}>
        {t.forecastHeading}
      </Heading>
      {household.snapshot.paused ? (
        // A paused vault pays nothing: the projection stops, and "no problems" would mislead.
        <p className="utrecht-paragraph">{t.forecastPaused}</p>
      ) : (
        <>
          {alert === undefined && <p className="utrecht-paragraph">{t.forecastBusy}</p>}
          {alert === null && <p className="utrecht-paragraph">{failed ? t.forecastFailed : t.forecastFine}</p>}
          {alert && <ForecastWarning alert={alert} />}
        </>
      )}
    </section>
  );
}
