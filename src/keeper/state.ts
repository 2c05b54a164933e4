/**
 * The keeper's position on disk: the last block whose VaultCreated events were read, the vaults found
 * so far and when the last run ended. Each run reads only the blocks after it. The file is replaced
 * atomically (a temporary file, then rename), so a keeper stopped half-way through a write leaves
 * the old state or the new one, never half a file.
 */
import { randomBytes } from "crypto";
import fs from "fs";
import path from "path";
import { UserError } from "../core";
import type { KeeperState } from "./types";

/** The state in `file`, or a fresh one that starts scanning at `fromBlock` when there is no file. */
export function loadState(file: string, factory: string, fromBlock: number): KeeperState {
  if (!fs.existsSync(file)) return { factory, lastBlock: fromBlock - 1, vaults: [] };
  let state: KeeperState;
  try {
    state = JSON.parse(fs.readFileSync(file, "utf8")) as KeeperState;
  } catch (error) {
    throw new UserError(
      `the keeper's state file ${file} is unreadable (${(error as Error).message}); move it away to rescan`,
    );
  }
  if (!isState(state)) {
    throw new UserError(`the keeper's state file ${file} is malformed; move it away to rescan from block ${fromBlock}`);
  }
  if (state.factory.toLowerCase() !== factory.toLowerCase()) {
    // Another factory's vaults would be called on this factory's batch, which rejects unknown vaults.
    throw new UserError(
      `the keeper's state file ${file} belongs to factory ${state.factory}, not ${factory}; use another --state`,
    );
  }
  return state;
}

function isState(s: unknown): s is KeeperState {
  const state = s as KeeperState;
  return (
    typeof state === "object" &&
    state !== null &&
    typeof state.factory === "string" &&
    Number.isInteger(state.lastBlock) &&
    Array.isArray(state.vaults) &&
    state.vaults.every((v) => typeof v?.vault === "string" && typeof v?.householdId === "string") &&
    (state.lastRunAt === undefined || Number.isInteger(state.lastRunAt))
  );
}

/** Writes the state atomically: a reader (or a crash) sees the old file or the new one. */
export function saveState(file: string, state: KeeperState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(state, null, 1) + "\n");
  fs.renameSync(temp, file);
}
