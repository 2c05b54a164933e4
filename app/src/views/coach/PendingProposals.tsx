/**
 * The coach's proposals that wait for the resident: the plan in force and the proposal side by
 * side, and since when it waits (the block of its PlanProposed event).
 */
import type { Provider } from "ethers";
import { vaultAt, type Household } from "../../chain/contracts";
import type { PlanValue } from "../../chain/plan";
import { currentPlan, proposedPlan } from "../../chain/proposal";
import { useSession } from "../../chain/session";
import { useFormat } from "../../components/format";
import { PlanComparison } from "../../components/PlanComparison";
import { useTexts } from "../../i18n";
import { COACH } from "../../i18n/coach";
import { useLoaded, useReportBusy } from "./shared";
import { hasPendingProposal } from "./status";

type Report = (key: string, busy: boolean) => void;

export const pendingKey = (h: Household) => `pending:${h.vault}`;

export function PendingProposals({ households, report }: { households: Household[]; report: Report }) {
  const t = useTexts(COACH);
  const pending = households.filter(hasPendingProposal);
  return (
    <section aria-labelledby="coach-pending" className="panel">
      <h2 id="coach-pending" className="utrecht-heading-2">
        {t.pendingHeading}
      </h2>
      {pending.length === 0 && <p className="utrecht-paragraph">{t.pendingNone}</p>}
      {pending.map((h) => (
        <PendingProposal key={h.vault} household={h} report={report} />
      ))}
    </section>
  );
}

/** When the pending proposal was made: its event's block time (undefined when not found). */
async function proposedAt(reader: Provider, h: Household, fromBlock: number): Promise<number | undefined> {
  const vault = vaultAt(h.vault, reader);
  const events = await vault.queryFilter(
    vault.filters.PlanProposed(h.pending.nonce),
    fromBlock,
    h.snapshot.blockNumber,
  );
  const event = events.find((e) => e.args.planHash === h.pending.planHash);
  const block = event && (await reader.getBlock(event.blockNumber));
  return block ? block.timestamp : undefined;
}

interface Plans {
  current: PlanValue;
  proposed?: PlanValue;
  since?: number;
}

function PendingProposal({ household, report }: { household: Household; report: Report }) {
  const t = useTexts(COACH);
  const f = useFormat();
  const { reader, config } = useSession();
  const key = `${household.vault}:${household.pending.planHash}:${household.snapshot.blockNumber}`;
  const plans = useLoaded<Plans>(key, async () => {
    const [current, proposed, since] = await Promise.all([
      currentPlan(reader, household),
      proposedPlan(reader, household, config.fromBlock),
      proposedAt(reader, household, config.fromBlock).catch(() => undefined),
    ]);
    return { current, proposed, since };
  });
  useReportBusy(report, pendingKey(household), plans.loading);
  const headingId = `pending-${household.vault}`;
  return (
    <article aria-labelledby={headingId} className="panel" data-pending={household.householdId}>
      <h3 id={headingId} className="utrecht-heading-3">
        {t.pendingFor(f.short(household.householdId))}
      </h3>
      {plans.loading && <p className="utrecht-paragraph">{t.comparisonLoading}</p>}
      {plans.failed && <p className="utrecht-paragraph">{t.comparisonFailed}</p>}
      {plans.value && (
        <>
          <p className="utrecht-paragraph">
            {plans.value.since !== undefined ? t.waitingSince(f.date(plans.value.since)) : t.waiting}
          </p>
          {plans.value.proposed && (
            <PlanComparison current={plans.value.current} proposed={plans.value.proposed} headingLevel={4} />
          )}
        </>
      )}
    </article>
  );
}
