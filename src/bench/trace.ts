/**
 * Where a transaction's gas goes, from debug_traceTransaction: every opcode except the call and
 * create family is counted at its own cost, at every depth; what is left of the execution gas is
 * the calls' and creates' own overhead (cold account access, value, code deposit).
 */
import { getBytes, type TransactionResponse } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

type Provider = HardhatRuntimeEnvironment["ethers"]["provider"];

export interface Breakdown {
  total: number;
  intrinsic: number;
  sstore: number;
  sstoreCount: number;
  sstoreFresh: number;
  sload: number;
  sloadCount: number;
  log: number;
  extcodecopy: number;
  extcodecopyCount: number;
  calls: number;
  other: number;
  /** SLOADs of a slot not yet read in the transaction (2,100 gas); the rest are warm (100). */
  sloadCold: number;
  /** SSTOREs at 100 gas: a slot already written in the transaction (or written unchanged). */
  sstoreRepeat: number;
  /** The transaction's own external calls (from the called contract), each with all the gas it used inside. */
  outerCalls: { to: string; gas: number }[];
  /** The called contract's own opcodes (not inside the token or the factory it calls). */
  own: {
    sload: number;
    sloadCount: number;
    sloadCold: number;
    sstore: number;
    sstoreCount: number;
    log: number;
    other: number;
  };
}

interface Step {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
}

const CALL_OPS = new Set(["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE", "CREATE", "CREATE2"]);

/** 21,000, the calldata (4 gas a zero byte, 16 any other) and, for a contract creation, its extra cost. */
function intrinsicGas(tx: TransactionResponse): number {
  const data = getBytes(tx.data);
  const zeros = data.filter((b) => b === 0).length;
  let intrinsic = 21_000 + zeros * 4 + (data.length - zeros) * 16;
  if (!tx.to) intrinsic += 32_000 + Math.ceil(data.length / 32) * 2;
  return intrinsic;
}

function emptyBreakdown(total: number, intrinsic: number): Breakdown {
  return {
    total,
    intrinsic,
    sstore: 0,
    sstoreCount: 0,
    sstoreFresh: 0,
    sload: 0,
    sloadCount: 0,
    log: 0,
    extcodecopy: 0,
    extcodecopyCount: 0,
    calls: 0,
    other: 0,
    sloadCold: 0,
    sstoreRepeat: 0,
    outerCalls: [],
    own: { sload: 0, sloadCount: 0, sloadCold: 0, sstore: 0, sstoreCount: 0, log: 0, other: 0 },
  };
}

/**
 * The depth where the called contract's own code runs: below a clone's DELEGATECALL to its
 * implementation when that is all the outer frame calls.
 */
function ownDepth(steps: Step[]): number {
  let top = steps.length ? steps[0].depth : 1;
  for (;;) {
    const ops = steps.filter((s) => s.depth === top && CALL_OPS.has(s.op));
    if (ops.length === 1 && ops[0].op === "DELEGATECALL") top += 1;
    else break;
  }
  return top;
}

/** The call at `steps[i]` (from the contract's own frame): its callee and everything it used. */
function outerCall(steps: Step[], i: number, top: number, names: Map<string, string>) {
  const step = steps[i];
  // Everything the call used: the gas before it, less the gas left when it returned.
  let j = i + 1;
  while (j < steps.length && steps[j].depth !== top) j++;
  const stack = step.stack ?? [];
  const word = stack[stack.length - 2] ?? "0"; // the callee, under the gas argument (hex, no 0x)
  const to = "0x" + (BigInt("0x" + word.replace(/^0x/, "")) & ((1n << 160n) - 1n)).toString(16).padStart(40, "0");
  if (j < steps.length) return { to: names.get(to) ?? to, gas: Number(step.gas) - Number(steps[j].gas) };
  return undefined;
}

/** Adds one opcode's cost to the totals at every depth. */
function countStep(b: Breakdown, op: string, cost: number): void {
  if (op === "SSTORE") {
    b.sstore += cost;
    b.sstoreCount += 1;
    if (cost >= 20_000) b.sstoreFresh += 1;
    if (cost <= 100) b.sstoreRepeat += 1;
  } else if (op === "SLOAD") {
    b.sload += cost;
    b.sloadCount += 1;
    if (cost >= 2_100) b.sloadCold += 1;
  } else if (op.startsWith("LOG")) b.log += cost;
  else if (op === "EXTCODECOPY") {
    b.extcodecopy += cost;
    b.extcodecopyCount += 1;
  } else b.other += cost;
}

/** Adds one opcode of the called contract's own code to its own totals. */
function countOwnStep(o: Breakdown["own"], op: string, cost: number): void {
  if (op === "SSTORE") {
    o.sstore += cost;
    o.sstoreCount += 1;
  } else if (op === "SLOAD") {
    o.sload += cost;
    o.sloadCount += 1;
    if (cost >= 2_100) o.sloadCold += 1;
  } else if (op.startsWith("LOG")) o.log += cost;
  else o.other += cost; // EXTCODECOPY (clone args) included
}

/**
 * Splits a transaction's gas by opcode. `names` names the addresses a trace calls (the token, the
 * factory, ...), for outerCalls.
 */
export async function traceBreakdown(provider: Provider, names: Map<string, string>, hash: string): Promise<Breakdown> {
  const receipt = (await provider.getTransactionReceipt(hash))!;
  const tx = (await provider.getTransaction(hash))!;
  const trace = (await provider.send("debug_traceTransaction", [
    hash,
    { disableStorage: true, disableMemory: true, disableStack: false },
  ])) as { structLogs: Step[] };
  const b = emptyBreakdown(Number(receipt.gasUsed), intrinsicGas(tx));
  const steps = trace.structLogs;
  const top = ownDepth(steps);
  let counted = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (CALL_OPS.has(step.op)) {
      const call = step.depth === top && !step.op.startsWith("CREATE") ? outerCall(steps, i, top, names) : undefined;
      if (call) b.outerCalls.push(call);
      continue;
    }
    const cost = Number(step.gasCost);
    counted += cost;
    countStep(b, step.op, cost);
    if (step.depth <= top) countOwnStep(b.own, step.op, cost);
  }
  // Refunds (storage cleared) lower gasUsed below the sum; they are folded into "calls" here.
  b.calls = b.total - b.intrinsic - counted;
  return b;
}

/** A traced transaction's external calls: to the factory, the token's reads (small) and its transfers. */
export function callsOf(b: Breakdown) {
  const sum = (xs: { gas: number }[]) => xs.reduce((s, c) => s + c.gas, 0);
  const token = b.outerCalls.filter((c) => c.to === "token");
  // A token balanceOf costs a few thousand gas at most; a transfer moves two balances (> 10,000).
  const transfers = token.filter((c) => c.gas > 8_000);
  const reads = token.filter((c) => c.gas <= 8_000);
  const factory = b.outerCalls.filter((c) => c.to === "factory");
  const all = sum(b.outerCalls);
  return {
    transfers: sum(transfers),
    transferCount: transfers.length,
    reads: sum(reads),
    readCount: reads.length,
    factory: sum(factory),
    all,
    /** The vault's own work: everything but the intrinsic gas and its external calls. */
    own: b.total - b.intrinsic - all,
  };
}
