/** Table pieces of the municipality's screen. */
import { useEffect, useId, useRef, useState, type ReactNode, type Ref } from "react";
import { buttonClass, VisuallyHidden } from "../coach/shared";

export function Th({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="utrecht-table__header-cell">
      {children}
    </th>
  );
}

interface RowButtonProps {
  label: string;
  /** Which row, for screen readers: "(huishouden 0x12…34)". */
  who: string;
  onClick(): void;
  /** A transaction of this table runs: the press is ignored (the button keeps its focus). */
  busy?: boolean;
  primary?: boolean;
  describedBy?: string;
  ref?: Ref<HTMLButtonElement>;
}

/** A button in a table row: its visible word, and for screen readers which row it is for. */
export function RowButton({ label, who, onClick, busy = false, primary = false, describedBy, ref }: RowButtonProps) {
  const kind = primary ? "primary-action" : "secondary-action";
  return (
    <button
      ref={ref}
      type="button"
      className={buttonClass(kind, busy)}
      aria-disabled={busy}
      aria-describedby={describedBy}
      onClick={() => !busy && onClick()}
    >
      {label}
      <VisuallyHidden> {who}</VisuallyHidden>
    </button>
  );
}

export interface Confirmation {
  question: string;
  yes: string;
  no: string;
}

/**
 * A row's action. With `confirm` it asks first (no browser dialog): the button gives way to the
 * question and a "yes" and a "no" button; the focus goes to "yes", and back to the first button
 * after either answer. The first button stays the same element, so when its label changes after
 * the transaction (Pauzeren → Hervatten) the focus stays on it.
 */
export function RowAction({
  confirm,
  onConfirm,
  ...button
}: Omit<RowButtonProps, "onClick" | "ref"> & {
  confirm?: Confirmation;
  onConfirm(): void;
}) {
  const [asking, setAsking] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  const questionId = useId();
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    (asking ? yes : first).current?.focus();
  }, [asking]);
  const step = (next: boolean) => {
    moved.current = true;
    setAsking(next);
  };
  if (!asking || !confirm) {
    return <RowButton {...button} ref={first} onClick={() => (confirm ? step(true) : onConfirm())} />;
  }
  return (
    <div className="confirm-step row-confirm" role="group" aria-labelledby={questionId}>
      <p id={questionId} className="utrecht-paragraph">
        {confirm.question}
      </p>
      <div className="button-row">
        <RowButton
          ref={yes}
          primary
          label={confirm.yes}
          who={button.who}
          busy={button.busy}
          describedBy={questionId}
          onClick={() => {
            step(false);
            onConfirm();
          }}
        />
        <RowButton label={confirm.no} who={button.who} onClick={() => step(false)} />
      </div>
    </div>
  );
}
