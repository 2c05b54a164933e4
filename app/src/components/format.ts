import { useSession } from "../chain/session";
import { useLang } from "../i18n";
import { formatter, type Formatter } from "../i18n/format";

/** Amounts and dates in the chosen language, with the token's decimals. */
export function useFormat(): Formatter {
  const { lang } = useLang();
  return formatter(lang, useSession().directory?.decimals ?? 6);
}
