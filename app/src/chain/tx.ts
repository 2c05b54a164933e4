/**
 * One transaction at a time per form: pending (sent, waiting for a block), confirmed, or failed
 * with a plain-language reason. After a confirmation the app reads the chain again.
 */
import { useCallback, useState } from "react";
import type { ContractTransactionResponse } from "ethers";
import { useLang } from "../i18n";
import { COMMON } from "../i18n/common";
import { formatter } from "../i18n/format";
import { explainError } from "./explain";
import { useSession, walletChainId } from "./session";

export type TxState =
  | { status: "idle" }
  | { status: "pending"; what: string }
  | { status: "confirmed"; what: string; hash: string }
  | { status: "failed"; what: string; reason: string };

export interface Tx {
  state: TxState;
  /** Sends one or more transactions in order; true when all were confirmed. */
  send(what: string, ...steps: (() => Promise<ContractTransactionResponse>)[]): Promise<boolean>;
  /** Shows a failure found before anything was sent (a check of the form against the chain). */
  fail(what: string, reason: string): void;
  reset(): void;
}

export function useTx(): Tx {
  const [state, setState] = useState<TxState>({ status: "idle" });
  const { refresh, directory, account, config } = useSession();
  const { lang } = useLang();
  const send = useCallback(
    async (what: string, ...steps: (() => Promise<ContractTransactionResponse>)[]) => {
      setState({ status: "pending", what });
      let hash = "";
      try {
        for (const step of steps) {
          // A wallet moved to another chain would sign there: check before every step.
          if (
            account?.via === "wallet" &&
            window.ethereum &&
            (await walletChainId(window.ethereum)) !== config.chainId
          ) {
            setState({ status: "failed", what, reason: COMMON[lang].wrongChain(config.chainId) });
            return false;
          }
          const response = await step();
          const receipt = await response.wait();
          if (!receipt || receipt.status !== 1) throw new Error("the transaction was reverted");
          hash = receipt.hash;
        }
      } catch (error) {
        setState({ status: "failed", what, reason: explainError(error, formatter(lang, directory?.decimals ?? 6)) });
        // The chain may have moved on (a proposal replaced, a payment made): show it as it is now.
        void refresh();
        return false;
      }
      await refresh();
      setState({ status: "confirmed", what, hash });
      return true;
    },
    [refresh, lang, directory, account, config],
  );
  const fail = useCallback((what: string, reason: string) => setState({ status: "failed", what, reason }), []);
  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, send, fail, reset };
}
