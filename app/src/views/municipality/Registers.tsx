/**
 * The factory's registers: payers (with their kind) and creditors. The registrar adds and removes
 * entries; everyone with a municipal role sees them.
 */
import { useState, type FormEvent } from "react";
import { factoryAt } from "../../chain/contracts";
import { useSession } from "../../chain/session";
import { useFormat } from "../../components/format";
import { SelectField, TextField } from "../../components/PlanEditor";
import { TxStatus } from "../../components/TxStatus";
import { useTexts } from "../../i18n";
import { COMMON } from "../../i18n/common";
import { MUNICIPALITY } from "../../i18n/municipality";
import { buttonClass, focusFirstInvalid } from "../coach/shared";
import { useSingleTx, type SingleTx } from "../coach/single-tx";
import { addressError, parseAddress } from "./form";
import { RowAction, Th } from "./table";

const focusId = (id: string) => document.getElementById(id)?.focus();

/** IHouseholdVault.Source values a payer can be registered with: SVB, Toeslagen, W&I, other. */
const PAYER_SOURCES = [1, 2, 3, 4];

export function Registers({ registrar }: { registrar: boolean }) {
  const t = useTexts(MUNICIPALITY);
  return (
    <section aria-labelledby="registers-heading" className="panel">
      <h2 id="registers-heading" className="utrecht-heading-2">
        {t.registersHeading}
      </h2>
      <PayerRegister registrar={registrar} />
      <CreditorRegister registrar={registrar} />
    </section>
  );
}

function useFactory() {
  const { config, account } = useSession();
  return () => {
    if (!account) throw new Error("not logged in");
    return factoryAt(config, account.signer);
  };
}

function PayerRegister({ registrar }: { registrar: boolean }) {
  const t = useTexts(MUNICIPALITY);
  const common = useTexts(COMMON);
  const f = useFormat();
  const payers = useSession().directory?.registers.payers ?? [];
  const tx = useSingleTx();
  const factory = useFactory();
  // The row's button goes with its row: the focus moves on to the form's first field.
  const remove = (address: string) => {
    if (tx.busy) return;
    void tx.send(t.removePayerWhat, () => factory().removePayer(address)).then((ok) => ok && focusId("payer-address"));
  };
  return (
    <div className="panel">
      <h3 className="utrecht-heading-3">{t.payersHeading}</h3>
      {payers.length === 0 ? (
        <p className="utrecht-paragraph">{t.payersNone}</p>
      ) : (
        <div className="utrecht-table-container table-scroll">
          <table className="utrecht-table utrecht-table--html-table" data-testid="payers">
            <caption className="utrecht-table__caption">{t.payersCaption}</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <Th>{t.address}</Th>
                <Th>{t.payerSource}</Th>
                {registrar && <Th>{t.action}</Th>}
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {payers.map((p) => (
                <tr key={p.address} className="utrecht-table__row" data-address={p.address}>
                  <th scope="row" className="utrecht-table__header-cell">
                    <code className="utrecht-code">{p.address}</code>
                  </th>
                  <td className="utrecht-table__cell">{common.sources[p.source]}</td>
                  {registrar && (
                    <td className="utrecht-table__cell">
                      <RowAction
                        label={t.removePayer}
                        who={t.removePayerWho(f.short(p.address))}
                        busy={tx.busy}
                        confirm={{
                          question: t.removePayerQuestion(f.short(p.address)),
                          yes: t.removePayerYes,
                          no: t.removePayerNo,
                        }}
                        onConfirm={() => remove(p.address)}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {registrar && <PayerForm tx={tx} />}
      <TxStatus state={tx.state} />
    </div>
  );
}

function PayerForm({ tx }: { tx: SingleTx }) {
  const t = useTexts(MUNICIPALITY);
  const common = useTexts(COMMON);
  const factory = useFactory();
  const [address, setAddress] = useState("");
  const [source, setSource] = useState("");
  const [tried, setTried] = useState(false);
  const errors = { address: addressError(address), source: source === "" ? ("sourceMissing" as const) : undefined };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (tx.busy) return;
    setTried(true);
    const parsed = parseAddress(address);
    if (!("address" in parsed) || errors.source) return focusFirstInvalid("payer-form");
    const ok = await tx.send(t.registerPayer, () => factory().registerPayer(parsed.address, Number(source)));
    if (ok) {
      setAddress("");
      setSource("");
      setTried(false);
    }
  };
  return (
    <form id="payer-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
        <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {t.newPayer}
        </legend>
        <TextField
          id="payer-address"
          label={t.newPayerAddress}
          hint={t.addressHint}
          value={address}
          onChange={setAddress}
          size={44}
          error={tried && errors.address ? t.errors[errors.address] : undefined}
        />
        <SelectField
          id="payer-source"
          label={t.newPayerSource}
          value={source}
          onChange={setSource}
          placeholder={t.choose}
          options={PAYER_SOURCES.map((s) => ({ value: String(s), label: common.sources[s] }))}
          error={tried && errors.source ? t.errors[errors.source] : undefined}
        />
        <button type="submit" className={buttonClass("primary-action", tx.busy)} aria-disabled={tx.busy}>
          {t.registerPayer}
        </button>
      </fieldset>
    </form>
  );
}

function CreditorRegister({ registrar }: { registrar: boolean }) {
  const t = useTexts(MUNICIPALITY);
  const f = useFormat();
  const creditors = useSession().directory?.registers.creditors ?? [];
  const tx = useSingleTx();
  const factory = useFactory();
  const revoke = (address: string) => {
    if (tx.busy) return;
    void tx
      .send(t.revokeCreditorWhat, () => factory().revokeCreditor(address))
      .then((ok) => ok && focusId("creditor-address"));
  };
  return (
    <div className="panel">
      <h3 className="utrecht-heading-3">{t.creditorsHeading}</h3>
      {creditors.length === 0 ? (
        <p className="utrecht-paragraph">{t.creditorsNone}</p>
      ) : (
        <div className="utrecht-table-container table-scroll">
          <table className="utrecht-table utrecht-table--html-table" data-testid="creditors">
            <caption className="utrecht-table__caption">{t.creditorsCaption}</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <Th>{t.address}</Th>
                {registrar && <Th>{t.action}</Th>}
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {creditors.map((c) => (
                <tr key={c} className="utrecht-table__row" data-address={c}>
                  <th scope="row" className="utrecht-table__header-cell">
                    <code className="utrecht-code">{c}</code>
                  </th>
                  {registrar && (
                    <td className="utrecht-table__cell">
                      <RowAction
                        label={t.revokeCreditor}
                        who={t.revokeCreditorWho(f.short(c))}
                        busy={tx.busy}
                        confirm={{
                          question: t.revokeCreditorQuestion(f.short(c)),
                          yes: t.revokeCreditorYes,
                          no: t.revokeCreditorNo,
                        }}
                        onConfirm={() => revoke(c)}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {registrar && <CreditorForm tx={tx} />}
      <TxStatus state={tx.state} />
    </div>
  );
}

function CreditorForm({ tx }: { tx: SingleTx }) {
  const t = useTexts(MUNICIPALITY);
  const factory = useFactory();
  const [address, setAddress] = useState("");
  const [tried, setTried] = useState(false);
  const error = addressError(address);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (tx.busy) return;
    setTried(true);
    const parsed = parseAddress(address);
    if (!("address" in parsed)) return focusFirstInvalid("creditor-form");
    const ok = await tx.send(t.approveCreditor, () => factory().approveCreditor(parsed.address));
    if (ok) {
      setAddress("");
      setTried(false);
    }
  };
  return (
    <form id="creditor-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
        <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {t.newCreditor}
        </legend>
        <TextField
          id="creditor-address"
          label={t.newCreditorAddress}
          hint={t.addressHint}
          value={address}
          onChange={setAddress}
          size={44}
          error={tried && error ? t.errors[error] : undefined}
        />
        <button type="submit" className={buttonClass("primary-action", tx.busy)} aria-disabled={tx.busy}>
          {t.approveCreditor}
        </button>
      </fieldset>
    </form>
  );
}
