/**
 * This month's fixed costs: what each costs and how it stands, in words: paid (a CreditorPaid event
 * for this month says so), to be paid on a date (with what is saved for it), late with the arrears,
 * or not paid through the vault this month (it started, or the cost was added, after the due day).
 */
import type { BucketState } from "../../../../src/chain/vault-state";
import { monthIndexOf } from "../../../../src/core/calendar";
import type { Household } from "../../chain/contracts";
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
  /** Categories the vault paid this month; undefined while read. */
  paid: Set<number> | undefined;
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
        <CostsTable buckets={buckets} paid={paid ?? new Set()} />
      )}
    </section>
  );
}

function CostsTable({ buckets, paid }: { buckets: BucketState[]; paid: Set<number> }) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  // The vault's month (year * 12 + month - 1, UTC) at the chain's time, not the computer's.
  const { now } = useDirectory();
  const thisMonth = monthIndexOf(now);
  const total = buckets.reduce((s, b) => s + b.amountPerMonth, 0n);
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
            <CostRow key={i} bucket={b} thisMonth={thisMonth} now={now} paid={paid.has(b.category)} />
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
  thisMonth: number;
  now: number;
  /** The vault paid this cost's creditor for this month. */
  paid: boolean;
}

function CostRow(props: RowProps) {
  const { bucket } = props;
  const common = useTexts(COMMON);
  const f = useFormat();
  return (
    <tr className="utrecht-table__row">
      <th scope="row" className="utrecht-table__header-cell">
        {common.categories[bucket.category] ?? common.categories[7]}
      </th>
      <td className="utrecht-table__cell utrecht-table__cell--numeric-data">{f.euro(bucket.amountPerMonth)}</td>
      <td className="utrecht-table__cell">
        <BucketStatus {...props} />
      </td>
    </tr>
  );
}

function BucketStatus({ bucket, thisMonth, now, paid }: RowProps) {
  const t = useTexts(RESIDENT);
  const f = useFormat();
  if (bucket.arrears > 0n) {
    return (
      <>
        <strong className="status status--late">{t.late(f.euro(bucket.arrears))}</strong>
        <br />
        {t.lateHelp}
      </>
    );
  }
  if (bucket.paidThroughMonth >= thisMonth) {
    if (paid) return <strong className="status status--paid">{t.paid}</strong>;
    return (
      <>
        <span className="status status--due">{t.notThisMonth}</span>
        <br />
        {t.firstPayment(f.date(bucket.nextDueAt))}
      </>
    );
  }
  return (
    <>
      <span className="status status--due">
        {/* Due already: the next keeper call pays it (a keeper calls every day). */}
        {bucket.nextDueAt <= now ? t.payNow : t.payOn(f.date(bucket.nextDueAt))}
      </span>
      <br />
      {t.saved(f.euro(bucket.balance))}
    </>
  );
}
