import type { Household } from "../chain/contracts";

export function CoachView({ households, canPropose }: { households: Household[]; canPropose: boolean }) {
  return (
    <section data-view="coach">
      {households.length} {String(canPropose)}
    </section>
  );
}
