/**
 * A real `hardhat node` in a child process, on a free port of 127.0.0.1: for the end-to-end tests
 * and benchmarks that must talk JSON-RPC to a node rather than to the in-process network.
 */
import net from "net";
import path from "path";
import { spawn, type ChildProcess } from "child_process";

export interface LocalNode {
  url: string;
  /** Stops the node (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, "../..");

/** A port no one listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `hardhat node` (the node itself, not an npx wrapper, so that stopping it stops the node). */
export async function startHardhatNode(timeoutMs = 60_000): Promise<LocalNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const cli = require.resolve("hardhat/internal/cli/cli.js");
  const node = spawn(process.execPath, [cli, "node", "--port", String(port)], { cwd: ROOT, stdio: "ignore" });
  try {
    await waitForRpc(url, node, timeoutMs);
  } catch (error) {
    await stopNode(node);
    throw error;
  }
  return { url, stop: () => stopNode(node) };
}

async function waitForRpc(url: string, node: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.exitCode !== null) throw new Error(`hardhat node exited with code ${node.exitCode}`);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`hardhat node did not answer on ${url} within ${timeoutMs} ms`);
}

function stopNode(node: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (node.exitCode !== null || node.signalCode !== null) return resolve();
    const force = setTimeout(() => node.kill("SIGKILL"), 5_000);
    node.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    node.kill("SIGTERM");
  });
}
