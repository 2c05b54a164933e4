/**
 * Who is connected, through what, and the chain as last read. An injected EIP-1193 wallet
 * (MetaMask and the like) signs in production; on a local development node the node's own test
 * accounts can be picked instead (their keys are public: development only).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { BrowserProvider, getAddress, toBeHex, type Eip1193Provider, type JsonRpcProvider, type Signer } from "ethers";
import type { AppConfig } from "../../../src/webapp/app-config";
import { loadDirectory, readerFor, rolesOf, type Directory, type RolesOf } from "./contracts";

declare global {
  interface Window {
    ethereum?: Eip1193Provider & {
      on?(event: string, handler: (...args: unknown[]) => void): void;
      removeListener?(event: string, handler: (...args: unknown[]) => void): void;
    };
  }
}

export interface Account {
  address: string;
  signer: Signer;
  via: "wallet" | "dev";
}

/** Why connecting failed, as a key of the common texts. */
export type ConnectProblem = "noWallet" | "walletRefused" | "wrongChain";

export interface Session {
  config: AppConfig;
  reader: JsonRpcProvider;
  directory?: Directory;
  /** The chain could not be read (the node is down, the factory is wrong); the detail is in the console. */
  loadError?: boolean;
  account?: Account;
  roles?: RolesOf;
  connectProblem?: ConnectProblem;
  connectWallet(): Promise<void>;
  useDevAccount(address: string): Promise<void>;
  disconnect(): void;
  /** Reads the chain again (after a transaction). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** The chain the wallet is on now. */
export async function walletChainId(injected: Eip1193Provider): Promise<number> {
  return Number(await injected.request({ method: "eth_chainId", params: [] }));
}

/**
 * Whether the wallet is on the config's chain, after asking it to switch when it is not. A wallet
 * that does not know the chain yet (EIP-3085 code 4902, e.g. MetaMask and a local node) is asked to
 * add it with the app's RPC URL; the person confirms both in the wallet.
 */
async function onChain(injected: Eip1193Provider, config: AppConfig): Promise<boolean> {
  if ((await walletChainId(injected)) === config.chainId) return true;
  const chainId = toBeHex(config.chainId);
  try {
    await injected.request({ method: "wallet_switchEthereumChain", params: [{ chainId }] });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 4902) return false;
    try {
      const chain = { chainId, chainName: config.networkName, rpcUrls: [config.rpcUrl] };
      const nativeCurrency = { name: "Ether", symbol: "ETH", decimals: 18 };
      await injected.request({ method: "wallet_addEthereumChain", params: [{ ...chain, nativeCurrency }] });
    } catch {
      return false;
    }
  }
  return (await walletChainId(injected)) === config.chainId;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

/** The directory, once loaded: views render only after it is there. */
export function useDirectory(): Directory {
  const d = useSession().directory;
  if (!d) throw new Error("useDirectory before the directory is loaded");
  return d;
}

export function SessionProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  const reader = useMemo(() => readerFor(config), [config]);
  const [directory, setDirectory] = useState<Directory>();
  const [loadError, setLoadError] = useState<boolean>();
  const [account, setAccount] = useState<Account>();
  const [roles, setRoles] = useState<RolesOf>();
  const [connectProblem, setConnectProblem] = useState<ConnectProblem>();

  const load = useCallback(
    async (who: Account | undefined) => {
      try {
        const d = await loadDirectory(config, reader);
        const r = who ? await rolesOf(config, reader, d, who.address) : undefined;
        setDirectory(d);
        setRoles(r);
        setLoadError(false);
      } catch (error) {
        // The person gets a sentence; ethers' technical message is for the operator's console.
        console.warn("reading the chain failed", error);
        setLoadError(true);
      }
    },
    [config, reader],
  );

  useEffect(() => {
    void load(account);
  }, [load, account]);

  const connectWallet = useCallback(async () => {
    setConnectProblem(undefined);
    // A wallet that cannot be used (any more) logs the person out, so the reason shows at the login.
    const fail = (problem: ConnectProblem) => {
      setConnectProblem(problem);
      setAccount((a) => (a?.via === "wallet" ? undefined : a));
    };
    const injected = window.ethereum;
    if (!injected) return fail("noWallet");
    const wallet = new BrowserProvider(injected);
    let addresses: string[];
    try {
      addresses = (await wallet.send("eth_requestAccounts", [])) as string[];
    } catch {
      return fail("walletRefused");
    }
    if (addresses.length === 0) return fail("walletRefused");
    if (!(await onChain(injected, config))) return fail("wrongChain");
    const address = getAddress(addresses[0]);
    setAccount({ address, signer: await new BrowserProvider(injected).getSigner(address), via: "wallet" });
  }, [config]);

  // A wallet that switches account or chain: follow it, or disconnect.
  useEffect(() => {
    const injected = window.ethereum;
    if (account?.via !== "wallet" || !injected?.on) return;
    const onAccounts = (...args: unknown[]) => {
      const list = args[0] as string[];
      if (list.length === 0) setAccount(undefined);
      else void connectWallet();
    };
    const onChainChanged = () => void connectWallet();
    injected.on("accountsChanged", onAccounts);
    injected.on("chainChanged", onChainChanged);
    return () => {
      injected.removeListener?.("accountsChanged", onAccounts);
      injected.removeListener?.("chainChanged", onChainChanged);
    };
  }, [account, connectWallet]);

  const useDevAccount = useCallback(
    async (address: string) => {
      if (!config.devAccounts) return;
      setConnectProblem(undefined);
      setAccount({ address: getAddress(address), signer: await reader.getSigner(address), via: "dev" });
    },
    [config, reader],
  );

  const session: Session = {
    config,
    reader,
    directory,
    loadError,
    account,
    roles,
    connectProblem,
    connectWallet,
    useDevAccount,
    disconnect: () => {
      setAccount(undefined);
      setConnectProblem(undefined);
    },
    refresh: () => load(account),
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
