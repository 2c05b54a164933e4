/**
 * Pieces the coach's and the municipality's screens share: a household's id and status in words,
 * text only screen readers hear, a value read from the chain once, and the creditor check that runs
 * before a plan is sent.
 */
import { useCallback, useEffect, useState, type CSSProperties, type ReactNode } from "react";
import type { ContractTransactionResponse } from "ethers";
import { factoryAt, type Household } from "../../chain/contracts";
import { explainError } from "../../chain/explain";
import type { PlanValue } from "../../chain/plan";
import { useSession } from "../../chain/session";
import type { Tx } from "../../chain/tx";
import { useFormat } from "../../components/format";
import { useLang, useTexts } from "../../i18n";
import { STATUS } from "../../i18n/coach";
import { ERROR_TEXTS } from "../../i18n/errors";
import { useOneAtATime } from "./single-tx";
import { statusParts, type StatusPart } from "./status";

const HIDDEN: CSSProperties = {
  position: "absolute",
  width: "1px",
  height: "1px",
  padding: 0,
  margin: "-1px",
  overflow: "hidden",
  clip: "rect(0, 0, 0, 0)",
  whiteSpace: "nowrap",
  border: 0,
};

/**
 * A button's classes. A busy button is aria-disabled, not disabled, so it keeps the focus and is
 * still announced; the disabled class shows the eye that a press does nothing now.
 */
export const buttonClass = (kind: "primary-action" | "secondary-action", busy = false) =>
  `utrecht-button utrecht-button--${kind}${busy ? " utrecht-button--disabled" : ""}`;

/** Read by screen readers, not shown. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span style={HIDDEN}>{children}</span>;
}

/** A household id shortened for the eye; the full id in a tooltip and for screen readers. */
export function HouseholdId({ id }: { id: string }) {
  const f = useFormat();
  const t = useTexts(STATUS);
  return (
    <span title={id} className="household-id">
      {f.short(id)}
      <VisuallyHidden>
        {" "}
        ({t.fullId}: {id})
      </VisuallyHidden>
    </span>
  );
}

function statusText(part: StatusPart, t: (typeof STATUS)["nl"], f: ReturnType<typeof useFormat>): string {
  switch (part.kind) {
    case "closed":
      return t.closed;
    case "paused":
      return t.paused;
    case "exit":
      return t.exit(f.date(part.at));
    case "arrears":
      return t.arrears(f.euro(part.amount));
    case "proposalWaiting":
      return t.proposalWaiting;
    case "onTime":
      return t.onTime;
  }
}

/**
 * The household's state in words, one short sentence per fact, e.g. "Gepauzeerd. Voorstel wacht op
 * de bewoner." (sentences, so each fact starts with a capital and reads as its own statement).
 */
export function HouseholdStatus({ household }: { household: Household }) {
  const f = useFormat();
  const t = useTexts(STATUS);
  const parts = statusParts(household);
  return (
    <span data-status={parts.map((p) => p.kind).join(" ")}>
      {parts.map((p) => `${statusText(p, t, f)}.`).join(" ")}
    </span>
  );
}

export interface Loaded<T> {
  value?: T;
  failed: boolean;
  loading: boolean;
}

/** A value read from the chain when `key` changes (an answer for an older key is dropped). */
export function useLoaded<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ key: string; value?: T; failed: boolean }>({ key: "", failed: false });
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ key, value, failed: false }),
      () => live && setState({ key, failed: true }),
    );
    return () => {
      live = false;
    };
    // `load` is made anew on each render; the key says when to read again.
  }, [key]);
  const current = state.key === key;
  return { value: current ? state.value : undefined, failed: current && state.failed, loading: !current };
}

/**
 * The check before a plan is sent: every creditor must be in the factory's register. Returns the
 * same plain sentence the vault's HouseholdVaultCreditorNotApproved error gets, or undefined.
 */
export function useCreditorCheck(): (plan: PlanValue) => Promise<string | undefined> {
  const { config, reader } = useSession();
  const { lang } = useLang();
  const f = useFormat();
  return useCallback(
    async (plan: PlanValue) => {
      const factory = factoryAt(config, reader);
      const approved = await Promise.all(plan.buckets.map((b) => factory.isApprovedCreditor(b.creditor)));
      const index = approved.indexOf(false);
      if (index < 0) return undefined;
      return ERROR_TEXTS[lang].custom.HouseholdVaultCreditorNotApproved([index, plan.buckets[index].creditor], f);
    },
    [config, reader, lang, f],
  );
}

/** After a refused submit: the first field marked invalid inside `containerId` gets the focus. */
export function focusFirstInvalid(containerId: string) {
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>(`#${containerId} [aria-invalid="true"]`);
    field?.focus();
  });
}

/**
 * What a view still waits for (a plan, a forecast), so its root can say aria-busy until all is
 * shown. Each part reports under its own key (`useReportBusy`); a key expected but not reported
 * yet counts as busy, so the first paint does not say "ready" too early.
 */
export function useBusyParts(expected: string[]): { busy: boolean; report(key: string, busy: boolean): void } {
  const [parts, setParts] = useState<Record<string, boolean>>({});
  const report = useCallback(
    (key: string, busy: boolean) => setParts((p) => (p[key] === busy ? p : { ...p, [key]: busy })),
    [],
  );
  return { busy: expected.some((k) => parts[k] !== false), report };
}

export function useReportBusy(report: (key: string, busy: boolean) => void, key: string, busy: boolean) {
  useEffect(() => {
    report(key, busy);
    return () => report(key, false);
  }, [report, key, busy]);
}

/**
 * Sends a plan (a proposal, a new vault) after the creditor check: a creditor not in the register
 * fails the action with the vault's own sentence and nothing is sent. True when confirmed. A second
 * press while the check or the transaction runs is dropped (`busy` is true all that time).
 */
export function useSendPlan(tx: Tx) {
  const check = useCreditorCheck();
  const f = useFormat();
  const [checking, setChecking] = useState(false);
  const { run, running } = useOneAtATime();
  const checkThenSend = async (what: string, plan: PlanValue, step: () => Promise<ContractTransactionResponse>) => {
    setChecking(true);
    try {
      const refusal = await check(plan);
      if (refusal) {
        tx.fail(what, refusal);
        return false;
      }
    } catch (error) {
      tx.fail(what, explainError(error, f));
      return false;
    } finally {
      setChecking(false);
    }
    return tx.send(what, step);
  };
  const send = async (what: string, plan: PlanValue, step: () => Promise<ContractTransactionResponse>) =>
    (await run(() => checkThenSend(what, plan, step))) ?? false;
  return { checking, busy: running || tx.state.status === "pending", send };
}
