/**
 * JSON-lines logging for the keeper: one object per line, so that journald, Loki or any log shipper
 * can parse it without a pattern. A log line must never take the keeper down, so odd values (bigint,
 * errors, cycles, functions) are turned into something printable instead of throwing.
 */
import type { Logger, LogLevel } from "./types";

/** A logger that writes {"time","level","event",...fields} per line (to stdout by default). */
export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l + "\n")): Logger {
  return {
    log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
      try {
        write(toJsonLine(frame(level, event, fields)));
      } catch {
        // a closed stdout (EPIPE) or a throwing getter must not stop the keeper's payments
      }
    },
  };
}

function frame(level: LogLevel, event: string, fields: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = { time: new Date().toISOString(), level, event };
  // a field named time, level or event cannot overwrite the line's own
  for (const [key, value] of Object.entries(fields ?? {})) if (!(key in record)) record[key] = value;
  return record;
}

/** JSON.stringify that never throws: bigint as a decimal string, errors as name and message, repeats (cycles) marked. */
export function toJsonLine(value: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "bigint") return v.toString();
      if (v instanceof Error) return { name: v.name, message: v.message };
      if (typeof v === "function" || typeof v === "symbol") return String(v);
      if (typeof v === "object" && v !== null) {
        if (seen.has(v)) return "[repeated]";
        seen.add(v);
      }
      return v;
    });
  } catch (error) {
    // a throwing getter or toJSON: keep the line's frame so that the event is not lost
    const reason = error instanceof Error ? error.message : String(error);
    return JSON.stringify({ time: value.time, level: value.level, event: value.event, logError: reason });
  }
}
