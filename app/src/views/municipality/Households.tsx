/**
 * Every household of the factory: id, resident, coach, state in words, advance owed; the guardian
 * pauses or resumes a vault from its row.
 */
import type { Household } from "../../chain/contracts";
import { vaultAt } from "../../chain/contracts";
import { useSession } from "../../chain/session";
import { useFormat } from "../../components/format";
import { TxStatus } from "../../components/TxStatus";
import { useTexts } from "../../i18n";
import { MUNICIPALITY } from "../../i18n/municipality";
import { HouseholdId, HouseholdStatus } from "../coach/shared";
import { useSingleTx, type SingleTx } from "../coach/single-tx";
import { RowAction, Th } from "./table";

export function Households({ guardian }: { guardian: boolean }) {
  const t = useTexts(MUNICIPALITY);
  const households = useSession().directory?.households ?? [];
  const tx = useSingleTx();
  return (
    <section aria-labelledby="households-heading" className="panel">
      <h2 id="households-heading" className="utrecht-heading-2">
        {t.householdsHeading}
      </h2>
      {guardian && <p className="utrecht-paragraph">{t.pauseNote}</p>}
      {households.length === 0 ? (
        <p className="utrecht-paragraph">{t.householdsNone}</p>
      ) : (
        <div className="utrecht-table-container table-scroll">
          <table className="utrecht-table utrecht-table--html-table" data-testid="households">
            <caption className="utrecht-table__caption">{t.householdsCaption}</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <Th>{t.colHousehold}</Th>
                <Th>{t.colResident}</Th>
                <Th>{t.colCoach}</Th>
                <Th>{t.colStatus}</Th>
                <Th>{t.colAdvance}</Th>
                {guardian && <Th>{t.colPause}</Th>}
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {households.map((h) => (
                <HouseholdRow key={h.vault} household={h} guardian={guardian} tx={tx} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TxStatus state={tx.state} />
    </section>
  );
}

function HouseholdRow({ household: h, guardian, tx }: { household: Household; guardian: boolean; tx: SingleTx }) {
  const t = useTexts(MUNICIPALITY);
  const f = useFormat();
  const { account } = useSession();
  const id = f.short(h.householdId);
  // Pausing stops all payments, so it asks first; resuming only undoes that and does not.
  const toggle = () => {
    if (tx.busy || !account) return;
    const vault = vaultAt(h.vault, account.signer);
    if (h.snapshot.paused) void tx.send(t.resume, () => vault.unpause());
    else void tx.send(t.pause, () => vault.pause());
  };
  return (
    <tr className="utrecht-table__row" data-household={h.householdId}>
      <th scope="row" className="utrecht-table__header-cell">
        <HouseholdId id={h.householdId} />
      </th>
      <td className="utrecht-table__cell" title={h.resident}>
        {f.short(h.resident)}
      </td>
      <td className="utrecht-table__cell" title={h.coach}>
        {f.short(h.coach)}
      </td>
      <td className="utrecht-table__cell">
        <HouseholdStatus household={h} />
      </td>
      <td className="utrecht-table__cell utrecht-table__cell--numeric-data">{f.euro(h.snapshot.advanceOutstanding)}</td>
      {guardian && (
        <td className="utrecht-table__cell">
          {!h.snapshot.closed && (
            <RowAction
              label={h.snapshot.paused ? t.resume : t.pause}
              who={t.ofHousehold(id)}
              busy={tx.busy}
              confirm={
                h.snapshot.paused ? undefined : { question: t.pauseQuestion(id), yes: t.pauseYes, no: t.pauseNo }
              }
              onConfirm={toggle}
            />
          )}
        </td>
      )}
    </tr>
  );
}
