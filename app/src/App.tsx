/**
 * The frame: header with the language switch, logging in, and one screen per role the connected
 * address holds here (a tab each when it holds several).
 */
import { useEffect, useState } from "react";
import { isMunicipality, type RolesOf } from "./chain/contracts";
import { useSession } from "./chain/session";
import { Connect } from "./components/Connect";
import { useLang, useTexts } from "./i18n";
import { COMMON } from "./i18n/common";
import { CoachView } from "./views/Coach";
import { MunicipalityView } from "./views/Municipality";
import { ResidentView } from "./views/Resident";

type View = "resident" | "coach" | "municipality";

function viewsFor(roles: RolesOf): View[] {
  const views: View[] = [];
  if (roles.resident.length > 0) views.push("resident");
  if (roles.coach || roles.coached.length > 0) views.push("coach");
  if (isMunicipality(roles)) views.push("municipality");
  return views;
}

export function App() {
  const t = useTexts(COMMON);
  const { lang, setLang } = useLang();
  const session = useSession();
  const { config, directory, loadError, account, roles } = session;
  const views = roles ? viewsFor(roles) : [];
  const [view, setView] = useState<View | undefined>();
  useEffect(() => {
    if (!view || !views.includes(view)) setView(views[0]);
  }, [views.join(","), view]);

  const viewName: Record<View, string> = {
    resident: t.roleResident,
    coach: t.roleCoach,
    municipality: t.roleMunicipality,
  };
  return (
    <div className="utrecht-document utrecht-page">
      <a className="utrecht-link utrecht-skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="utrecht-page-header app-header">
        <div>
          <p className="app-name">{t.appName}</p>
          <p className="utrecht-paragraph app-tagline">{t.tagline}</p>
        </div>
        <div className="app-header__tools">
          <button
            type="button"
            className="utrecht-button utrecht-button--subtle"
            lang={lang === "nl" ? "en" : "nl"}
            aria-label={t.switchToLabel}
            onClick={() => setLang(lang === "nl" ? "en" : "nl")}
          >
            {t.switchTo}
          </button>
          {account && (
            <button type="button" className="utrecht-button utrecht-button--subtle" onClick={session.disconnect}>
              {t.disconnect}
            </button>
          )}
        </div>
      </header>
      <main id="main" className="utrecht-page-content" tabIndex={-1}>
        {loadError && (
          <div className="utrecht-alert utrecht-alert--error" role="alert">
            <p className="utrecht-paragraph">{t.loadFailed}</p>
            <button
              type="button"
              className="utrecht-button utrecht-button--secondary-action"
              onClick={() => void session.refresh()}
            >
              {t.retry}
            </button>
          </div>
        )}
        {!directory && !loadError && <p className="utrecht-paragraph">{t.loading}</p>}
        {directory && !account && (
          <>
            <h1 className="utrecht-heading-1">{t.appName}</h1>
            <Connect />
          </>
        )}
        {directory && account && roles && (
          <>
            <p className="utrecht-paragraph connected-as" data-testid="connected-as">
              {t.connectedAs(account.address)} ({account.via === "wallet" ? t.viaWallet : t.viaDev})
            </p>
            {views.length === 0 && (
              <div className="utrecht-alert utrecht-alert--warning" role="status">
                <p className="utrecht-paragraph">{t.noRole}</p>
              </div>
            )}
            {views.length > 1 && (
              <nav aria-label={t.views} className="view-tabs">
                {views.map((v) => (
                  <button
                    key={v}
                    type="button"
                    className={`utrecht-button ${v === view ? "utrecht-button--primary-action" : "utrecht-button--secondary-action"}`}
                    aria-pressed={v === view}
                    onClick={() => setView(v)}
                  >
                    {viewName[v]}
                  </button>
                ))}
              </nav>
            )}
            {view === "resident" && <ResidentView households={roles.resident} />}
            {view === "coach" && <CoachView households={roles.coached} canPropose={roles.coach} />}
            {view === "municipality" && <MunicipalityView roles={roles.municipality} />}
          </>
        )}
      </main>
      <footer className="utrecht-page-footer app-footer">
        <p className="utrecht-paragraph">{t.privacy}</p>
        <p className="utrecht-paragraph">{t.network(config.networkName, config.chainId)}</p>
      </footer>
    </div>
  );
}
