/**
 * A household's plan as a form: fixed costs (kind, due day, amount, creditor from the register or a
 * typed address), weekly living money and buffer. Controlled: the owner keeps the strings and checks
 * them with parsePlanForm (chain/plan-form.ts) on submit; each problem shows under its field, tied
 * to it with aria-describedby and marked aria-invalid. Also the text and select fields other forms use.
 */
import { useEffect, useState, type CSSProperties, type ReactNode } from "react";
import {
  emptyRow,
  MAX_ROWS,
  OTHER_CREDITOR,
  type PlanFormErrors,
  type PlanFormInput,
  type PlanRowInput,
} from "../chain/plan-form";
import { useSession } from "../chain/session";
import { useTexts } from "../i18n";
import { PLAN_EDITOR } from "../i18n/coach";
import { COMMON } from "../i18n/common";
import { useFormat } from "./format";

const ROW: CSSProperties = { display: "flex", flexWrap: "wrap", gap: "0 1.5rem", alignItems: "flex-start" };
const LINE: CSSProperties = { marginBlock: "1rem", paddingBlockStart: "0.5rem", borderBlockStart: "1px solid" };
const LEGEND: CSSProperties = { fontWeight: "bold" };

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  /** The problem in words; marks the field invalid. */
  error?: string;
  disabled?: boolean;
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

function FieldFrame({ id, label, hint, error, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={`utrecht-form-field utrecht-form-field--distanced${error ? " utrecht-form-field--invalid" : ""}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      {hint && (
        <p className="utrecht-form-field-description utrecht-form-field__description" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="utrecht-form-field__input">{children}</div>
      {error && (
        <p className="utrecht-form-field-error-message utrecht-form-field__error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    onChange(value: string): void;
    inputMode?: "text" | "numeric" | "decimal";
    size?: number;
  },
) {
  const { id, hint, error, disabled, value, onChange, inputMode, size } = props;
  return (
    <FieldFrame {...props}>
      <input
        id={id}
        type="text"
        className={`utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        inputMode={inputMode}
        size={size}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange(value: string): void;
    options: { value: string; label: string }[];
    /** A first option with value "" ("Kies…"). */
    placeholder?: string;
  },
) {
  const { id, hint, error, disabled, value, onChange, options, placeholder } = props;
  return (
    <FieldFrame {...props}>
      <select
        id={id}
        className={`utrecht-select utrecht-select--html-select${error ? " utrecht-select--invalid" : ""}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

interface RowProps {
  id: string;
  index: number;
  row: PlanRowInput;
  errors?: PlanFormErrors["rows"][number];
  disabled?: boolean;
  onChange(row: PlanRowInput): void;
  onRemove(): void;
}

function CreditorFields({ id, row, errors, disabled, onChange }: Omit<RowProps, "index" | "onRemove">) {
  const t = useTexts(PLAN_EDITOR);
  const f = useFormat();
  const register = useSession().directory?.registers.creditors ?? [];
  const error = errors?.creditor && t.errors[errors.creditor];
  const other = row.creditor === OTHER_CREDITOR;
  const options = [
    ...register.map((a) => ({ value: a, label: f.short(a) })),
    { value: OTHER_CREDITOR, label: t.otherCreditorOption },
  ];
  return (
    <>
      <SelectField
        id={`${id}-creditor`}
        label={t.creditor}
        value={row.creditor}
        onChange={(creditor) => onChange({ ...row, creditor })}
        options={options}
        placeholder={t.choose}
        error={other ? undefined : error}
        disabled={disabled}
      />
      {other && (
        <TextField
          id={`${id}-other`}
          label={t.otherCreditor}
          hint={t.otherCreditorHint}
          value={row.otherCreditor}
          onChange={(otherCreditor) => onChange({ ...row, otherCreditor })}
          error={error}
          size={44}
          disabled={disabled}
        />
      )}
    </>
  );
}

function PlanRow({ id, index, row, errors, disabled, onChange, onRemove }: RowProps) {
  const t = useTexts(PLAN_EDITOR);
  const common = useTexts(COMMON);
  const err = (field: "category" | "dueDay" | "amount") => errors?.[field] && t.errors[errors[field]];
  return (
    <fieldset
      className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset plan-row"
      data-row={index}
      style={LINE}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend" style={LEGEND}>
        {t.row(index + 1)}
      </legend>
      <div style={ROW}>
        <SelectField
          id={`${id}-category`}
          label={t.category}
          value={row.category}
          onChange={(category) => onChange({ ...row, category })}
          options={common.categories.map((label, i) => ({ value: String(i), label }))}
          placeholder={t.choose}
          error={err("category")}
          disabled={disabled}
        />
        <TextField
          id={`${id}-due`}
          label={t.dueDay}
          hint={t.dueDayHint}
          value={row.dueDay}
          onChange={(dueDay) => onChange({ ...row, dueDay })}
          inputMode="numeric"
          size={4}
          error={err("dueDay")}
          disabled={disabled}
        />
        <TextField
          id={`${id}-amount`}
          label={t.amount}
          value={row.amount}
          onChange={(amount) => onChange({ ...row, amount })}
          inputMode="decimal"
          size={12}
          error={err("amount")}
          disabled={disabled}
        />
        <CreditorFields id={id} row={row} errors={errors} disabled={disabled} onChange={onChange} />
      </div>
      <button
        type="button"
        className="utrecht-button utrecht-button--secondary-action"
        onClick={onRemove}
        disabled={disabled}
      >
        {t.removeRow(index + 1)}
      </button>
    </fieldset>
  );
}

export interface PlanEditorProps {
  /** Prefix of the fields' ids (two editors may be on one page). */
  id: string;
  value: PlanFormInput;
  onChange(value: PlanFormInput): void;
  /** Shown once the owner has checked the form (on submit). */
  errors?: PlanFormErrors;
  disabled?: boolean;
}

export function PlanEditor({ id, value, onChange, errors, disabled }: PlanEditorProps) {
  const t = useTexts(PLAN_EDITOR);
  // After adding or removing a line the focus goes somewhere useful, not to the page's start.
  const [focus, setFocusTarget] = useState<{ target: string }>();
  useEffect(() => {
    if (focus) document.getElementById(focus.target)?.focus();
  }, [focus]);
  const setFocus = (target: string) => setFocusTarget({ target });
  const rows = value.rows;
  const setRow = (i: number, row: PlanRowInput) =>
    onChange({ ...value, rows: rows.map((r, j) => (j === i ? row : r)) });
  const addRow = () => {
    onChange({ ...value, rows: [...rows, emptyRow()] });
    setFocus(`${id}-row${rows.length}-category`);
  };
  const removeRow = (i: number) => {
    onChange({ ...value, rows: rows.filter((_, j) => j !== i) });
    setFocus(`${id}-add`);
  };
  return (
    <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset plan-editor" id={id}>
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend utrecht-heading-3">
        {t.legend}
      </legend>
      <p className="utrecht-paragraph">{t.fixedCostsIntro}</p>
      {rows.length === 0 && <p className="utrecht-paragraph">{t.noRows}</p>}
      {rows.map((row, i) => (
        <PlanRow
          key={i}
          id={`${id}-row${i}`}
          index={i}
          row={row}
          errors={errors?.rows[i]}
          disabled={disabled}
          onChange={(r) => setRow(i, r)}
          onRemove={() => removeRow(i)}
        />
      ))}
      <AddRow id={id} count={rows.length} tooMany={errors?.tooManyRows} disabled={disabled} onAdd={addRow} />
      <div style={ROW}>
        <AmountFields id={id} value={value} errors={errors} disabled={disabled} onChange={onChange} />
      </div>
    </fieldset>
  );
}

function AddRow(props: { id: string; count: number; tooMany?: boolean; disabled?: boolean; onAdd(): void }) {
  const t = useTexts(PLAN_EDITOR);
  const full = props.count >= MAX_ROWS;
  return (
    <div className="button-row plan-editor__add">
      <button
        type="button"
        id={`${props.id}-add`}
        className="utrecht-button utrecht-button--secondary-action"
        onClick={props.onAdd}
        disabled={props.disabled || full}
        aria-describedby={full ? `${props.id}-max` : undefined}
      >
        {t.addRow}
      </button>
      {(full || props.tooMany) && (
        <p className="utrecht-paragraph" id={`${props.id}-max`}>
          {t.maxRows(MAX_ROWS)}
        </p>
      )}
    </div>
  );
}

function AmountFields({ id, value, errors, disabled, onChange }: Omit<PlanEditorProps, "id"> & { id: string }) {
  const t = useTexts(PLAN_EDITOR);
  return (
    <>
      <TextField
        id={`${id}-weekly`}
        label={t.weekly}
        hint={t.weeklyHint}
        value={value.weeklyLivingMoney}
        onChange={(weeklyLivingMoney) => onChange({ ...value, weeklyLivingMoney })}
        inputMode="decimal"
        size={12}
        error={errors?.weeklyLivingMoney && t.errors[errors.weeklyLivingMoney]}
        disabled={disabled}
      />
      <TextField
        id={`${id}-buffer`}
        label={t.buffer}
        hint={t.bufferHint}
        value={value.bufferTarget}
        onChange={(bufferTarget) => onChange({ ...value, bufferTarget })}
        inputMode="decimal"
        size={12}
        error={errors?.bufferTarget && t.errors[errors.bufferTarget]}
        disabled={disabled}
      />
    </>
  );
}
