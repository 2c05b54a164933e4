/**
 * The treasurer advances money to a household whose fixed costs are short: the token approval and
 * the advance, as two steps of one action. The cap and the need are the vault's to check: an advance
 * that is too high fails on chain and its reason is shown in plain words.
 */
import { useState, type FormEvent } from "react";
import { tokenAt, vaultAt } from "../../chain/contracts";
import { useSession } from "../../chain/session";
import { useFormat } from "../../components/format";
import { SelectField, TextField } from "../../components/PlanEditor";
import { TxStatus } from "../../components/TxStatus";
import { useTexts } from "../../i18n";
import { MUNICIPALITY } from "../../i18n/municipality";
import { buttonClass, focusFirstInvalid, useLoaded } from "../coach/shared";
import { useSingleTx } from "../coach/single-tx";
import { parseAdvance } from "./form";

export function Advance() {
  const t = useTexts(MUNICIPALITY);
  const f = useFormat();
  const { directory, account, reader } = useSession();
  const open = (directory?.households ?? []).filter((h) => !h.snapshot.closed);
  const [chosen, setChosen] = useState(open[0]?.householdId ?? "");
  const [amount, setAmount] = useState("");
  const [tried, setTried] = useState(false);
  const tx = useSingleTx();
  const household = open.find((h) => h.householdId === chosen);
  const decimals = directory?.decimals ?? 6;
  const parsed = parseAdvance(amount, decimals);
  const householdError = household ? undefined : ("householdMissing" as const);
  const amountError = "error" in parsed ? parsed.error : undefined;
  const balance = useLoaded(`${account?.address}:${directory?.block}`, () =>
    tokenAt(directory!.token, reader).balanceOf(account!.address),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (tx.busy || !account || !directory) return;
    setTried(true);
    if (!household || !("units" in parsed)) return focusFirstInvalid("advance-form");
    const token = tokenAt(directory.token, account.signer);
    const vault = vaultAt(household.vault, account.signer);
    const units = parsed.units;
    const ok = await tx.send(
      t.giveAdvanceWhat,
      () => token.approve(household.vault, units),
      () => vault.advance(units),
    );
    if (ok) {
      setAmount("");
      setTried(false);
    }
  };

  return (
    <section aria-labelledby="advance-heading" className="panel">
      <h2 id="advance-heading" className="utrecht-heading-2">
        {t.advanceHeading}
      </h2>
      <p className="utrecht-paragraph">{t.advanceIntro(f.euro(directory?.advanceCap ?? 0n))}</p>
      {open.length === 0 ? (
        <p className="utrecht-paragraph">{t.noOpenHouseholds}</p>
      ) : (
        <form id="advance-form" onSubmit={(e) => void submit(e)} noValidate>
          <SelectField
            id="advance-household"
            label={t.advanceHousehold}
            value={chosen}
            onChange={setChosen}
            placeholder={t.choose}
            options={open.map((h) => ({ value: h.householdId, label: f.short(h.householdId) }))}
            error={tried && householdError ? t.errors[householdError] : undefined}
          />
          {household && (
            <p className="utrecht-paragraph" data-testid="advance-owed">
              {t.advanceOwed(f.euro(household.snapshot.advanceOutstanding))}
            </p>
          )}
          <TextField
            id="advance-amount"
            label={t.advanceAmount}
            value={amount}
            onChange={setAmount}
            inputMode="decimal"
            size={12}
            error={tried && amountError ? t.errors[amountError] : undefined}
          />
          {balance.value !== undefined && (
            <p className="utrecht-paragraph">{t.advanceBalance(f.euro(balance.value))}</p>
          )}
          <button type="submit" className={buttonClass("primary-action", tx.busy)} aria-disabled={tx.busy}>
            {t.giveAdvance}
          </button>
          <TxStatus state={tx.state} />
        </form>
      )}
    </section>
  );
}
