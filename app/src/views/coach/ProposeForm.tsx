/**
 * The coach proposes a plan: choose the household, change its plan in force, send. Before sending,
 * every creditor is checked against the factory's register; a creditor that is not in it stops the
 * proposal with the vault's own sentence, and nothing is sent.
 */
import { useState, type FormEvent } from "react";
import type { Household } from "../../chain/contracts";
import { vaultAt } from "../../chain/contracts";
import { planToChain } from "../../chain/plan";
import { errorCount, parsePlanForm, planToForm, type PlanFormInput } from "../../chain/plan-form";
import { currentPlan } from "../../chain/proposal";
import { useSession } from "../../chain/session";
import { useTx } from "../../chain/tx";
import { useFormat } from "../../components/format";
import { PlanEditor, SelectField } from "../../components/PlanEditor";
import { TxStatus } from "../../components/TxStatus";
import { useLang, useTexts } from "../../i18n";
import { COACH, PLAN_EDITOR } from "../../i18n/coach";
import { buttonClass, focusFirstInvalid, useLoaded, useReportBusy, useSendPlan } from "./shared";

type Report = (key: string, busy: boolean) => void;
export const PLAN_KEY = "plan";

export function ProposeForm({ households, report }: { households: Household[]; report: Report }) {
  const t = useTexts(COACH);
  const f = useFormat();
  const { reader } = useSession();
  const open = households.filter((h) => !h.snapshot.closed);
  const [chosen, setChosen] = useState(open[0]?.householdId ?? "");
  const household = open.find((h) => h.householdId === chosen) ?? open[0];
  const plan = useLoaded(household?.vault ?? "", () =>
    household ? currentPlan(reader, household) : Promise.reject(new Error("no household")),
  );
  useReportBusy(report, PLAN_KEY, household !== undefined && plan.loading);
  return (
    <section aria-labelledby="coach-propose" className="panel">
      <h2 id="coach-propose" className="utrecht-heading-2">
        {t.proposeHeading}
      </h2>
      {!household ? (
        <p className="utrecht-paragraph">{t.noOpenHouseholds}</p>
      ) : (
        <>
          <p className="utrecht-paragraph">{t.proposeIntro}</p>
          <SelectField
            id="coach-household"
            label={t.chooseHousehold}
            value={household.householdId}
            onChange={setChosen}
            options={open.map((h) => ({ value: h.householdId, label: f.short(h.householdId) }))}
          />
          {plan.loading && <p className="utrecht-paragraph">{t.planLoading}</p>}
          {plan.failed && (
            <div className="utrecht-alert utrecht-alert--error" role="alert">
              <p className="utrecht-paragraph">{t.planLoadFailed}</p>
            </div>
          )}
          {plan.value && <ProposalEditor key={household.vault} household={household} initial={plan.value} />}
        </>
      )}
    </section>
  );
}

function ProposalEditor({ household, initial }: { household: Household; initial: Parameters<typeof planToForm>[0] }) {
  const t = useTexts(COACH);
  const pe = useTexts(PLAN_EDITOR);
  const { lang } = useLang();
  const { directory, account } = useSession();
  const decimals = directory?.decimals ?? 6;
  const [input, setInput] = useState<PlanFormInput>(() =>
    planToForm(initial, directory?.registers.creditors ?? [], decimals, lang),
  );
  const [tried, setTried] = useState(false);
  const [summary, setSummary] = useState<number>();
  const tx = useTx();
  const { checking, busy, send } = useSendPlan(tx);
  const parsed = parsePlanForm(input, decimals);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !account) return;
    setTried(true);
    if (!parsed.ok) {
      setSummary(errorCount(parsed.errors));
      tx.reset();
      return focusFirstInvalid("coach-propose-form");
    }
    setSummary(undefined);
    const plan = planToChain(parsed.plan);
    await send(t.sendWhat, parsed.plan, () => vaultAt(household.vault, account.signer).proposePlan(plan));
  };

  return (
    <form id="coach-propose-form" onSubmit={(e) => void submit(e)} noValidate>
      {summary !== undefined && (
        <div className="utrecht-alert utrecht-alert--error" role="alert">
          <p className="utrecht-paragraph">{pe.summary(summary)}</p>
        </div>
      )}
      <PlanEditor
        id="coach-plan"
        value={input}
        onChange={setInput}
        errors={tried && !parsed.ok ? parsed.errors : undefined}
      />
      <div className="button-row">
        {/* Not disabled while busy: the focus stays on the button; a second press is ignored. */}
        <button type="submit" className={buttonClass("primary-action", busy)} aria-disabled={busy}>
          {t.send}
        </button>
      </div>
      {checking && (
        <p className="utrecht-paragraph" role="status">
          {t.checking}
        </p>
      )}
      <TxStatus state={tx.state} />
    </form>
  );
}
