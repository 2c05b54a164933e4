/**
 * Which Chromium the browser tests use: Debian's package (/usr/bin/chromium), or CHROMIUM_PATH.
 * Playwright's own browser download does not work on these machines.
 */
import fs from "fs";

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

/** Headless as root, and no calls home (this machine's network refuses them). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A sentence saying how to install Chromium, or undefined when it is there. */
export function chromiumMissing(): string | undefined {
  const file = chromiumPath();
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return undefined;
  } catch {
    return (
      `Chromium is missing (${file}): the browser tests need it. Install it with ` +
      "`sudo apt-get update && sudo apt-get install -y chromium` (Debian), or set CHROMIUM_PATH to a Chromium binary."
    );
  }
}
