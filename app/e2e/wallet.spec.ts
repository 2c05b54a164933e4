/**
 * The production path: an injected EIP-1193 wallet (window.ethereum, as MetaMask provides). Here a
 * small stand-in wallet passes every request to the test node, whose accounts are unlocked, so the
 * app signs through ethers' BrowserProvider exactly as it would with a real wallet. It can also
 * refuse to sign, sit on another chain and refuse to switch, or move to another chain later
 * (`window.__moveWallet(chainId)`, which tells the app as a wallet does: a chainChanged event).
 */
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNT, accounts, appUrl, householdOf } from "./helpers";

interface WalletOptions {
  account: string;
  rpcUrl: string;
  /** The chain the wallet is on; it refuses to switch when this is not the node's. */
  chainId?: string;
  /** The person declines every signature (EIP-1193 error 4001). */
  refuseToSign?: boolean;
  /** The wallet does not know the node's chain, but adds it when asked (EIP-3085), switching to it. */
  addsChain?: boolean;
}

async function injectWallet(page: Page, options: WalletOptions): Promise<void> {
  await page.addInitScript((o: WalletOptions) => {
    const rpc = async (method: string, params: unknown[]) => {
      const response = await fetch(o.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      const body = (await response.json()) as {
        result?: unknown;
        error?: { code: number; message: string; data?: unknown };
      };
      if (body.error)
        throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
      return body.result;
    };
    const listeners: Record<string, ((...args: unknown[]) => void)[]> = {};
    let chainId = o.chainId;
    (window as unknown as { __moveWallet(id: string): void }).__moveWallet = (id: string) => {
      chainId = id;
      for (const listener of listeners.chainChanged ?? []) listener(id);
    };
    const wallet = {
      async request({ method, params }: { method: string; params?: unknown[] }) {
        if (method === "eth_requestAccounts" || method === "eth_accounts") return [o.account];
        if (method === "eth_chainId" && chainId) return chainId;
        if (method === "wallet_switchEthereumChain") {
          if (chainId) throw Object.assign(new Error("Unrecognized chain ID"), { code: 4902 });
          return null;
        }
        if (method === "wallet_addEthereumChain" && o.addsChain) {
          const added = (params as { chainId: string; rpcUrls: string[] }[])[0];
          if (added.rpcUrls[0] !== o.rpcUrl) throw new Error("the app offered another RPC URL");
          chainId = undefined; // now on the node's chain: eth_chainId goes to the node
          return null;
        }
        if (chainId && method === "eth_sendTransaction")
          throw new Error("the test wallet must not sign on another chain");
        if (method === "eth_sendTransaction" && o.refuseToSign) {
          throw Object.assign(new Error("User rejected the request."), { code: 4001 });
        }
        return rpc(method, params ?? []);
      },
      on(event: string, listener: (...args: unknown[]) => void) {
        (listeners[event] ??= []).push(listener);
      },
      removeListener(event: string, listener: (...args: unknown[]) => void) {
        listeners[event] = (listeners[event] ?? []).filter((l) => l !== listener);
      },
    };
    (window as unknown as { ethereum: unknown }).ethereum = wallet;
  }, options);
}

const rpcUrl = () => process.env.E2E_RPC_URL!;

test("a resident logs in with a wallet, gives notice and takes it back; both are on chain", async ({ page }) => {
  const resident = (await accounts())[ACCOUNT.resident];
  const { vault } = await householdOf(resident);
  await injectWallet(page, { account: resident, rpcUrl: rpcUrl() });
  await page.goto(appUrl());
  await page.getByRole("button", { name: "Inloggen met wallet" }).click();
  await expect(page.getByTestId("connected-as")).toContainText("via uw wallet");
  await expect(page.locator('[data-view="resident"][aria-busy="false"]')).toBeVisible();

  const notice = page.getByRole("region", { name: "Opzeggen" });
  await notice.getByRole("button", { name: "Opzeggen", exact: true }).click();
  await notice.getByRole("button", { name: "Ja, ik zeg op" }).click();
  await expect(page.getByText("Opzeggen: gelukt.")).toBeVisible();
  const exitAt = await vault.exitAvailableAt();
  expect(exitAt).toBeGreaterThan(0n);
  await expect(notice).toContainText("U heeft opgezegd. De kluis kan dicht vanaf");

  await notice.getByRole("button", { name: "Opzegging intrekken" }).click();
  await expect(page.getByText("Opzegging intrekken: gelukt.")).toBeVisible();
  expect(await vault.exitAvailableAt()).toBe(0n);
});

test("a signature the person declines is explained and changes nothing", async ({ page }) => {
  const resident = (await accounts())[ACCOUNT.resident];
  const { vault } = await householdOf(resident);
  await injectWallet(page, { account: resident, rpcUrl: rpcUrl(), refuseToSign: true });
  await page.goto(appUrl());
  await page.getByRole("button", { name: "Inloggen met wallet" }).click();
  await expect(page.locator('[data-view="resident"][aria-busy="false"]')).toBeVisible();
  const notice = page.getByRole("region", { name: "Opzeggen" });
  await notice.getByRole("button", { name: "Opzeggen", exact: true }).click();
  await notice.getByRole("button", { name: "Ja, ik zeg op" }).click();
  await expect(page.getByRole("alert")).toContainText("U heeft de transactie niet ondertekend. Er is niets veranderd.");
  expect(await vault.exitAvailableAt()).toBe(0n);
});

test("a wallet on another chain that will not switch is told which chain to choose", async ({ page }) => {
  const resident = (await accounts())[ACCOUNT.resident];
  await injectWallet(page, { account: resident, rpcUrl: rpcUrl(), chainId: "0xaa36a7" });
  await page.goto(appUrl());
  await page.getByRole("button", { name: "Inloggen met wallet" }).click();
  await expect(page.getByRole("alert")).toContainText("Zet uw wallet op het juiste netwerk (chain 31337)");
  await expect(page.getByTestId("connected-as")).toHaveCount(0);
});

test("a wallet that does not know the chain is asked to add it, and then logs in", async ({ page }) => {
  const resident = (await accounts())[ACCOUNT.resident];
  await injectWallet(page, { account: resident, rpcUrl: rpcUrl(), chainId: "0xaa36a7", addsChain: true });
  await page.goto(appUrl());
  await page.getByRole("button", { name: "Inloggen met wallet" }).click();
  await expect(page.getByTestId("connected-as")).toContainText("via uw wallet");
  await expect(page.locator('[data-view="resident"][aria-busy="false"]')).toBeVisible();
});

test("a wallet that moves to another chain after logging in is logged out with the reason, and signs nothing", async ({
  page,
}) => {
  const resident = (await accounts())[ACCOUNT.resident];
  const { vault } = await householdOf(resident);
  await injectWallet(page, { account: resident, rpcUrl: rpcUrl() });
  await page.goto(appUrl());
  await page.getByRole("button", { name: "Inloggen met wallet" }).click();
  await expect(page.locator('[data-view="resident"][aria-busy="false"]')).toBeVisible();
  await page.evaluate(() => (window as unknown as { __moveWallet(id: string): void }).__moveWallet("0x1"));
  await expect(page.getByRole("alert")).toContainText("Zet uw wallet op het juiste netwerk (chain 31337)");
  await expect(page.getByTestId("connected-as")).toHaveCount(0);
  expect(await vault.exitAvailableAt()).toBe(0n);
});

test("without a wallet the app says to install one", async ({ page }) => {
  await page.goto(appUrl());
  await page.getByRole("button", { name: "Inloggen met wallet" }).click();
  await expect(page.getByRole("alert")).toContainText("Er is geen wallet gevonden in deze browser");
});
