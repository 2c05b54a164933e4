/**
 * Loaded into every mocha worker of `npm test` (`hardhat test --parallel`, see `mocha.require` in
 * hardhat.config.ts). A worker sends each file's results to the main process over Node's IPC
 * channel, which encodes them as JSON, and JSON has no BigInt: a failed assertion on an amount
 * (`expected 1n to equal 2n`) or an ethers error that carries a receipt would turn the whole
 * file's results into "Do not know how to serialize a BigInt". Bigints in those messages are sent
 * as text instead ("2n", as chai prints them).
 *
 * Hardhat also loads every file under test/ as a test file, so this one runs in serial runs and
 * in the main process too, where it must do nothing.
 */
const isMochaWorker = process.env.MOCHA_WORKER_ID !== undefined && typeof process.send === "function";
const patched = Symbol.for("huishoudboekje.bigintSafeSend");

function withoutBigInts(message: unknown): unknown {
  return JSON.parse(JSON.stringify(message, (_key, value) => (typeof value === "bigint" ? `${value}n` : value)));
}

if (isMochaWorker && !(process as unknown as Record<symbol, boolean>)[patched]) {
  const send = process.send!.bind(process) as (...args: unknown[]) => boolean;
  process.send = ((message: unknown, ...rest: unknown[]) =>
    send(withoutBigInts(message), ...rest)) as typeof process.send;
  (process as unknown as Record<symbol, boolean>)[patched] = true;
}

export {};
