/**
 * Vite, run as its own command (`vite`, `vite build`, `vite preview`) with app/vite.config.mts. The
 * app's config.json travels in the environment (APP_CONFIG): the dev server answers it at
 * /config.json and a build writes it next to index.html, so no generated file lands in the tree.
 */
import path from "path";
import { spawn, type ChildProcess } from "child_process";
import type { AppConfig } from "./app-config";

export const ROOT = path.resolve(__dirname, "../..");
export const APP_DIR = path.join(ROOT, "app");
export const VITE_CONFIG = path.join(APP_DIR, "vite.config.mts");

export interface ViteOptions {
  config: AppConfig;
  /** `vite build` (default app/dist) and `vite preview` (what it serves). */
  outDir?: string;
  port?: number;
  host?: string;
  /** Output: inherited (a person watches) or ignored (tests). */
  stdio?: "inherit" | "ignore" | "pipe";
}

/** Starts `vite <command>`; the caller waits for it or stops it. */
export function startVite(command: "dev" | "build" | "preview", o: ViteOptions): ChildProcess {
  // vite's package.json does not export its bin file: find it beside the package.
  const bin = path.join(path.dirname(require.resolve("vite/package.json")), "bin", "vite.js");
  const args = [bin, ...(command === "dev" ? [] : [command]), "--config", VITE_CONFIG];
  if (o.port !== undefined) args.push("--port", String(o.port), "--strictPort");
  if (o.host !== undefined) args.push("--host", o.host);
  if (command === "build") args.push("--emptyOutDir");
  const env = {
    ...process.env,
    APP_CONFIG: JSON.stringify(o.config),
    APP_OUT_DIR: path.resolve(o.outDir ?? path.join(APP_DIR, "dist")),
  };
  return spawn(process.execPath, args, { cwd: ROOT, env, stdio: o.stdio ?? "inherit" });
}

/** Waits for a child process to end; rejects when it ends with a non-zero code. */
export function finished(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0 || signal === "SIGTERM" || signal === "SIGINT") resolve();
      else reject(new Error(`${what} ended with ${code === null ? `signal ${signal}` : `code ${code}`}`));
    });
  });
}

/** The chain id a JSON-RPC node answers with, or undefined when nothing answers at `url`. */
export async function chainIdAt(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { result?: string };
    return body.result ? Number(body.result) : undefined;
  } catch {
    return undefined;
  }
}
