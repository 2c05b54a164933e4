/**
 * A transaction's state next to the button that sent it. Pending and confirmed are announced
 * politely to screen readers; a failure is an alert, with the reason in plain words.
 */
import type { TxState } from "../chain/tx";
import { useTexts } from "../i18n";
import { COMMON } from "../i18n/common";

export function TxStatus({ state }: { state: TxState }) {
  const t = useTexts(COMMON);
  return (
    <div aria-live="polite" className="tx-status">
      {state.status === "pending" && (
        <p className="utrecht-paragraph tx-status__pending" role="status" data-tx="pending">
          {t.txPending(state.what)}
        </p>
      )}
      {state.status === "confirmed" && (
        <div className="utrecht-alert utrecht-alert--ok" role="status" data-tx="confirmed">
          <p className="utrecht-paragraph">{t.txConfirmed(state.what)}</p>
        </div>
      )}
      {state.status === "failed" && (
        <div className="utrecht-alert utrecht-alert--error" role="alert" data-tx="failed">
          <p className="utrecht-paragraph">
            <strong>{t.txFailed(state.what)}</strong> {state.reason}
          </p>
        </div>
      )}
    </div>
  );
}
