/**
 * The municipality's screen: the registers, all households, a new household's vault, advances and
 * pauses. Each part shows by the role the address holds (registrar, guardian, treasurer).
 */
import type { RolesOf } from "../chain/contracts";
import { useSession } from "../chain/session";
import { useTexts } from "../i18n";
import { MUNICIPALITY } from "../i18n/municipality";
import { Advance } from "./municipality/Advance";
import { CreateVault } from "./municipality/CreateVault";
import { Households } from "./municipality/Households";
import { Registers } from "./municipality/Registers";

export function MunicipalityView({ roles }: { roles: RolesOf["municipality"] }) {
  const t = useTexts(MUNICIPALITY);
  const loading = !useSession().directory;
  const held = [
    roles.registrar ? t.roleRegistrar : "",
    roles.guardian ? t.roleGuardian : "",
    roles.treasurer ? t.roleTreasurer : "",
  ].filter(Boolean);
  return (
    <section data-view="municipality" aria-busy={loading} aria-labelledby="municipality-heading">
      <h1 id="municipality-heading" className="utrecht-heading-1">
        {t.heading}
      </h1>
      <p className="utrecht-paragraph">{t.intro}</p>
      <p className="utrecht-paragraph">{t.yourRoles(held.join(", "))}</p>
      {loading ? (
        <p className="utrecht-paragraph">{t.loading}</p>
      ) : (
        <>
          <Registers registrar={roles.registrar} />
          <Households guardian={roles.guardian} />
          {roles.registrar && <CreateVault />}
          {roles.treasurer && <Advance />}
        </>
      )}
    </section>
  );
}
