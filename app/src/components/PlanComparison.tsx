/**
 * The plan in force and a proposal side by side: each fixed cost now and proposed (amount and due
 * day), the difference per month, and what changes in words (never by colour alone); the totals,
 * the weekly living money and the buffer target. Shared by the resident's and the coach's views.
 */
import type { ReactNode } from "react";
import {
  planDiff,
  summaryOf,
  type AmountDiff,
  type LineDiff,
  type PlanDiff,
  type SummaryItem,
} from "../chain/plan-diff";
import type { PlanLine, PlanValue } from "../chain/plan";
import { useTexts } from "../i18n";
import { COMMON } from "../i18n/common";
import { COMPARISON } from "../i18n/resident";
import { useFormat } from "./format";

type Texts = (typeof COMPARISON)["nl"];

export function PlanComparison({
  current,
  proposed,
  headingLevel = 2,
}: {
  current: PlanValue;
  proposed: PlanValue;
  headingLevel?: 2 | 3 | 4;
}) {
  const t = useTexts(COMPARISON);
  const diff = planDiff(current, proposed);
  const Heading = `h${headingLevel}` as "h2" | "h3" | "h4";
  return (
    <div className="plan-comparison">
      <Heading className={`utrecht-heading-${headingLevel}`}>{t.heading}</Heading>
      <Summary diff={diff} />
      <CostsTable diff={diff} />
      <OtherTable diff={diff} />
    </div>
  );
}

function Summary({ diff }: { diff: PlanDiff }) {
  const t = useTexts(COMPARISON);
  const words = useDifferenceWords();
  const items = summaryOf(diff);
  if (items.length === 0) return <p className="utrecht-paragraph">{t.summaryNone}</p>;
  return (
    <ul className="utrecht-unordered-list plan-comparison__summary">
      {items.map((item) => (
        <li key={item.kind}>{summaryText(item, t, words)}</li>
      ))}
    </ul>
  );
}

function summaryText(item: SummaryItem, t: Texts, words: (delta: bigint) => string): string {
  switch (item.kind) {
    case "costs":
      return t.summaryCosts(item.count);
    case "total":
      return t.summaryTotal(words(item.delta));
    case "weekly":
      return t.summaryWeekly(words(item.delta));
    case "bufferTarget":
      return t.summaryBuffer(words(item.delta));
  }
}

function CostsTable({ diff }: { diff: PlanDiff }) {
  const t = useTexts(COMPARISON);
  const f = useFormat();
  const words = useDifferenceWords();
  return (
    <div className="utrecht-table-container table-scroll">
      <table className="utrecht-table utrecht-table--html-table plan-comparison__table">
        <caption className="utrecht-table__caption">{t.costsCaption}</caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th scope="col" className="utrecht-table__header-cell">
              {t.colCost}
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              {t.colNow}
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              {t.colProposal}
            </th>
            <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
              {t.colDifference}
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              {t.colChange}
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {diff.lines.map((line, i) => (
            <CostRow key={i} line={line} />
          ))}
        </tbody>
        <tfoot className="utrecht-table__footer">
          <tr className="utrecht-table__row plan-comparison__total">
            <th scope="row" className="utrecht-table__header-cell">
              {t.total}
            </th>
            <td className="utrecht-table__cell">{f.euro(diff.total.current)}</td>
            <td className="utrecht-table__cell">{f.euro(diff.total.proposed)}</td>
            <td className="utrecht-table__cell utrecht-table__cell--numeric-data">{words(diff.total.delta)}</td>
            <td className="utrecht-table__cell">{diff.total.delta === 0n ? t.same : t.amountChanged}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function CostRow({ line }: { line: LineDiff }) {
  const t = useTexts(COMPARISON);
  const common = useTexts(COMMON);
  const words = useDifferenceWords();
  const terms = useTermsText();
  const shown = (line.proposed ?? line.current) as PlanLine;
  const changed = line.change !== "same";
  return (
    <tr className={`utrecht-table__row${changed ? " plan-comparison__row--changed" : ""}`}>
      <th scope="row" className="utrecht-table__header-cell">
        {common.categories[shown.category] ?? common.categories[7]}
      </th>
      <td className="utrecht-table__cell">{terms(line.current)}</td>
      <td className="utrecht-table__cell">{terms(line.proposed)}</td>
      <td className="utrecht-table__cell utrecht-table__cell--numeric-data">{words(line.delta)}</td>
      <td className="utrecht-table__cell">{changed ? <strong>{changeText(line, t)}</strong> : t.same}</td>
    </tr>
  );
}

function OtherTable({ diff }: { diff: PlanDiff }) {
  const t = useTexts(COMPARISON);
  return (
    <div className="utrecht-table-container table-scroll">
      <table className="utrecht-table utrecht-table--html-table plan-comparison__table">
        <caption className="utrecht-table__caption">{t.otherCaption}</caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th scope="col" className="utrecht-table__header-cell">
              {t.colWhat}
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              {t.colNow}
            </th>
            <th scope="col" className="utrecht-table__header-cell">
              {t.colProposal}
            </th>
            <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric-column">
              {t.colDifferenceShort}
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          <AmountRow label={t.weekly} amounts={diff.weeklyLivingMoney} />
          <AmountRow label={t.bufferTarget} amounts={diff.bufferTarget} />
        </tbody>
      </table>
    </div>
  );
}

function AmountRow({ label, amounts }: { label: string; amounts: AmountDiff }) {
  const f = useFormat();
  const words = useDifferenceWords();
  const changed = amounts.delta !== 0n;
  return (
    <tr className={`utrecht-table__row${changed ? " plan-comparison__row--changed" : ""}`}>
      <th scope="row" className="utrecht-table__header-cell">
        {label}
      </th>
      <td className="utrecht-table__cell">{f.euro(amounts.current)}</td>
      <td className="utrecht-table__cell">{f.euro(amounts.proposed)}</td>
      <td className="utrecht-table__cell utrecht-table__cell--numeric-data">
        {changed ? <strong>{words(amounts.delta)}</strong> : words(amounts.delta)}
      </td>
    </tr>
  );
}

/** What changes on a line, in words: "New", "Removed", or the terms that differ. */
function changeText(line: LineDiff, t: Texts): ReactNode {
  if (line.change === "added") return t.added;
  if (line.change === "removed") return t.removed;
  const parts: string[] = [];
  if (line.amountChanged) parts.push(t.amountChanged);
  if (line.dueDayChanged) parts.push(t.dueDayChanged);
  if (line.categoryChanged) parts.push(t.categoryChanged);
  if (line.creditorChanged) parts.push(t.creditorChanged);
  return parts.join(", ");
}

/** "€ 15,00 meer", "€ 15,00 minder", "Geen verschil". */
function useDifferenceWords(): (delta: bigint) => string {
  const t = useTexts(COMPARISON);
  const f = useFormat();
  return (delta) => (delta === 0n ? t.noDifference : delta > 0n ? t.more(f.euro(delta)) : t.less(f.euro(-delta)));
}

/** "€ 165,00, op dag 5", or "Niet in het plan". */
function useTermsText(): (line: PlanLine | undefined) => string {
  const t = useTexts(COMPARISON);
  const f = useFormat();
  return (line) => (line ? t.onDay(f.euro(line.amountPerMonth), line.dueDay) : t.notInPlan);
}
