/**
 * The resident's view: their household book in plain words, in Dutch (B1) or English. A resident
 * normally has one household; with several, each gets a heading of its own.
 */
import { useCallback, useEffect, useState } from "react";
import { factoryAt, type Household } from "../chain/contracts";
import { useSession } from "../chain/session";
import { useFormat } from "../components/format";
import { useTexts } from "../i18n";
import { RESIDENT } from "../i18n/resident";
import { HouseholdBook } from "./resident/HouseholdBook";
import { HouseholdHeading } from "./resident/Heading";

export function ResidentView({ households }: { households: Household[] }) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  const { period: noticePeriod, read: noticeRead } = useNoticePeriod();
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const report = useCallback(
    (vault: string, b: boolean) => setBusy((m) => (m[vault] === b ? m : { ...m, [vault]: b })),
    [],
  );
  // Busy until every household has said it is done (and while the notice period is read).
  const loading = !noticeRead || households.some((h) => busy[h.vault] !== false);
  const several = households.length > 1;
  return (
    <section data-view="resident" aria-busy={loading} className="resident-view">
      <h1 className="utrecht-heading-1">{t.heading}</h1>
      {households.length === 0 && <p className="utrecht-paragraph">{t.noHousehold}</p>}
      {households.map((h) => (
        <article key={h.vault} aria-labelledby={several ? `household-${h.vault}` : undefined} className="household">
          {several && (
            <h2 id={`household-${h.vault}`} className="utrecht-heading-2">
              {t.householdHeading(f.short(h.householdId))}
            </h2>
          )}
          <HouseholdHeading.Provider value={several ? `household-${h.vault}` : undefined}>
            <HouseholdBook
              household={h}
              level={several ? 3 : 2}
              noticePeriod={noticePeriod}
              onBusy={(b) => report(h.vault, b)}
            />
          </HouseholdHeading.Provider>
        </article>
      ))}
    </section>
  );
}

/**
 * The factory's notice period, read once. `read` turns true also when the read fails: the notice
 * text then leaves the period out ("…") rather than the view waiting for ever.
 */
function useNoticePeriod(): { period?: bigint; read: boolean } {
  const { config, reader } = useSession();
  const [state, setState] = useState<{ period?: bigint; read: boolean }>({ read: false });
  useEffect(() => {
    let live = true;
    factoryAt(config, reader)
      .EXIT_NOTICE_PERIOD()
      .then((period) => live && setState({ period, read: true }))
      .catch((error: unknown) => {
        console.warn("reading the notice period failed", error);
        if (live) setState({ read: true });
      });
    return () => {
      live = false;
    };
  }, [config, reader]);
  return state;
}
