/** Table pieces of the municipality's screen. */
import type { ReactNode } from "react";
import { VisuallyHidden } from "../coach/shared";

export function Th({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="utrecht-table__header-cell">
      {children}
    </th>
  );
}

/** A button in a table row: its visible word, and for screen readers which row it is for. */
export function RowButton({ label, who, onClick }: { label: string; who: string; onClick(): void }) {
  return (
    <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onClick}>
      {label}
      <VisuallyHidden> {who}</VisuallyHidden>
    </button>
  );
}
