/**
 * The contracts as typed objects (TypeChain), and the reads every view shares: the roles of an
 * address, the households of the factory, the registers. Households are found from the factory's
 * VaultCreated events and known by their id only.
 */
import { JsonRpcProvider, type ContractRunner, type Provider } from "ethers";
import {
  EuroToken__factory,
  HouseholdVault__factory,
  HouseholdVaultFactory__factory,
  type HouseholdVault,
  type HouseholdVaultFactory,
} from "../../../typechain-types";
import { readVault, type VaultSnapshot } from "../../../src/chain/vault-state";
import type { AppConfig } from "../../../src/webapp/app-config";

export function readerFor(config: AppConfig): JsonRpcProvider {
  // The node is polled a little faster than ethers' default, so a confirmation shows soon.
  const provider = new JsonRpcProvider(config.rpcUrl, config.chainId, { staticNetwork: true, pollingInterval: 1000 });
  return provider;
}

export const factoryAt = (config: AppConfig, runner: ContractRunner): HouseholdVaultFactory =>
  HouseholdVaultFactory__factory.connect(config.factory, runner);

export const vaultAt = (address: string, runner: ContractRunner): HouseholdVault =>
  HouseholdVault__factory.connect(address, runner);

export const tokenAt = (address: string, runner: ContractRunner) => EuroToken__factory.connect(address, runner);

/** One household as the views show it. */
export interface Household {
  householdId: string;
  vault: string;
  resident: string;
  coach: string;
  snapshot: VaultSnapshot;
  /** The coach's proposal waiting for the resident (nonce 0: none). */
  pending: { nonce: bigint; planHash: string };
  /** 0 when the resident has not given notice. */
  exitAvailableAt: bigint;
}

export interface Registers {
  payers: { address: string; source: number }[];
  creditors: string[];
  coaches: string[];
}

/** What the app knows about the factory: read again after every transaction. */
export interface Directory {
  /** The latest block's time: the vault's "now" (on a local node it may be ahead of the clock). */
  now: number;
  block: number;
  decimals: number;
  token: string;
  advanceCap: bigint;
  households: Household[];
  registers: Registers;
  roles: { registrar: string; guardian: string; treasurer: string; coach: string; admin: string };
}

export async function loadDirectory(config: AppConfig, reader: Provider): Promise<Directory> {
  const factory = factoryAt(config, reader);
  const block = await reader.getBlock("latest");
  if (!block) throw new Error("the node returned no latest block");
  const [token, advanceCap, registrar, guardian, treasurer, coach, admin] = await Promise.all([
    factory.TOKEN(),
    factory.ADVANCE_CAP(),
    factory.REGISTRAR_ROLE(),
    factory.GUARDIAN_ROLE(),
    factory.TREASURER_ROLE(),
    factory.COACH_ROLE(),
    factory.DEFAULT_ADMIN_ROLE(),
  ]);
  const decimals = Number(await tokenAt(token, reader).decimals());
  const created = await factory.queryFilter(factory.filters.VaultCreated(), config.fromBlock, block.number);
  const households = await Promise.all(
    created.map((e) => readHousehold(reader, e.args.householdId, e.args.vault, block.number)),
  );
  const registers = await readRegisters(config, reader, block.number, coach);
  return {
    now: block.timestamp,
    block: block.number,
    decimals,
    token,
    advanceCap,
    households,
    registers,
    roles: { registrar, guardian, treasurer, coach, admin },
  };
}

async function readHousehold(reader: Provider, householdId: string, vault: string, block: number): Promise<Household> {
  const contract = vaultAt(vault, reader);
  const [snapshot, coach, pending, exitAvailableAt] = await Promise.all([
    readVault(reader, vault, block),
    contract.coach({ blockTag: block }),
    contract.pendingPlan({ blockTag: block }),
    contract.exitAvailableAt({ blockTag: block }),
  ]);
  return {
    householdId,
    vault,
    resident: snapshot.resident,
    coach,
    snapshot,
    pending: { nonce: pending.nonce, planHash: pending.planHash },
    exitAvailableAt,
  };
}

/** The registers as they stand: from their events, each entry checked against the factory now. */
async function readRegisters(
  config: AppConfig,
  reader: Provider,
  block: number,
  coachRole: string,
): Promise<Registers> {
  const factory = factoryAt(config, reader);
  const from = config.fromBlock;
  const [payerEvents, creditorEvents, roleEvents] = await Promise.all([
    factory.queryFilter(factory.filters.PayerRegistered(), from, block),
    factory.queryFilter(factory.filters.CreditorApproved(), from, block),
    factory.queryFilter(factory.filters.RoleGranted(coachRole), from, block),
  ]);
  const unique = (xs: string[]) => [...new Set(xs)];
  const payerAddresses = unique(payerEvents.map((e) => e.args.payer));
  const creditorAddresses = unique(creditorEvents.map((e) => e.args.creditor));
  const coachAddresses = unique(roleEvents.map((e) => e.args.account));
  const [sources, approved, coaches] = await Promise.all([
    Promise.all(payerAddresses.map((p) => factory.payerSource(p, { blockTag: block }))),
    Promise.all(creditorAddresses.map((c) => factory.isApprovedCreditor(c, { blockTag: block }))),
    Promise.all(coachAddresses.map((c) => factory.hasRole(coachRole, c, { blockTag: block }))),
  ]);
  return {
    payers: payerAddresses.map((address, i) => ({ address, source: Number(sources[i]) })).filter((p) => p.source !== 0),
    creditors: creditorAddresses.filter((_, i) => approved[i]),
    coaches: coachAddresses.filter((_, i) => coaches[i]),
  };
}

/** What an address may do here; a person may hold several roles (the app then shows a tab each). */
export interface RolesOf {
  municipality: { registrar: boolean; guardian: boolean; treasurer: boolean };
  coach: boolean;
  /** The households whose resident this address is. */
  resident: Household[];
  /** Coached households (the coach role may have been revoked while households remain). */
  coached: Household[];
}

export async function rolesOf(config: AppConfig, reader: Provider, d: Directory, account: string): Promise<RolesOf> {
  const factory = factoryAt(config, reader);
  const [registrar, guardian, treasurer, coach] = await Promise.all([
    factory.hasRole(d.roles.registrar, account, { blockTag: d.block }),
    factory.hasRole(d.roles.guardian, account, { blockTag: d.block }),
    factory.hasRole(d.roles.treasurer, account, { blockTag: d.block }),
    factory.hasRole(d.roles.coach, account, { blockTag: d.block }),
  ]);
  const same = (a: string) => a.toLowerCase() === account.toLowerCase();
  return {
    municipality: { registrar, guardian, treasurer },
    coach,
    resident: d.households.filter((h) => same(h.resident)),
    coached: d.households.filter((h) => same(h.coach)),
  };
}

export const isMunicipality = (r: RolesOf) =>
  r.municipality.registrar || r.municipality.guardian || r.municipality.treasurer;
