/** The two languages, and texts kept side by side (plain TypeScript: the unit tests import it). */
export type Lang = "nl" | "en";
export const LANGS: Lang[] = ["nl", "en"];

/** Dutch and English with the same shape: the compiler checks every Dutch text has its English one. */
export function bilingual<T>(nl: T, en: NoInfer<T>): Record<Lang, T> {
  return { nl, en };
}
