/**
 * One transaction at a time per form. The tx state says "pending" only after React has drawn it
 * again, so a double-click can reach the handler twice before that: a ref closes the door at once,
 * and the second press is dropped instead of sending a second transaction (which would revert on
 * chain and cost gas).
 */
import { useCallback, useRef, useState } from "react";
import { useTx, type Tx } from "../../chain/tx";

/** Runs `action` unless an earlier one still runs; `running` is for the screen (aria-disabled). */
export function useOneAtATime() {
  const door = useRef(false);
  const [running, setRunning] = useState(false);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    if (door.current) return undefined;
    door.current = true;
    setRunning(true);
    try {
      return await action();
    } finally {
      door.current = false;
      setRunning(false);
    }
  }, []);
  return { run, running };
}

export interface SingleTx extends Tx {
  /** True while a send runs: handlers return early and buttons say aria-disabled. */
  busy: boolean;
}

/** `useTx` whose `send` does nothing (returns false) while an earlier send is still running. */
export function useSingleTx(): SingleTx {
  const tx = useTx();
  const { run, running } = useOneAtATime();
  const { send: txSend } = tx;
  const send = useCallback<Tx["send"]>(
    async (what, ...steps) => (await run(() => txSend(what, ...steps))) ?? false,
    [run, txSend],
  );
  return { ...tx, send, busy: running || tx.state.status === "pending" };
}
