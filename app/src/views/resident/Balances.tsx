/** Living money, the buffer, an advance owed to the municipality and income still to be split. */
import type { Household } from "../../chain/contracts";
import { useDirectory } from "../../chain/session";
import { useFormat } from "../../components/format";
import { useTexts } from "../../i18n";
import { RESIDENT } from "../../i18n/resident";
import { DataItem, Heading, type Level, useLabelledBy } from "./Heading";

export function LivingMoney({ household, level }: { household: Household; level: Level }) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  const { now } = useDirectory();
  const s = household.snapshot;
  const id = `living-${household.vault}`;
  const labelledBy = useLabelledBy();
  return (
    <section aria-labelledby={labelledBy(id)} className="panel">
      <Heading level={level} id={id}>
        {t.livingHeading}
      </Heading>
      <p className="utrecht-paragraph">{t.livingHelp}</p>
      <dl className="utrecht-data-list utrecht-data-list--rows">
        <DataItem name={t.livingWeekly}>{f.euro(s.weeklyLivingMoney)}</DataItem>
        <DataItem name={t.livingNext}>
          {/* Paused: no date, nothing is released. Due already: the next keeper call releases it. */}
          {s.paused ? t.pausedStatus : s.nextReleaseAt <= now ? t.livingNow : f.date(s.nextReleaseAt)}
        </DataItem>
      </dl>
    </section>
  );
}

export function BufferAndAdvance({ household, level }: { household: Household; level: Level }) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  const s = household.snapshot;
  const id = `buffer-${household.vault}`;
  const labelledBy = useLabelledBy();
  return (
    <section aria-labelledby={labelledBy(id)} className="panel">
      <Heading level={level} id={id}>
        {t.bufferHeading}
      </Heading>
      <dl className="utrecht-data-list utrecht-data-list--rows">
        <DataItem name={t.buffer}>
          {t.bufferOf(f.euro(s.buffer), f.euro(s.bufferTarget))}
          <br />
          <span className="hint">{t.bufferHelp}</span>
        </DataItem>
        <DataItem name={t.advance}>
          {s.advanceOutstanding === 0n ? t.noAdvance : t.advanceOwed(f.euro(s.advanceOutstanding))}
        </DataItem>
        {s.unallocated > 0n && (
          <DataItem name={t.waiting}>
            {f.euro(s.unallocated)}
            <br />
            <span className="hint">{t.waitingHelp}</span>
          </DataItem>
        )}
      </dl>
    </section>
  );
}
