/**
 * This month's fixed costs: what each costs and how it stands, in words (cost-status.ts decides):
 * paid (a CreditorPaid event for this line and month says so), to be paid on a date (with what is
 * saved for it), due now (or due now with perhaps too little money), late with the arrears, not paid
 * through the vault this month (it started, or the cost was added, after the due day), paused, or
 * unknown when the payments could not be read.
 */
import type { ReactNode } from "react";
import type { BucketState } from "../../../../src/chain/vault-state";
import { monthIndexOf } from "../../../../src/core/calendar";
import type { Household } from "../../chain/contracts";
import { costStatus, type CostStatus, type PaidThisMonth } from "../../chain/cost-status";
import { useDirectory } from "../../chain/session";
import { useFormat } from "../../components/format";
import { useTexts } from "../../i18n";
import { COMMON } from "../../i18n/common";
import { RESIDENT } from "../../i18n/resident";
import { Heading, type Level, useLabelledBy } from "./Heading";

export function FixedCosts({
  household,
  level,
  paid,
}: {
  household: Household;
  level: Level;
  /** The lines the vault paid this month (paidKey); undefined while read, "failed" when unreadable. */
  paid: PaidThisMonth;
}) {
  const t = useTexts(RESIDENT);
  const buckets = household.snapshot.buckets;
  const id = `costs-${household.vault}`;
  const labelledBy = useLabelledBy();
  return (
    <section aria-labelledby={labelledBy(id)} className="panel">
      <Heading level={level} id={id}>
        {t.costsHeading}
      </Heading>
      <p className="utrecht-paragraph">{t.costsIntro}</p>
      {buckets.length === 0 ? (
        <p className="utrecht-paragraph">{t.noCosts}</p>
      ) : (
        <CostsTable household={household} paid={paid} />
      )}
    </section>
  );
}

function CostsTable({ household, paid }: { household: Household; paid: PaidThisMonth }) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  const s = household.snapshot;
  const buckets = s.buckets;
  // The vault's month (year * 12 + month - 1, UTC) at the chain's time, not the computer's.
  const { now } = useDirectory();
  const situation = {
    thisMonth: monthIndexOf(now),
    now,
    paid,
    paused: s.paused,
    buffer: s.buffer,
    savings: s.savings,
    unallocated: s.unallocated,
  };
  const total = buckets.reduce((sum, b) => sum + b.amountPerMonth, 0n);
  return (
    <div className="utrecht-table-container table-scroll">
      <table className="utrecht-table utrecht-table--html-table">
        <caption className="utrecht-table__caption visually-hidden">{t.costsHeading}</caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th scope="col" className="utrecht-table__header-cell">
              {t.colWhat}
            </th>
            <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
              {t.colAmount}
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              {t.colStatus}
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {buckets.map((b, i) => (
            <CostRow key={i} bucket={b} status={costStatus({ ...situation, bucket: b, index: i })} />
          ))}
        </tbody>
        <tfoot className="utrecht-table__footer">
          <tr className="utrecht-table__row">
            <th scope="row" className="utrecht-table__header-cell">
              {t.totalPerMonth}
            </th>
            <td className="utrecht-table__cell utrecht-table__cell--numeric-data">{f.euro(total)}</td>
            <td className="utrecht-table__cell" />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

interface RowProps {
  bucket: BucketState;
  status: CostStatus;
}

function CostRow({ bucket, status }: RowProps) {
  const common = useTexts(COMMON);
  const f = useFormat();
  return (
    <tr className="utrecht-table__row">
      <th scope="row" className="utrecht-table__header-cell">
        {common.categories[bucket.category] ?? common.categories[7]}
      </th>
      <td className="utrecht-table__cell utrecht-table__cell--numeric-data">{f.euro(bucket.amountPerMonth)}</td>
      <td className="utrecht-table__cell">
        <StatusText status={status} />
      </td>
    </tr>
  );
}

/** The status in words (never by colour alone): a first line in bold or plain, and a help line. */
function StatusText({ status }: { status: CostStatus }) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  switch (status.kind) {
    case "paid":
      return <strong className="status status--paid">{t.paid}</strong>;
    case "notThisMonth":
      return (
        <TwoLines
          first={<span className="status status--due">{t.notThisMonth}</span>}
          second={t.firstPayment(f.date(status.from))}
        />
      );
    case "dueOn":
      return (
        <TwoLines
          first={<span className="status status--due">{t.payOn(f.date(status.date))}</span>}
          second={t.saved(f.euro(status.saved))}
        />
      );
    case "dueNow":
      // Due already: the next keeper call pays it (a keeper calls every day).
      return (
        <TwoLines
          first={<span className="status status--due">{t.payNow}</span>}
          second={t.saved(f.euro(status.saved))}
        />
      );
    case "shortNow":
      return (
        <TwoLines
          first={<strong className="status status--short">{t.short(f.euro(status.missing))}</strong>}
          second={t.saved(f.euro(status.saved))}
        />
      );
    case "late":
      return (
        <TwoLines
          first={<strong className="status status--late">{t.late(f.euro(status.arrears))}</strong>}
          second={t.lateHelp}
        />
      );
    case "paused":
      return (
        <TwoLines
          first={<strong className="status status--paused">{t.pausedStatus}</strong>}
          second={status.arrears > 0n ? t.late(f.euro(status.arrears)) : undefined}
        />
      );
    case "checking":
      return <span className="status">{t.checking}</span>;
    case "unknown":
      return (
        <TwoLines first={<strong className="status status--unknown">{t.unknown}</strong>} second={t.unknownHelp} />
      );
  }
}

function TwoLines({ first, second }: { first: ReactNode; second?: ReactNode }) {
  return (
    <>
      {first}
      {second !== undefined && (
        <>
          <br />
          {second}
        </>
      )}
    </>
  );
}
