/**
 * The households the web app shows on a fresh local node: the demo family (income received this
 * month, fixed costs being saved for) and a second household whose income has not arrived yet, so
 * the coach sees a forecast alert. Created once per deployment: when the factory has vaults
 * already, nothing is sent.
 */
import path from "path";
import { hexlify, randomBytes } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { openLocalSystem, type LocalSystem } from "../chain/system";
import type { Deployment } from "../chain/deployment";
import { loadScenario, type IncomeSpec } from "../scenario/scenario-file";
import { toPlan } from "../scenario/schedule";

export interface DemoHousehold {
  householdId: string;
  vault: string;
  resident: string;
  coach: string;
}

export interface DemoSeed {
  /** False when the factory had vaults already and nothing was sent. */
  created: boolean;
  households: DemoHousehold[];
  /** The node's accounts by role, for the terminal's hints. */
  accounts: { municipality: string; coach: string; residents: string[] };
}

const FAMILY = path.resolve(__dirname, "../../scenarios/family.json");
/** The second household's resident: the first of the node's accounts that the deployment does not use. */
const SECOND_RESIDENT_INDEX = 12;
/** What the municipality's account holds for advances on a fresh local node (the cap is EUR 1,500 a household). */
const MUNICIPAL_FUNDS = "5000";

/** Creates the demo households unless the factory has vaults already. */
export async function seedDemoHouseholds(hre: HardhatRuntimeEnvironment, deployment: Deployment): Promise<DemoSeed> {
  const system = await openLocalSystem(hre, deployment);
  const { factory, who } = system;
  const signers = await hre.ethers.getSigners();
  const secondResident = signers[SECOND_RESIDENT_INDEX];
  const accounts = {
    municipality: who.admin.address,
    coach: who.coach.address,
    residents: [who.resident.address, secondResident.address],
  };
  const existing = await factory.queryFilter(factory.filters.VaultCreated());
  if (existing.length > 0) {
    const households = await Promise.all(existing.map((e) => describe(hre, e.args.householdId, e.args.vault)));
    return { created: false, households, accounts };
  }
  const scenario = loadScenario(FAMILY);
  const plan = toPlan(scenario.plan, who, system.money);
  const family = await createHousehold(system, who.resident, plan);
  await payThisMonthsIncome(system, family.vault, scenario.income);
  const second = await createHousehold(system, secondResident, plan);
  // Test euros for the municipality, which advances money to short households from its own account.
  await (await system.token.connect(who.admin).mint(who.admin.address, system.money.units(MUNICIPAL_FUNDS))).wait();
  return { created: true, households: [family, second], accounts };
}

async function createHousehold(
  { factory, who }: LocalSystem,
  resident: HardhatEthersSigner,
  plan: ReturnType<typeof toPlan>,
): Promise<DemoHousehold> {
  const householdId = hexlify(randomBytes(32)); // the link to a person is kept off chain
  const vault = await factory.vaultAddress(householdId);
  await (await factory.connect(who.admin).createVault(householdId, resident.address, who.coach.address, plan)).wait();
  return { householdId, vault, resident: resident.address, coach: who.coach.address };
}

/** The family's monthly income from W&I and Toeslagen, deposited by its payers, then split. */
async function payThisMonthsIncome(
  { token, who, money }: LocalSystem,
  vault: string,
  income: IncomeSpec[],
): Promise<void> {
  const monthly = income.filter((i) => i.inMonths === undefined);
  for (const payer of ["svb", "toeslagen", "wi"] as const) {
    const amounts = monthly.filter((i) => i.payer === payer).map((i) => money.units(i.amount));
    const total = amounts.reduce((a, b) => a + b, 0n);
    if (total === 0n) continue;
    await (await token.connect(who.admin).mint(who[payer].address, total)).wait();
    await (await token.connect(who[payer]).approve(vault, total)).wait();
    const contract = await vaultAt(who[payer], vault);
    for (const amount of amounts) await (await contract.deposit(amount)).wait();
  }
  const contract = await vaultAt(who.keeper, vault);
  await (await contract.settle()).wait();
}

async function vaultAt(runner: HardhatEthersSigner, vault: string) {
  const { HouseholdVault__factory } = await import("../../typechain-types");
  return HouseholdVault__factory.connect(vault, runner);
}

async function describe(hre: HardhatRuntimeEnvironment, householdId: string, vault: string): Promise<DemoHousehold> {
  const contract = await vaultAt((await hre.ethers.getSigners())[0], vault);
  return { householdId, vault, resident: await contract.resident(), coach: await contract.coach() };
}
