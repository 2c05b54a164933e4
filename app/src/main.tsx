/** Loads config.json (which chain, which factory), then starts the app. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@utrecht/component-library-css/dist/index.css";
import "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css";
import "./app.css";
import { checkAppConfig } from "../../src/webapp/app-config";
import { App } from "./App";
import { SessionProvider } from "./chain/session";
import { LangProvider } from "./i18n";

async function start(): Promise<void> {
  const root = createRoot(document.getElementById("root")!);
  let config;
  try {
    const response = await fetch("./config.json", { cache: "no-store" });
    config = checkAppConfig(await response.json());
  } catch (error) {
    // Only the operator can fix this: say what is wrong with the file, in both languages.
    const why = error instanceof Error ? error.message : String(error);
    root.render(
      <main className="utrecht-page-content">
        <h1 className="utrecht-heading-1">Huishoudboekje</h1>
        <p className="utrecht-paragraph" role="alert">
          config.json ontbreekt of klopt niet / config.json is missing or wrong: {why}
        </p>
      </main>,
    );
    return;
  }
  root.render(
    <StrictMode>
      <LangProvider>
        <SessionProvider config={config}>
          <App />
        </SessionProvider>
      </LangProvider>
    </StrictMode>,
  );
}

void start();
