/**
 * Deploying the system with the Ignition modules in deploy/ (or reusing a recorded deployment), on
 * the in-process network, a node or a testnet (addresses from deploy/parameters/<network>.json).
 */
import fs from "fs";
import path from "path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { readDeploymentParameters } from "@nomicfoundation/hardhat-ignition/helpers";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import HuishoudboekjeModule from "../../deploy/modules/Huishoudboekje";
import ExistingTokenModule from "../../deploy/modules/HuishoudboekjeExistingToken";
import { ACCOUNT_INDEX } from "../../deploy/modules/core";
import { UserError } from "../core";
import { requireEnv } from "./env";

export interface Deployment {
  network: string;
  chainId: number;
  deploymentId: string;
  /** Where Ignition keeps the journal; undefined on the in-process Hardhat network (nothing is recorded). */
  deploymentDir?: string;
  /** True when every contract came from the recorded deployment and nothing new was sent. */
  reused: boolean;
  moduleId: string;
  addresses: { token: string; implementation: string; factory: string };
}

export interface DeployOptions {
  deploymentId?: string;
  /** Forget the recorded deployment and deploy again. */
  reset?: boolean;
}

/** Networks whose token is the project's own test token, which the scenario can mint. */
export const LOCAL_NETWORKS = ["hardhat", "localhost"];

export function parametersFile(hre: HardhatRuntimeEnvironment, network: string): string {
  return path.join(hre.config.paths.ignition, "parameters", `${network}.json`);
}

async function loadParameters(hre: HardhatRuntimeEnvironment, network: string, moduleId: string) {
  const file = parametersFile(hre, network);
  const shown = path.relative(process.cwd(), file);
  if (!fs.existsSync(file)) {
    throw new UserError(`no deployment parameters for network "${network}": create ${shown}`);
  }
  let parameters: DeploymentParameters;
  try {
    parameters = (await readDeploymentParameters(file)) as DeploymentParameters;
  } catch {
    throw new UserError(`${shown} is not valid JSON`);
  }
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
    throw new UserError(`${shown} must hold an object keyed by module id`);
  }
  const own = (parameters[moduleId] ?? {}) as Record<string, unknown>;
  if (moduleId === ExistingTokenModule.id) {
    // On a testnet every role must be a real, distinct address: a default would make the deployer
    // every payer and creditor at once.
    const seen = new Map<string, string>();
    for (const role of Object.keys(ACCOUNT_INDEX).filter((r) => r !== "keeper" && r !== "resident")) {
      const value = own[role];
      if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value) || /^0x0{40}$/.test(value)) {
        throw new UserError(`${shown}: ${moduleId}.${role} must be a non-zero address`);
      }
      const other = seen.get(value.toLowerCase());
      if (other && !(role === "admin" || other === "admin")) {
        throw new UserError(`${shown}: ${moduleId}.${role} is the same address as ${other}`);
      }
      seen.set(value.toLowerCase(), role);
    }
    parameters = { ...parameters, [moduleId]: { ...own, token: requireEnv("TOKEN_ADDRESS") } } as DeploymentParameters;
  }
  return parameters;
}

function readRecorded(dir: string | undefined): Record<string, string> {
  if (!dir) return {};
  const file = path.join(dir, "deployed_addresses.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
}

/**
 * Deploys (or reuses) the system with the Ignition modules in deploy/ and the parameters of the
 * current network. A recorded deployment (Ignition's journal under deploy/deployments/<id>) is
 * reused instead of duplicated; on a local node (chain 31337) that was restarted since, the old
 * record is dropped first, as `hardhat ignition deploy` does.
 */
export async function deploySystem(hre: HardhatRuntimeEnvironment, options: DeployOptions = {}): Promise<Deployment> {
  const network = hre.network.name;
  const chainId = Number(await hre.network.provider.request({ method: "eth_chainId" }));
  const module = network === "testnet" ? ExistingTokenModule : HuishoudboekjeModule;
  const deploymentId = options.deploymentId ?? `chain-${chainId}`;
  if (!/^[a-zA-Z0-9_-]+$/.test(deploymentId)) {
    throw new UserError(`deployment id "${deploymentId}" may only hold letters, digits, - and _`);
  }
  const deploymentDir =
    network === "hardhat" ? undefined : path.join(hre.config.paths.ignition, "deployments", deploymentId);

  if (deploymentDir && chainId === 31337) await dropRecordOfRestartedNode(hre, deploymentId, deploymentDir);
  if (deploymentDir && options.reset) fs.rmSync(deploymentDir, { recursive: true, force: true });

  const parameters = await loadParameters(hre, network, module.id);
  const before = readRecorded(deploymentDir);
  // Both modules return the same three contracts; only how the token is obtained differs.
  const result = await hre.ignition.deploy(module as typeof HuishoudboekjeModule, {
    parameters,
    deploymentId,
    displayUi: false,
  });
  const addresses = {
    token: await result.token.getAddress(),
    implementation: await result.implementation.getAddress(),
    factory: await result.factory.getAddress(),
  };
  const after = readRecorded(deploymentDir);
  const reused = Object.keys(after).length > 0 && Object.keys(after).every((k) => before[k] === after[k]);

  const code = await hre.ethers.provider.getCode(addresses.factory);
  if (code === "0x") {
    throw new UserError(
      `the recorded deployment ${deploymentDir ?? deploymentId} points at ${addresses.factory}, which has no code on ` +
        `this chain; deploy again with --reset`,
    );
  }
  return { network, chainId, deploymentId, deploymentDir, reused, moduleId: module.id, addresses };
}

/** A local node keeps no state across restarts: a record made on an earlier instance is stale. */
async function dropRecordOfRestartedNode(hre: HardhatRuntimeEnvironment, deploymentId: string, dir: string) {
  let instanceId: string;
  try {
    const metadata = (await hre.network.provider.request({ method: "hardhat_metadata" })) as { instanceId: string };
    instanceId = metadata.instanceId;
  } catch {
    return; // not a Hardhat node (e.g. anvil): keep the record; --reset drops it
  }
  const file = path.join(hre.config.paths.cache, ".hardhat-network-instances.json");
  const known = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
  if (known[deploymentId] !== instanceId) fs.rmSync(dir, { recursive: true, force: true });
  known[deploymentId] = instanceId;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(known, null, 2));
}
