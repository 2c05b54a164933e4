/**
 * The deployed system on a local network (in-process or `hardhat node`) as the scenario, the
 * household-year measurement and the forecast benchmark use it: the token and the factory as typed
 * contracts, amounts in the token's decimals, and the node's unlocked accounts by role, checked
 * against what the deployment registered.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { EuroToken, HouseholdVaultFactory } from "../../typechain-types";
import { ACCOUNT_INDEX, PAYERS, type Role } from "../../deploy/modules/core";
import { Money, UserError } from "../core";
import type { Deployment } from "./deployment";

export interface LocalSystem {
  token: EuroToken;
  factory: HouseholdVaultFactory;
  money: Money;
  /** The signer of every role (ACCOUNT_INDEX). */
  who: Record<Role, HardhatEthersSigner>;
  /** Lower-case address -> role, for the household book. */
  roleOf: Map<string, string>;
}

export async function openLocalSystem(hre: HardhatRuntimeEnvironment, deployment: Deployment): Promise<LocalSystem> {
  const { ethers } = hre;
  const token = (await ethers.getContractAt("EuroToken", deployment.addresses.token)) as unknown as EuroToken;
  const factory = (await ethers.getContractAt(
    "HouseholdVaultFactory",
    deployment.addresses.factory,
  )) as unknown as HouseholdVaultFactory;
  const money = new Money(Number(await token.decimals()));
  const who = await signersByRole(hre, token, factory);
  const roleOf = new Map((Object.keys(ACCOUNT_INDEX) as Role[]).map((r) => [who[r].address.toLowerCase(), r]));
  return { token, factory, money, who, roleOf };
}

/** The signer of every role, after checking that this deployment registers them as the runs need. */
async function signersByRole(
  hre: HardhatRuntimeEnvironment,
  token: EuroToken,
  factory: HouseholdVaultFactory,
): Promise<Record<Role, HardhatEthersSigner>> {
  const signers = await hre.ethers.getSigners();
  if (signers.length <= Math.max(...Object.values(ACCOUNT_INDEX))) {
    throw new UserError(`the node has ${signers.length} unlocked accounts; the scenario needs 12`);
  }
  const who = Object.fromEntries(
    (Object.keys(ACCOUNT_INDEX) as Role[]).map((r) => [r, signers[ACCOUNT_INDEX[r]]]),
  ) as Record<Role, HardhatEthersSigner>;
  for (const [payer, source] of Object.entries(PAYERS) as [keyof typeof PAYERS, number][]) {
    if (Number(await factory.payerSource(who[payer].address)) !== source) {
      throw new UserError(`this deployment does not register account ${ACCOUNT_INDEX[payer]} as payer ${payer}`);
    }
  }
  if (!(await token.hasRole(await token.MINTER_ROLE(), who.admin.address))) {
    throw new UserError("the scenario mints test euros, but account 0 cannot mint this token");
  }
  return who;
}
