import { UserError } from "../core";

export interface OptionSpec {
  /** true: takes a value (`--name value` or `--name=value`); false: a flag. */
  value: boolean;
  help: string;
}

/** Parses `--option value` style arguments; any unknown option or stray argument is an error that names it. */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new UserError(`unexpected argument "${arg}" (options start with --; try --help)`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const option = spec[name];
    if (!option) {
      throw new UserError(
        `unknown option --${name} (known: ${Object.keys(spec)
          .map((n) => `--${n}`)
          .join(", ")})`,
      );
    }
    if (!option.value) {
      if (eq !== -1) throw new UserError(`option --${name} takes no value`);
      out[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) value = argv[++i];
    if (value === undefined || value === "") throw new UserError(`option --${name} needs a value`);
    out[name] = value;
  }
  return out;
}

export function usage(command: string, spec: Record<string, OptionSpec>): string {
  const width = Math.max(...Object.keys(spec).map((n) => n.length)) + 10;
  const lines = Object.entries(spec).map(
    ([name, o]) => `  ${`--${name}${o.value ? " <value>" : ""}`.padEnd(width)} ${o.help}`,
  );
  return `usage: ${command} [options]\n\n${lines.join("\n")}`;
}
