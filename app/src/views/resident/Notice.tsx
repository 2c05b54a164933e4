/**
 * Giving notice, with a second step to confirm it (two buttons, no browser dialog), and taking the
 * notice back while the notice period runs.
 */
import { useEffect, useRef, useState, type RefObject } from "react";
import { vaultAt, type Household } from "../../chain/contracts";
import { useDirectory, useSession } from "../../chain/session";
import { useTx } from "../../chain/tx";
import { useFormat } from "../../components/format";
import { TxStatus } from "../../components/TxStatus";
import { useTexts } from "../../i18n";
import { RESIDENT } from "../../i18n/resident";
import { DAY } from "../../../../src/core/calendar";
import { Heading, type Level, useFocusOnChange, useLabelledBy } from "./Heading";

type Texts = (typeof RESIDENT)["nl"];

/** The notice period in words: "30 dagen", or hours when shorter than a day. */
export function periodText(seconds: bigint, t: Texts): string {
  const s = Number(seconds);
  return s >= DAY ? t.days(Math.round(s / DAY)) : t.hours(Math.max(1, Math.round(s / 3600)));
}

export function Notice({
  household,
  noticePeriod,
  level,
}: {
  household: Household;
  /** The factory's EXIT_NOTICE_PERIOD in seconds (undefined while read). */
  noticePeriod?: bigint;
  level: Level;
}) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  const { now } = useDirectory();
  const { account } = useSession();
  const tx = useTx();
  const id = `notice-${household.vault}`;
  const labelledBy = useLabelledBy();
  const at = household.exitAvailableAt;
  const focusAfterChange = useFocusOnChange(at);
  const vault = () => vaultAt(household.vault, account!.signer);
  const busy = tx.state.status === "pending";
  const cancel = () => {
    if (!busy) void tx.send(t.exitCancelWhat, () => vault().cancelExit());
  };
  return (
    <section aria-labelledby={labelledBy(id)} className="panel">
      <div ref={focusAfterChange} tabIndex={-1} className="focus-target">
        <Heading level={level} id={id}>
          {t.exitHeading}
        </Heading>
      </div>
      {at === 0n ? (
        <GiveNotice
          intro={t.exitIntro(noticePeriod === undefined ? "…" : periodText(noticePeriod, t))}
          send={() => {
            if (!busy) void tx.send(t.exitWhat, () => vault().requestExit());
          }}
        />
      ) : (
        <>
          <p className="utrecht-paragraph">{BigInt(now) >= at ? t.exitReady(f.date(at)) : t.exitGiven(f.date(at))}</p>
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={cancel}>
            {t.exitCancel}
          </button>
        </>
      )}
      <TxStatus state={tx.state} />
    </section>
  );
}

/** The first button asks; the second step confirms or goes back. Focus follows the step. */
function GiveNotice({ intro, send }: { intro: string; send: () => void }) {
  const t = useTexts(RESIDENT);
  const [asking, setAsking] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    (asking ? question.current : first.current)?.focus();
  }, [asking]);
  const step = (next: boolean) => {
    moved.current = true;
    setAsking(next);
  };
  return (
    <>
      <p className="utrecht-paragraph">{intro}</p>
      {!asking ? (
        <button
          ref={first}
          type="button"
          className="utrecht-button utrecht-button--secondary-action"
          onClick={() => step(true)}
        >
          {t.exitButton}
        </button>
      ) : (
        <ConfirmStep
          question={question}
          confirm={() => {
            setAsking(false);
            send();
          }}
          back={() => step(false)}
        />
      )}
    </>
  );
}

function ConfirmStep({
  question,
  confirm,
  back,
}: {
  question: RefObject<HTMLParagraphElement | null>;
  confirm(): void;
  back(): void;
}) {
  const t = useTexts(RESIDENT);
  return (
    <div className="utrecht-alert utrecht-alert--warning confirm-step">
      <div className="utrecht-alert__content">
        <p ref={question} tabIndex={-1} className="utrecht-paragraph">
          <strong>{t.exitConfirmQuestion}</strong>
        </p>
        <div className="button-row">
          <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={confirm}>
            {t.exitConfirm}
          </button>
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={back}>
            {t.exitKeep}
          </button>
        </div>
      </div>
    </div>
  );
}
