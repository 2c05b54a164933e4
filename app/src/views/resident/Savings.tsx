/**
 * The resident's savings and taking some out. The amount is checked before anything is sent: a
 * bad amount gets a message under the field (tied to it with aria-describedby), never a transaction.
 */
import { useRef, useState, type FormEvent, type RefObject } from "react";
import { vaultAt, type Household } from "../../chain/contracts";
import { useDirectory, useSession } from "../../chain/session";
import { useTx } from "../../chain/tx";
import { useFormat } from "../../components/format";
import { TxStatus } from "../../components/TxStatus";
import { useTexts } from "../../i18n";
import { parseEuro } from "../../i18n/format";
import { RESIDENT } from "../../i18n/resident";
import { DataItem, Heading, type Level, useLabelledBy } from "./Heading";

type Texts = (typeof RESIDENT)["nl"];

export type WithdrawalProblem = "empty" | "notAmount" | "zero" | "tooMuch";

/** The amount typed, or why it cannot be taken out. */
export function checkWithdrawal(
  text: string,
  savings: bigint,
  decimals: number,
): { amount: bigint } | { problem: WithdrawalProblem } {
  if (text.trim() === "") return { problem: "empty" };
  const amount = parseEuro(text, decimals);
  if (amount === undefined) return { problem: "notAmount" };
  if (amount <= 0n) return { problem: "zero" };
  if (amount > savings) return { problem: "tooMuch" };
  return { amount };
}

/** The problem in words (in the language chosen now, also when it changes after the check). */
function problemText(problem: WithdrawalProblem, savings: string, t: Texts): string {
  if (problem === "empty") return t.withdrawEmpty;
  if (problem === "notAmount") return t.withdrawNotAmount;
  if (problem === "zero") return t.withdrawZero;
  return t.withdrawTooMuch(savings);
}

export function Savings({ household, level }: { household: Household; level: Level }) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  const s = household.snapshot;
  const id = `savings-${household.vault}`;
  const labelledBy = useLabelledBy();
  return (
    <section aria-labelledby={labelledBy(id)} className="panel">
      <Heading level={level} id={id}>
        {t.savingsHeading}
      </Heading>
      <p className="utrecht-paragraph">{t.savingsHelp}</p>
      <dl className="utrecht-data-list utrecht-data-list--rows">
        <DataItem name={t.savingsAmount}>{f.euro(s.savings)}</DataItem>
      </dl>
      {s.paused ? <p className="utrecht-paragraph">{t.withdrawPaused}</p> : <WithdrawForm household={household} />}
    </section>
  );
}

function WithdrawForm({ household }: { household: Household }) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  const { account } = useSession();
  const { decimals } = useDirectory();
  const tx = useTx();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<WithdrawalProblem>();
  const input = useRef<HTMLInputElement>(null);
  const savings = household.snapshot.savings;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (tx.state.status === "pending") return; // one at a time; the button stays focusable
    const checked = checkWithdrawal(text, savings, decimals);
    if ("problem" in checked) {
      setProblem(checked.problem);
      tx.reset();
      input.current?.focus();
      return;
    }
    setProblem(undefined);
    if (!account) return;
    const vault = vaultAt(household.vault, account.signer);
    if (await tx.send(t.withdrawWhat, () => vault.withdrawSavings(checked.amount))) setText("");
  };

  return (
    <form className="withdraw-form" noValidate onSubmit={(e) => void submit(e)}>
      <AmountField
        id={`withdraw-${household.vault}`}
        input={input}
        value={text}
        onChange={setText}
        hint={savings > 0n ? t.withdrawHint(f.euro(savings)) : t.withdrawNone}
        problem={problem && problemText(problem, f.euro(savings), t)}
      />
      <button type="submit" className="utrecht-button utrecht-button--primary-action">
        {t.withdrawButton}
      </button>
      <TxStatus state={tx.state} />
    </form>
  );
}

/** The amount, with its hint and, after a failed check, the problem, both read with the field. */
function AmountField({
  id,
  input,
  value,
  onChange,
  hint,
  problem,
}: {
  id: string;
  input: RefObject<HTMLInputElement | null>;
  value: string;
  onChange(value: string): void;
  hint: string;
  problem?: string;
}) {
  const t = useTexts(RESIDENT);
  const ids = { hint: `${id}-hint`, error: `${id}-error` };
  return (
    <div className={`utrecht-form-field${problem ? " utrecht-form-field--invalid" : ""}`}>
      <label className="utrecht-form-label" htmlFor={id}>
        {t.withdrawLabel}
      </label>
      <p id={ids.hint} className="utrecht-form-field-description">
        {hint}
      </p>
      {problem && (
        <p id={ids.error} className="utrecht-form-field-error-message">
          {problem}
        </p>
      )}
      <input
        ref={input}
        id={id}
        className={`utrecht-textbox utrecht-textbox--html-input${problem ? " utrecht-textbox--invalid" : ""}`}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${ids.error} ${ids.hint}` : ids.hint}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
