import net from "net";
import { expect } from "chai";
import { getAddress, HDNodeWallet, JsonRpcProvider, Mnemonic, parseEther, Wallet } from "ethers";
import { UserError } from "../../src/core";
import { startHardhatNode, type LocalNode } from "../../src/chain/local-node";
import { connectKeeperChain, raised } from "../../src/keeper/chain";
import type { KeeperChain, KeeperConfig, Logger, LogLevel } from "../../src/keeper/types";

/** Hardhat's well-known test accounts (the node's default mnemonic): nothing of value. */
const TEST_MNEMONIC = "test test test test test test test test test test test junk";
const testKey = (index: number) =>
  HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(TEST_MNEMONIC), `m/44'/60'/0'/0/${index}`).privateKey;
/** Nothing listens on the discard port. */
const DEAD_URL = "http://127.0.0.1:9";

interface Line {
  level: LogLevel;
  event: string;
  fields: Record<string, unknown>;
}

function memoryLogger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  return { lines, log: (level, event, fields = {}) => void lines.push({ level, event, fields }) };
}

function config(rpcUrls: string[], extra: Partial<KeeperConfig> = {}): KeeperConfig {
  return {
    rpcUrls,
    factory: "0x0000000000000000000000000000000000000001",
    unlockedAccount: 10,
    stateFile: "unused",
    fromBlock: 0,
    graceSeconds: 3600,
    gasCap: 16_777_216n,
    runAtMinutesUtc: [5],
    resubmitAfterSeconds: 120,
    once: true,
    ...extra,
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("keeper chain: failover, chain id, resubmission (real hardhat node)", function () {
  this.timeout(300_000);
  let node: LocalNode | undefined;
  let rpc: JsonRpcProvider;
  const chains: KeeperChain[] = [];
  const connect = async (c: KeeperConfig, log: Logger) => {
    const chain = await connectKeeperChain(c, log);
    chains.push(chain);
    return chain;
  };

  before(async () => {
    node = await startHardhatNode();
    // no request cache: balances are compared before and after within milliseconds
    rpc = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  });

  after(async () => {
    for (const chain of chains) await chain.provider.destroy();
    rpc?.destroy();
    await node?.stop();
  });

  it("fails over past a first URL that points nowhere: reads and sends still work", async () => {
    const log = memoryLogger();
    const chain = await connect(config([DEAD_URL, node!.url], { privateKey: testKey(12) }), log);
    expect(log.lines.map((l) => l.event)).to.include("rpc.unreachable");
    expect((await chain.provider.getNetwork()).chainId).to.equal(31337n);
    expect(await chain.now()).to.be.greaterThan(0);
    const to = "0x000000000000000000000000000000000000dEaD";
    const before = await rpc.getBalance(to);
    const first = await chain.send({ to, value: parseEther("1") });
    const second = await chain.send({ to, value: parseEther("2") });
    expect([first.status, second.status]).to.deep.equal([1, 1]);
    const nonces = await Promise.all([first, second].map(async (r) => (await rpc.getTransaction(r.hash))!.nonce));
    expect(nonces[1]).to.equal(nonces[0] + 1);
    expect((await rpc.getBalance(to)) - before).to.equal(parseEther("3"));
    expect(chain.address).to.equal(new Wallet(testKey(12)).address);
  });

  it("fails over when the first URL goes down while the keeper runs: reads and sends carry on", async () => {
    const proxy = await tcpProxy(node!.url);
    const log = memoryLogger();
    const chain = await connect(config([proxy.url, node!.url], { privateKey: testKey(14) }), log);
    expect(log.lines.map((l) => l.event)).to.not.include("rpc.unreachable");
    const to = "0x000000000000000000000000000000000000cafE";
    const before = await rpc.getBalance(to);
    expect((await chain.send({ to, value: 1n })).status).to.equal(1);
    await proxy.close();
    expect(await chain.now()).to.be.greaterThan(0);
    expect((await chain.send({ to, value: 2n })).status).to.equal(1);
    expect((await rpc.getBalance(to)) - before).to.equal(3n);
    const failovers = log.lines.filter((l) => l.event === "rpc.failover");
    expect(failovers).to.have.lengthOf(1);
    expect(failovers[0].fields).to.deep.include({ down: [proxy.url], answering: [node!.url] });
  });

  it("without a key sends from the node's unlocked account", async () => {
    const chain = await connect(config([node!.url], { unlockedAccount: 10 }), memoryLogger());
    const accounts: string[] = await rpc.send("eth_accounts", []);
    expect(chain.address).to.equal(getAddress(accounts[10]));
    const receipt = await chain.send({ to: accounts[11], value: 1n });
    expect(receipt.status).to.equal(1);
    expect(receipt.from).to.equal(getAddress(accounts[10]));
  });

  it("names a URL on another chain, and says when no URL answers", async () => {
    const wrong = connectKeeperChain(config([node!.url], { chainId: 1 }), memoryLogger());
    await expectUserError(wrong, new RegExp(`RPC URL ${escape(node!.url)} is on chain 31337, not chain 1`));
    const none = connectKeeperChain(config([DEAD_URL, "http://127.0.0.1:1/v3/secret-key"]), memoryLogger());
    const error = await expectUserError(none, /^no RPC URL answers: http:\/\/127\.0\.0\.1:9 \(/);
    // a provider's API key in the path is never repeated in a message or a log line
    expect(error.message).to.include("http://127.0.0.1:1/…").and.not.include("secret-key");
  });

  it("resubmits a transaction that is not mined with higher fees, same nonce; only the replacement is mined", async () => {
    const log = memoryLogger();
    const chain = await connect(config([node!.url], { privateKey: testKey(13), resubmitAfterSeconds: 2 }), log);
    const to = "0x000000000000000000000000000000000000bEEF";
    const before = await rpc.getBalance(to);
    await rpc.send("evm_setAutomine", [false]);
    try {
      const sending = chain.send({ to, value: 5n });
      const resubmitted = await until("a resubmission", () => log.lines.find((l) => l.event === "tx.resubmitted"));
      await rpc.send("evm_mine", []);
      const receipt = await sending;
      const sent = log.lines.filter((l) => l.event === "tx.sent" || l.event === "tx.resubmitted");
      const hashes = sent.map((l) => l.fields.hash as string);
      expect(hashes.length).to.be.greaterThan(1);
      expect(new Set(sent.map((l) => l.fields.nonce))).to.have.lengthOf(1);
      expect(receipt.hash).to.not.equal(hashes[0]);
      expect(hashes).to.include(receipt.hash);
      const mined = await Promise.all(hashes.map((h) => rpc.getTransactionReceipt(h)));
      expect(mined.filter((r) => r !== null)).to.have.lengthOf(1);
      expect((await rpc.getBalance(to)) - before).to.equal(5n);
      expect(resubmitted.fields.replaces).to.equal(hashes[0]);
      for (const fee of ["maxFeePerGas", "maxPriorityFeePerGas"]) {
        expect(resubmitted.fields[fee] as bigint).to.be.at.least(raised(sent[0].fields[fee] as bigint));
      }
    } finally {
      await rpc.send("evm_setAutomine", [true]);
    }
  });
});

describe("raised fees", () => {
  it("raise by at least 12.5 %, rounded up, and at least 1 wei", () => {
    expect(raised(1000n)).to.equal(1125n);
    expect(raised(1001n)).to.equal(1127n);
    expect(raised(0n)).to.equal(1n);
    expect(raised(1n)).to.equal(2n);
  });
});

/** A TCP proxy to the node: a second URL to the same chain that the test can take down. */
async function tcpProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return { url, close };
}

async function expectUserError(promise: Promise<unknown>, pattern: RegExp): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(UserError);
  expect((error as Error).message).to.match(pattern);
  return error as Error;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
