/**
 * The registrar creates a household's vault: a random id made here in the browser (the link to the
 * person stays in the municipality's own records, never on chain), the resident's address, a coach
 * and the first plan. The creditors are checked against the register before anything is sent.
 */
import { useState } from "react";
import { hexlify } from "ethers";
import { factoryAt } from "../../chain/contracts";
import { planToChain } from "../../chain/plan";
import { emptyPlanForm, errorCount, parsePlanForm, type PlanFormInput } from "../../chain/plan-form";
import { useSession } from "../../chain/session";
import { useTx } from "../../chain/tx";
import { useFormat } from "../../components/format";
import { PlanEditor, SelectField, TextField } from "../../components/PlanEditor";
import { TxStatus } from "../../components/TxStatus";
import { useTexts } from "../../i18n";
import { MUNICIPALITY, type MunicipalityError } from "../../i18n/municipality";
import { buttonClass, focusFirstInvalid, useSendPlan } from "../coach/shared";
import { useOneAtATime } from "../coach/single-tx";
import { residentError } from "./form";

/** 32 random bytes from the browser's cryptographic generator. */
export const newHouseholdId = () => hexlify(crypto.getRandomValues(new Uint8Array(32)));

interface Created {
  householdId: string;
  vault: string;
}

export function CreateVault() {
  const t = useTexts(MUNICIPALITY);
  const [householdId, setHouseholdId] = useState(newHouseholdId);
  const [created, setCreated] = useState<Created>();
  return (
    <section aria-labelledby="create-heading" className="panel">
      <h2 id="create-heading" className="utrecht-heading-2">
        {t.createHeading}
      </h2>
      <div className="utrecht-form-field utrecht-form-field--distanced">
        <p className="utrecht-paragraph">
          <strong>{t.householdId}: </strong>
          <code className="utrecht-code" data-testid="new-household-id">
            {householdId}
          </code>
        </p>
        <p className="utrecht-paragraph" id="household-id-note">
          {t.idNote}
        </p>
        <button
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          onClick={() => setHouseholdId(newHouseholdId())}
        >
          {t.newId}
        </button>
      </div>
      <CreateForm
        householdId={householdId}
        onCreated={(c) => {
          setCreated(c);
          setHouseholdId(newHouseholdId());
        }}
      />
      {created && (
        <div className="utrecht-alert utrecht-alert--ok" data-testid="vault-created">
          <p className="utrecht-paragraph">{t.created}</p>
          <dl className="utrecht-data-list">
            <div className="utrecht-data-list__item">
              <dt className="utrecht-data-list__item-key">{t.createdId}</dt>
              <dd className="utrecht-data-list__item-value">
                <code className="utrecht-code">{created.householdId}</code>
              </dd>
            </div>
            <div className="utrecht-data-list__item">
              <dt className="utrecht-data-list__item-key">{t.createdVault}</dt>
              <dd className="utrecht-data-list__item-value">
                <code className="utrecht-code">{created.vault}</code>
              </dd>
            </div>
          </dl>
        </div>
      )}
    </section>
  );
}

function CreateForm({ householdId, onCreated }: { householdId: string; onCreated(c: Created): void }) {
  const t = useTexts(MUNICIPALITY);
  const { config, reader, directory, account } = useSession();
  const [resident, setResident] = useState("");
  const [coach, setCoach] = useState("");
  const [plan, setPlan] = useState<PlanFormInput>(emptyPlanForm);
  const [tried, setTried] = useState(false);
  const [summary, setSummary] = useState<number>();
  const tx = useTx();
  const { checking, send } = useSendPlan(tx);
  // The whole submit, up to reading the new vault's address, is one action: a second press is dropped.
  const { run, running: busy } = useOneAtATime();
  const parsed = parsePlanForm(plan, directory?.decimals ?? 6);
  const errors: PartyErrors = {
    resident: residentError(resident, directory?.registers.coaches ?? []),
    coach: coach === "" ? "coachMissing" : undefined,
  };

  const submit = async () => {
    if (!account) return;
    setTried(true);
    const problems = (errors.resident ? 1 : 0) + (errors.coach ? 1 : 0) + (parsed.ok ? 0 : errorCount(parsed.errors));
    if (problems > 0 || !parsed.ok) {
      setSummary(problems);
      tx.reset();
      return focusFirstInvalid("create-form");
    }
    setSummary(undefined);
    const factory = factoryAt(config, account.signer);
    const chainPlan = planToChain(parsed.plan);
    const ok = await send(t.createWhat, parsed.plan, () =>
      factory.createVault(householdId, resident.trim(), coach, chainPlan),
    );
    if (!ok) return;
    onCreated({ householdId, vault: await factoryAt(config, reader).vaultAddress(householdId) });
    setResident("");
    setPlan(emptyPlanForm());
    setTried(false);
  };

  return (
    <form
      id="create-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(submit);
      }}
      noValidate
    >
      {summary !== undefined && (
        <div className="utrecht-alert utrecht-alert--error" role="alert">
          <p className="utrecht-paragraph">{t.summary(summary)}</p>
        </div>
      )}
      <PartyFields
        resident={resident}
        setResident={setResident}
        coach={coach}
        setCoach={setCoach}
        errors={tried ? errors : {}}
      />
      <PlanEditor
        id="new-plan"
        value={plan}
        onChange={setPlan}
        errors={tried && !parsed.ok ? parsed.errors : undefined}
      />
      <div className="button-row">
        <button type="submit" className={buttonClass("primary-action", busy)} aria-disabled={busy}>
          {t.create}
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

interface PartyErrors {
  resident?: MunicipalityError;
  coach?: MunicipalityError;
}

/** Who: the resident's address and the coach. */
function PartyFields(props: {
  resident: string;
  setResident(v: string): void;
  coach: string;
  setCoach(v: string): void;
  errors: PartyErrors;
}) {
  const t = useTexts(MUNICIPALITY);
  const f = useFormat();
  const coaches = useSession().directory?.registers.coaches ?? [];
  const { errors } = props;
  return (
    <>
      <TextField
        id="new-resident"
        label={t.resident}
        hint={t.residentHint}
        value={props.resident}
        onChange={props.setResident}
        size={44}
        error={errors.resident && t.errors[errors.resident]}
      />
      {coaches.length === 0 && <p className="utrecht-paragraph">{t.noCoaches}</p>}
      <SelectField
        id="new-coach"
        label={t.coach}
        value={props.coach}
        onChange={props.setCoach}
        placeholder={t.choose}
        options={coaches.map((c) => ({ value: c, label: f.short(c) }))}
        error={errors.coach && t.errors[errors.coach]}
      />
    </>
  );
}
