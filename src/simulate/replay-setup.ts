/**
 * The replay's setup, all before the households' year starts: a resident of her own for each
 * household, its vault's address (the factory derives it from the household id before the vault
 * exists), the model's run on those real addresses, test euros and vault approvals for the payers
 * and the treasurer, and then every vault created in one block at exactly the households' start.
 */
import { keccak256, MaxUint256, toUtf8Bytes } from "ethers";
import type { LocalSystem } from "../chain";
import { isoTime, UserError } from "../core";
import type { Plan } from "../rules";
import { PAYERS, type CreditorRole } from "../../deploy/modules/core";
import type { ReplayChain, ReplayTx } from "./replay-chain";
import {
  CATEGORY,
  type CategoryName,
  type HouseholdYear,
  type VaultAccounts,
  type VaultArmRun,
  type VaultTransfer,
} from "./types";

/** A household as the replay runs it. */
export interface ReplayHousehold {
  h: HouseholdYear;
  householdId: string;
  /** Real addresses, lower-case. */
  accounts: VaultAccounts;
  /** The model's run on those addresses. */
  run: VaultArmRun;
  /** The transfers out of its vault the chain shows, in block and log order. */
  transfers: VaultTransfer[];
}

export type RunModel = (h: HouseholdYear, accounts: VaultAccounts) => VaultArmRun;

/** Who is paid for each category of fixed cost (deploy/modules/core.ts registers them as creditors). */
const CREDITOR_OF: Record<CategoryName, CreditorRole> = {
  rent: "landlord",
  energy: "energy",
  insurance: "insurer",
  water: "water",
};

/** Gas limits of the setup's transactions (gasUsed does not depend on them; a too-small one fails loudly). */
const SETUP_GAS = { mint: 200_000n, approve: 150_000n, createVault: 3_000_000n };

/** The shared accounts of the deployment (the payers under their SOURCE tags), lower-case. */
function sharedAccounts(who: LocalSystem["who"]): Omit<VaultAccounts, "vault" | "resident"> {
  const lower = (role: keyof LocalSystem["who"]) => who[role].address.toLowerCase();
  return {
    coach: lower("coach"),
    treasury: lower("treasury"),
    payers: Object.fromEntries(Object.entries(PAYERS).map(([role, source]) => [source, lower(role as "svb")])),
    creditors: Object.fromEntries(
      Object.entries(CREDITOR_OF).map(([category, role]) => [CATEGORY[category as CategoryName], lower(role)]),
    ),
  };
}

/** Each household's id, vault address and resident, and the model's run on those addresses. */
export async function prepareHouseholds(
  chain: ReplayChain,
  system: LocalSystem,
  households: HouseholdYear[],
  runModel: RunModel,
): Promise<ReplayHousehold[]> {
  const ids = households.map((_, i) => keccak256(toUtf8Bytes(`replay household ${i}`)));
  const vaults = await Promise.all(ids.map((id) => system.factory.vaultAddress(id)));
  const residents: string[] = [];
  for (let i = 0; i < households.length; i++) residents.push(await chain.impersonate(`replay resident ${i}`));
  const shared = sharedAccounts(system.who);
  return households.map((h, i) => {
    const accounts: VaultAccounts = { ...shared, vault: vaults[i].toLowerCase(), resident: residents[i] };
    return { h, householdId: ids[i], accounts, run: runModel(h, accounts), transfers: [] };
  });
}

/**
 * One block just after the chain's latest, before the start: the payers and the treasurer get
 * the test euros their deposits and advances need, and approve every vault to pull them.
 */
export async function fundAndApprove(
  chain: ReplayChain,
  system: LocalSystem,
  sample: ReplayHousehold[],
): Promise<void> {
  const start = sample[0].h.start;
  const t = chain.latest.timestamp + 1;
  if (t >= start) {
    throw new UserError(
      `the chain's clock (${isoTime(chain.latest.timestamp)}) is not before the households' start ` +
        `(${isoTime(start)}): generate them for the year replayYear() gives`,
    );
  }
  const { token, who } = system;
  const tokenAddress = await token.getAddress();
  const needs = fundsNeeded(sample);
  const txs: ReplayTx[] = [...needs].map(([to, amount]) => ({
    from: who.admin.address,
    to: tokenAddress,
    data: token.interface.encodeFunctionData("mint", [to, amount]),
    gas: SETUP_GAS.mint,
    what: "mint",
    households: [],
  }));
  for (const spender of needs.keys()) {
    sample.forEach((s, i) =>
      txs.push({
        from: spender,
        to: tokenAddress,
        data: token.interface.encodeFunctionData("approve", [s.accounts.vault, MaxUint256]),
        gas: SETUP_GAS.approve,
        what: "approve",
        households: [i],
      }),
    );
  }
  requireAllSucceeded(await chain.mineAt(t, txs));
}

/** What each account that pays into the vaults (payers, treasurer) pays over the whole sample. */
function fundsNeeded(sample: ReplayHousehold[]): Map<string, bigint> {
  const needs = new Map<string, bigint>();
  const add = (account: string, amount: bigint) => needs.set(account, (needs.get(account) ?? 0n) + amount);
  for (const { h, accounts, run } of sample) {
    for (const a of run.actions) {
      if (a.kind === "deposit") {
        const payer = accounts.payers[a.source];
        if (!payer) throw new UserError(`household ${h.index}: no payer on chain has source ${a.source}`);
        add(payer, a.amount);
      } else if (a.kind === "advance") add(accounts.treasury, a.amount);
    }
  }
  return needs;
}

/** The plan the vault is created with: the costs in order, each paid to its category's creditor. */
function planOf(s: ReplayHousehold): Plan {
  return {
    buckets: s.h.costs.map((c) => ({
      category: c.category,
      dueDay: c.dueDay,
      amountPerMonth: c.amountPerMonth,
      creditor: s.accounts.creditors[c.category],
    })),
    weeklyLivingMoney: s.h.weekly,
    bufferTarget: s.run.startBufferTarget,
  };
}

/** Every vault, created by the registrar in one block at the households' start, at its predicted address. */
export async function createVaults(chain: ReplayChain, system: LocalSystem, sample: ReplayHousehold[]): Promise<void> {
  const { factory, who } = system;
  const factoryAddress = await factory.getAddress();
  const txs: ReplayTx[] = sample.map((s, i) => ({
    from: who.admin.address,
    to: factoryAddress,
    data: factory.interface.encodeFunctionData("createVault", [
      s.householdId,
      s.accounts.resident,
      s.accounts.coach,
      planOf(s),
    ]),
    gas: SETUP_GAS.createVault,
    what: "createVault",
    households: [i],
  }));
  const block = await chain.mineAt(sample[0].h.start, txs);
  requireAllSucceeded(block);
  const created = factory.interface.getEvent("VaultCreated").topicHash;
  block.txs.forEach(({ tx, logs }) => {
    const s = sample[tx.households[0]];
    const log = logs.find((l) => l.topics[0] === created);
    if (!log || `0x${log.topics[2].slice(26)}` !== s.accounts.vault) {
      throw new Error(`replay: household ${s.h.index}'s vault is not at the address the factory predicted`);
    }
  });
}

/** The setup cannot go on after a failed transaction: the replay's own failure, not the model's. */
function requireAllSucceeded(block: Awaited<ReturnType<ReplayChain["mineAt"]>>): void {
  const failed = block.txs.find((m) => !m.ok);
  if (failed) throw new Error(`replay: the setup's ${failed.tx.what} at ${isoTime(block.timestamp)} reverted`);
}
