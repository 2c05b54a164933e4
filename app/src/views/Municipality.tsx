import type { RolesOf } from "../chain/contracts";

export function MunicipalityView({ roles }: { roles: RolesOf["municipality"] }) {
  return <section data-view="municipality">{JSON.stringify(roles)}</section>;
}
