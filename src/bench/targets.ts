/** Issue 8's targets, for people and for scripts: each with its value, goal and whether it was met. */
import {
  BATCH_TARGET,
  DEPOSIT_AIM,
  DEPOSIT_TARGET,
  INCOME_PATH_TARGET,
  ONBOARDING_TARGET,
  SETTLE_TARGET,
} from "./constants";
import type { Row } from "./rows";
import type { BenchResults } from "./run";

export interface Target {
  id: string;
  measure: string;
  value: number;
  target: number;
  comparison: "<=" | ">=";
  unit: "ratio" | "gas" | "households";
  /**
   * An aim is reported beside the target it sharpens; missing it does not miss the target. A
   * comparison is shown for honesty (its `met` says whether the value is within the figure) and
   * is not counted among the targets.
   */
  kind: "target" | "aim" | "comparison";
  met: boolean;
}

function target(
  id: string,
  measure: string,
  value: number,
  comparison: Target["comparison"],
  goal: number,
  unit: Target["unit"],
): Target {
  const met = comparison === "<=" ? value <= goal : value >= goal;
  return { id, measure, value, target: goal, comparison, unit, kind: "target", met };
}

export function buildTargets(r: BenchResults, rows: Row[]): Target[] {
  const rowOf = (prefix: string): Row => {
    const row = rows.find((x) => x.measure.startsWith(prefix));
    if (!row) throw new Error(`no row "${prefix}"`);
    return row;
  };
  const deposit = rowOf("Tagged deposit").measure;
  const batchRow = rowOf("Households per settleAndReleaseMany");
  const incomePath = (id: string, prefix: string, gas: bigint) =>
    target(id, rowOf(prefix).measure, Number(gas), "<=", Number(INCOME_PATH_TARGET), "gas");
  return [
    target("deposit", deposit, r.deposit.ratio, "<=", DEPOSIT_TARGET, "ratio"),
    { ...target("depositAim", deposit, r.deposit.ratio, "<=", DEPOSIT_AIM, "ratio"), kind: "aim" },
    incomePath("depositAndSplitSettle", "Deposit + the keeper's settle() that splits it over", r.depositAndSplitGas),
    {
      // Shown for honesty, not counted: see the row's note.
      ...incomePath(
        "depositSplitAndPayFive",
        "Deposit + the keeper's settle() that splits it and pays",
        r.depositSplitPayFiveGas,
      ),
      kind: "comparison",
    },
    target("settleNoIncome", rowOf("Monthly settle").measure, r.settles.ratio, "<=", SETTLE_TARGET, "ratio"),
    target("onboarding", rowOf("Onboarding").measure, Number(r.onboarding.gas), "<=", Number(ONBOARDING_TARGET), "gas"),
    {
      ...target("batch", batchRow.measure, r.batch.runs["30M"].released, ">=", BATCH_TARGET, "households"),
      met: batchRow.met === true, // also: no keeper call failed
    },
  ];
}
