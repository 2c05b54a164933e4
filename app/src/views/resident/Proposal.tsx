/**
 * The coach's proposal waiting for the resident: the plan now and the proposal side by side, and
 * the resident's answer. The answer's status stays on screen after the proposal is gone (a
 * confirmed answer makes the directory read again, and the proposal is no longer pending).
 */
import { useEffect, useRef, useState } from "react";
import { vaultAt, type Household } from "../../chain/contracts";
import type { PlanValue } from "../../chain/plan";
import { planToChain } from "../../chain/plan";
import { currentPlan, hasPendingProposal, proposedPlan } from "../../chain/proposal";
import { explainError } from "../../chain/explain";
import { useSession } from "../../chain/session";
import { useTx, type Tx } from "../../chain/tx";
import { PlanComparison } from "../../components/PlanComparison";
import { TxStatus } from "../../components/TxStatus";
import { useFormat } from "../../components/format";
import { useTexts } from "../../i18n";
import { ERROR_TEXTS } from "../../i18n/errors";
import { RESIDENT } from "../../i18n/resident";
import { Heading, type Level, useFocusOnChange, useLabelledBy } from "./Heading";

export interface Plans {
  current: PlanValue;
  proposed: PlanValue;
  /** Which proposal this is (the vault's pendingPlan() when it was read). */
  pending: Household["pending"];
}

/** undefined while read, null when none waits, "failed" when it could not be read. */
export type PlansState = Plans | null | undefined | "failed";

/** The plan in force and the proposal, read again whenever the household is. */
export function usePlans(household: Household): PlansState {
  const { reader, config } = useSession();
  const [plans, setPlans] = useState<PlansState>(undefined);
  const pending = hasPendingProposal(household);
  useEffect(() => {
    if (!pending) return setPlans(null);
    let live = true;
    setPlans(undefined);
    const { pending: shown } = household;
    Promise.all([currentPlan(reader, household), proposedPlan(reader, household, config.fromBlock)])
      .then(([current, proposed]) => live && setPlans(proposed ? { current, proposed, pending: shown } : null))
      .catch((error: unknown) => {
        console.warn("reading the proposal failed", error);
        if (live) setPlans("failed");
      });
    return () => {
      live = false;
    };
    // The household object is new after every read; its vault, block and proposal say what changed.
  }, [reader, config.fromBlock, household.vault, household.snapshot.blockNumber, household.pending.planHash, pending]);
  return plans;
}

export function proposalAnchor(household: Household): string {
  return `proposal-${household.vault}`;
}

export function Proposal({ household, plans, level }: { household: Household; plans: PlansState; level: Level }) {
  const t = useTexts(RESIDENT);
  const { account } = useSession();
  const tx = useTx();
  const reject = useReject(household.vault, tx);
  const id = proposalAnchor(household);
  const labelledBy = useLabelledBy();
  // Answered: the buttons are gone, focus goes to the heading above the answer's status.
  const focusTarget = useFocusOnChange(hasPendingProposal(household), (before, after) => before && !after);
  if (plans === null && tx.state.status === "idle") return null;
  const busy = tx.state.status === "pending";
  // The vault itself refuses an acceptance of another plan than the one pending (PlanMismatch).
  const accept = (proposed: PlanValue) => {
    if (!busy)
      void tx.send(t.acceptWhat, () => vaultAt(household.vault, account!.signer).acceptPlan(planToChain(proposed)));
  };
  return (
    <section aria-labelledby={labelledBy(id)} className="panel proposal">
      <div ref={focusTarget} tabIndex={-1} className="focus-target">
        <Heading level={level} id={id}>
          {t.proposalHeading}
        </Heading>
      </div>
      {plans === undefined && <p className="utrecht-paragraph">{t.proposalLoading}</p>}
      {plans === "failed" && (
        <div className="utrecht-alert utrecht-alert--error">
          <p className="utrecht-paragraph">{t.proposalFailed}</p>
        </div>
      )}
      {plans && plans !== "failed" && (
        <ProposalBody
          plans={plans}
          level={level}
          accept={() => accept(plans.proposed)}
          reject={() => {
            if (!busy) void reject(plans.pending);
          }}
        />
      )}
      <TxStatus state={tx.state} />
    </section>
  );
}

/**
 * "Niet akkoord". rejectPlan() names no plan: it rejects whatever is pending when it arrives. When
 * the coach replaced the proposal after this page read it, that would reject a proposal the
 * resident never saw. So the pending proposal is read again first, and when it is not the one on
 * screen nothing is sent: the resident reads the vault's own words for this case, and the page
 * reads the chain again to show the new proposal.
 */
function useReject(vault: string, tx: Tx): (shown: Plans["pending"]) => Promise<void> {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  const { account, reader, refresh } = useSession();
  // A ref, not state: a second click before the next render must see the first one's check.
  const checking = useRef(false);
  /** Whether the proposal on screen is still the one pending; if not, says so and reads the chain again. */
  const stillPending = async (shown: Plans["pending"]) => {
    try {
      const pending = await vaultAt(vault, reader).pendingPlan({ blockTag: "latest" });
      if (pending.nonce === shown.nonce && pending.planHash === shown.planHash) return true;
      tx.fail(t.rejectWhat, ERROR_TEXTS[f.lang].custom.HouseholdVaultPlanMismatch([], f));
      void refresh();
    } catch (error) {
      tx.fail(t.rejectWhat, explainError(error, f));
    }
    return false;
  };
  return async (shown) => {
    if (checking.current) return;
    checking.current = true;
    try {
      if (await stillPending(shown)) await tx.send(t.rejectWhat, () => vaultAt(vault, account!.signer).rejectPlan());
    } finally {
      checking.current = false;
    }
  };
}

/** The comparison and the two answers. */
function ProposalBody({
  plans,
  level,
  accept,
  reject,
}: {
  plans: Plans;
  level: Level;
  accept(): void;
  reject(): void;
}) {
  const t = useTexts(RESIDENT);
  return (
    <div className="proposal__body">
      <p className="utrecht-paragraph">{t.proposalIntro}</p>
      <PlanComparison current={plans.current} proposed={plans.proposed} headingLevel={(level + 1) as Level} />
      <div className="button-row">
        <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={accept}>
          {t.accept}
        </button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={reject}>
          {t.reject}
        </button>
      </div>
    </div>
  );
}
