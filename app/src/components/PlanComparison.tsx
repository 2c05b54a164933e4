/** STUB (helper A replaces it, keeping the props): the plan in force and a proposal side by side. */
import type { PlanValue } from "../chain/plan";

export function PlanComparison({
  current,
  proposed,
}: {
  current: PlanValue;
  proposed: PlanValue;
  headingLevel?: 2 | 3;
}) {
  return (
    <div>
      {current.buckets.length} / {proposed.buckets.length}
    </div>
  );
}
