/**
 * Two languages: Dutch in plain (B1) language by default, English on request. Each part of the app
 * keeps its own texts in a file of this folder, the Dutch and the English side by side with the same
 * shape (the compiler checks that every Dutch text has its English one).
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

import type { Lang } from "./lang";

export { bilingual, LANGS, type Lang } from "./lang";

interface LangState {
  lang: Lang;
  setLang(lang: Lang): void;
}

const LangContext = createContext<LangState>({ lang: "nl", setLang: () => undefined });

/** The language choice is kept in the browser (it is not personal data) and set on <html lang>. */
export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem("lang") === "en" ? "en" : "nl"));
  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem("lang", lang);
  }, [lang]);
  return <LangContext.Provider value={{ lang, setLang }}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

/** The texts of one part of the app in the chosen language. */
export function useTexts<T>(texts: Record<Lang, T>): T {
  return texts[useLang().lang];
}
