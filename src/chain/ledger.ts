import type { Log } from "ethers";
import { DecodedLog, EVENT_HANDLERS, startBuild } from "./ledger-events";
import { emptyLedger, Ledger, LedgerContext } from "./ledger-types";
/**
 * Builds the household book from what the chain recorded: the token's Transfer logs into and out
 * of the vault, and the vault's (and keeper batch's) events. Nothing here comes from what the
 * scenario meant to do, except the labels that annotate income.
 *
 * Income comes in two ways and is split later, by the keeper's next call: a payer's deposit (a
 * Transfer into the vault with IncomeReceived(source, amount) in the same transaction: the payer's
 * tag) and a plain transfer (a Transfer into the vault with no vault event: untagged). Each
 * Allocated(Source.Income) event splits what has waited since the previous split; the book assigns
 * it to the waiting income oldest first, so every income movement gets the time it was split
 * (`splitAt`) and every split its amounts by source (`bySource`).
 */
export function buildLedger(logs: Log[], timestamps: Map<number, number>, ctx: LedgerContext): Ledger {
  const decoded = decodeLogs(logs, timestamps, ctx);
  const byTx = groupByTransaction(decoded);
  const b = startBuild(ctx, emptyLedger());
  for (const d of decoded) EVENT_HANDLERS.get(d.name)?.(b, d, byTx.get(d.log.transactionHash) ?? []);
  b.ledger.waiting = b.waiting.reduce((s, w) => s + w.left, 0n);
  return b.ledger;
}

/** Parses each log with the interface of the contract that emitted it, in chain order. */
function decodeLogs(logs: Log[], timestamps: Map<number, number>, ctx: LedgerContext): DecodedLog[] {
  const vault = ctx.vault.toLowerCase();
  const transferTopic = ctx.tokenInterface.getEvent("Transfer")!.topicHash;
  const decoded: DecodedLog[] = [];
  for (const log of logs) {
    const timestamp = timestamps.get(log.blockNumber);
    if (timestamp === undefined) throw new Error(`no timestamp for block ${log.blockNumber}`);
    const address = log.address.toLowerCase();
    const iface =
      address === vault
        ? ctx.vaultInterface
        : log.topics[0] === transferTopic
          ? ctx.tokenInterface
          : ctx.factoryInterface;
    const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
    if (!parsed) continue;
    decoded.push({ name: parsed.name, args: parsed.args as unknown as DecodedLog["args"], log, timestamp });
  }
  decoded.sort((a, b) => a.log.blockNumber - b.log.blockNumber || a.log.index - b.log.index);
  return decoded;
}

/** The decoded logs of each transaction, in log order: an event is read with its transaction's others. */
function groupByTransaction(decoded: DecodedLog[]): Map<string, DecodedLog[]> {
  const byTx = new Map<string, DecodedLog[]>();
  for (const d of decoded) {
    const list = byTx.get(d.log.transactionHash) ?? [];
    list.push(d);
    byTx.set(d.log.transactionHash, list);
  }
  return byTx;
}
