import { IgnitionModuleBuilder, ContractFuture, ModuleParameterRuntimeValue } from "@nomicfoundation/ignition-core";
import { id } from "ethers";

/**
 * Who does what in a local deployment, by index into the node's unlocked accounts (the in-process
 * Hardhat network and `npx hardhat node` share the same well-known test mnemonic). On a testnet
 * every address comes from the parameters file instead (deploy/parameters/<network>.json).
 */
export const ACCOUNT_INDEX = {
  admin: 0,
  coach: 1,
  svb: 2,
  toeslagen: 3,
  wi: 4,
  landlord: 5,
  energy: 6,
  insurer: 7,
  water: 8,
  treasury: 9,
  keeper: 10,
  resident: 11,
} as const;

export type Role = keyof typeof ACCOUNT_INDEX;

/** The payers and their source tag (mirrors IHouseholdVault.Source). */
export const PAYERS = { svb: 1, toeslagen: 2, wi: 3 } as const;
export type PayerRole = keyof typeof PAYERS;

export const CREDITORS = ["landlord", "energy", "insurer", "water"] as const;
export type CreditorRole = (typeof CREDITORS)[number];

const COACH_ROLE = id("COACH_ROLE");
const TREASURER_ROLE = id("TREASURER_ROLE");

/** EUR 1,500 (Utrecht's advance cap) and 30 days' notice, for a 6-decimal token. */
export const DEFAULT_ADVANCE_CAP = 1_500_000_000n;
export const DEFAULT_EXIT_NOTICE_PERIOD = 30 * 24 * 60 * 60;

/**
 * The municipality's part, on top of a given euro token: the vault implementation, the factory,
 * the payer and creditor registers, a budget coach and a treasurer who may advance money.
 * Every address is a module parameter; its default is the matching local test account.
 */
export function buildHouseholdSystem(
  m: IgnitionModuleBuilder,
  token: ContractFuture<string> | ModuleParameterRuntimeValue<string>,
) {
  const address = (role: Role) => m.getParameter<string>(role, m.getAccount(ACCOUNT_INDEX[role]) as never);

  const implementation = m.contract("HouseholdVault", []);
  const factory = m.contract("HouseholdVaultFactory", [
    address("admin"),
    token,
    implementation,
    address("treasury"),
    m.getParameter("advanceCap", DEFAULT_ADVANCE_CAP),
    m.getParameter("exitNoticePeriod", DEFAULT_EXIT_NOTICE_PERIOD),
  ]);

  for (const [payer, source] of Object.entries(PAYERS) as [PayerRole, number][]) {
    m.call(factory, "registerPayer", [address(payer), source], { id: `registerPayer_${payer}` });
  }
  for (const creditor of CREDITORS) {
    m.call(factory, "approveCreditor", [address(creditor)], { id: `approveCreditor_${creditor}` });
  }
  m.call(factory, "grantRole", [COACH_ROLE, address("coach")], { id: "grantCoach" });
  // The treasury advances money itself, so advances and their repayments use one account.
  m.call(factory, "grantRole", [TREASURER_ROLE, address("treasury")], { id: "grantTreasurer" });

  return { implementation, factory };
}
