/** A heading at a level chosen by the caller: the view's sections sit one level deeper when a resident has several households. */
import { createContext, useContext, useEffect, useRef, type ReactNode } from "react";

export type Level = 2 | 3 | 4;

export function Heading({ level, id, children }: { level: Level; id?: string; children: ReactNode }) {
  const Tag = `h${level}` as "h2" | "h3" | "h4";
  return (
    <Tag id={id} className={`utrecht-heading-${level}`}>
      {children}
    </Tag>
  );
}

/** One item of a data list: a name and its value. */
export function DataItem({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div className="utrecht-data-list__item">
      <dt className="utrecht-data-list__item-key">{name}</dt>
      <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{children}</dd>
    </div>
  );
}

/**
 * An element to focus when `value` changes (and `when` agrees): after a transaction the button
 * that was pressed may be gone, and keyboard users then continue from the section's heading.
 */
export function useFocusOnChange<T>(value: T, when: (before: T, after: T) => boolean = () => true) {
  const target = useRef<HTMLDivElement>(null);
  const previous = useRef(value);
  useEffect(() => {
    if (previous.current !== value && when(previous.current, value)) target.current?.focus();
    previous.current = value;
    // Only a change of the value moves focus, not a new `when`.
  }, [value]);
  return target;
}

/**
 * The id of the household's own heading when a resident has several households: each section is
 * then named after its household too, so that no two regions on the page have the same name.
 */
export const HouseholdHeading = createContext<string | undefined>(undefined);

/** The ids that name a section: its heading, after the household's heading when there is one. */
export function useLabelledBy(): (id: string) => string {
  const household = useContext(HouseholdHeading);
  return (id) => (household ? `${household} ${id}` : id);
}
