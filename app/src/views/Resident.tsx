import type { Household } from "../chain/contracts";

export function ResidentView({ households }: { households: Household[] }) {
  return <section data-view="resident">{households.length}</section>;
}
