/**
 * The coach's proposal waiting for the resident: the plan now and the proposal side by side, and
 * the resident's answer. The answer's status stays on screen after the proposal is gone (a
 * confirmed answer makes the directory read again, and the proposal is no longer pending).
 */
import { useEffect, useState } from "react";
import { vaultAt, type Household } from "../../chain/contracts";
import type { PlanValue } from "../../chain/plan";
import { planToChain } from "../../chain/plan";
import { currentPlan, hasPendingProposal, proposedPlan } from "../../chain/proposal";
import { useSession } from "../../chain/session";
import { useTx } from "../../chain/tx";
import { PlanComparison } from "../../components/PlanComparison";
import { TxStatus } from "../../components/TxStatus";
import { useTexts } from "../../i18n";
import { RESIDENT } from "../../i18n/resident";
import { Heading, type Level, useFocusOnChange, useLabelledBy } from "./Heading";

export interface Plans {
  current: PlanValue;
  proposed: PlanValue;
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
    Promise.all([currentPlan(reader, household), proposedPlan(reader, household, config.fromBlock)])
      .then(([current, proposed]) => live && setPlans(proposed ? { current, proposed } : null))
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
  const id = proposalAnchor(household);
  const labelledBy = useLabelledBy();
  // Answered: the buttons are gone, focus goes to the heading above the answer's status.
  const focusTarget = useFocusOnChange(hasPendingProposal(household), (before, after) => before && !after);
  if (plans === null && tx.state.status === "idle") return null;
  const vault = () => vaultAt(household.vault, account!.signer);
  const busy = tx.state.status === "pending";
  const accept = (proposed: PlanValue) => {
    if (!busy) void tx.send(t.acceptWhat, () => vault().acceptPlan(planToChain(proposed)));
  };
  const reject = () => {
    if (!busy) void tx.send(t.rejectWhat, () => vault().rejectPlan());
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
        <ProposalBody plans={plans} level={level} accept={() => accept(plans.proposed)} reject={reject} />
      )}
      <TxStatus state={tx.state} />
    </section>
  );
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
