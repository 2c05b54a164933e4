/**
 * The coach's screen: the households they coach (state and forecast), a form to propose a new plan
 * (the resident decides), and the proposals still waiting for a resident.
 */
import type { Household } from "../chain/contracts";
import { useTexts } from "../i18n";
import { COACH } from "../i18n/coach";
import { forecastKey, HouseholdTable } from "./coach/HouseholdTable";
import { pendingKey, PendingProposals } from "./coach/PendingProposals";
import { PLAN_KEY, ProposeForm } from "./coach/ProposeForm";
import { useBusyParts } from "./coach/shared";
import { hasPendingProposal } from "./coach/status";

export function CoachView({ households, canPropose }: { households: Household[]; canPropose: boolean }) {
  const t = useTexts(COACH);
  const open = households.filter((h) => !h.snapshot.closed);
  const expected = [
    ...open.map(forecastKey),
    ...households.filter(hasPendingProposal).map(pendingKey),
    ...(canPropose && open.length > 0 ? [PLAN_KEY] : []),
  ];
  const { busy, report } = useBusyParts(expected);
  return (
    <section data-view="coach" aria-busy={busy} aria-labelledby="coach-heading">
      <h1 id="coach-heading" className="utrecht-heading-1">
        {t.heading}
      </h1>
      <p className="utrecht-paragraph">{canPropose ? t.intro : t.introNoPropose}</p>
      <HouseholdTable households={households} report={report} />
      {canPropose ? (
        <ProposeForm households={households} report={report} />
      ) : (
        <div className="utrecht-alert utrecht-alert--warning" role="status" data-testid="coach-role-withdrawn">
          <p className="utrecht-paragraph">{t.roleWithdrawn}</p>
        </div>
      )}
      <PendingProposals households={households} report={report} />
    </section>
  );
}
