import { Presets, SingleBar } from "cli-progress";

export interface ProgressOptions {
  /** Shown before the bar, or at the start of each plain line. */
  label: string;
  /** Where it is written: process.stderr by default, so that stdout keeps only the results. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /**
   * Not on a terminal (CI, a pipe, a file), a bar would fill the log with redraws: "lines" writes a
   * plain line each tenth of the way and at the end, "none" (the default) writes nothing.
   */
  plain?: "lines" | "none";
}

export interface Progress {
  /** How far the run is: `done` of the total; `detail` is shown after the count. */
  update(done: number, detail?: string): void;
  /** Ends it: the bar's last state stays on the terminal, or the last plain line is written. */
  stop(): void;
}

/**
 * Progress of a long run (a year of many households, a forecast): a cli-progress bar on a
 * terminal, plain lines or nothing elsewhere (see ProgressOptions.plain). Call stop() when done,
 * also on failure (try/finally): until then the bar's redraw timer keeps the process alive.
 */
export function startProgress(total: number, options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY) return terminalBar(total, options.label, stream);
  if (options.plain === "lines") return plainLines(total, options.label, stream);
  return { update: () => undefined, stop: () => undefined };
}

function terminalBar(total: number, label: string, stream: NodeJS.WritableStream): Progress {
  const bar = new SingleBar({ stream, format: `${label} [{bar}] {value}/{total} {detail}` }, Presets.shades_classic);
  bar.start(total, 0, { detail: "" });
  return {
    update: (done, detail = "") => bar.update(done, { detail }),
    stop: () => bar.stop(),
  };
}

function plainLines(total: number, label: string, stream: NodeJS.WritableStream): Progress {
  let tenthWritten = -1;
  let last = { done: 0, detail: "" };
  const write = () => stream.write(`${label}: ${last.done}/${total}${last.detail ? ` ${last.detail}` : ""}\n`);
  return {
    update(done, detail = "") {
      last = { done, detail };
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth > tenthWritten) {
        tenthWritten = tenth;
        write();
      }
    },
    stop() {
      if (tenthWritten < 10) write();
      tenthWritten = 10;
    },
  };
}
