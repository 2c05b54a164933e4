import { hexlify, randomBytes, Log, ContractTransactionResponse, ContractTransactionReceipt, id } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { EuroToken, HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import { ACCOUNT_INDEX, PAYERS, Role } from "../../deploy/modules/core";
import { DAY, isoDate, monthIndexOf, monthKey, monthName, monthStart, shortDate } from "../core";
import { deploySystem, Deployment, LOCAL_NETWORKS } from "../chain";
import { ScenarioFailure, UserError } from "../core";
import { buildLedger, Ledger, LedgerContext } from "../chain";
import { Money } from "../core";
import { buildReport, formatMonth, RentWatch, Report, Sample, sampleOf, writeReport } from "../book";
import { buildSchedule, Call, Cast, Household, PHASE, planAt, prepareAction, toPlan } from "./schedule";
import { Scenario } from "./scenario-file";

export interface RunOptions {
  /** Directory for the JSON report and the HTML chart (created if missing). */
  reportsDir: string;
  /** Run only this many months after the start month (a shortened run of the same code). */
  months?: number;
  /** Where progress lines go; console.log by default. */
  log?: (line: string) => void;
  /** Ignition deployment id (default chain-<chainId>). */
  deploymentId?: string;
  /** The scenario file's path, for the report. */
  scenarioFile?: string;
}

export interface RunResult {
  report: Report;
  reportPath: string;
  htmlPath: string;
  wallSeconds: number;
  transactions: number;
  deployment: Deployment;
}

/**
 * Runs a household through its months on whatever network `hre` is connected to: deploys (or
 * reuses) the system with the Ignition modules, creates the household's vault, moves the chain's
 * clock day by day (evm_setNextBlockTimestamp, so it works in-process and against a node), lets
 * the payers pay and a keeper settle and release every day, and applies the scenario's shocks.
 * The report is built from the chain's logs afterwards; the checks then decide success.
 */
export async function runScenario(
  hre: HardhatRuntimeEnvironment,
  scenarioIn: Scenario,
  options: RunOptions,
): Promise<RunResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const wallStart = Date.now();
  const { ethers } = hre;
  const provider = ethers.provider;

  if (!LOCAL_NETWORKS.includes(hre.network.name)) {
    throw new UserError(
      `the scenario mints test euros and moves the chain's clock: run it on hardhat or localhost, not "${hre.network.name}"`,
    );
  }

  log(`Deploying with the Ignition modules in deploy/ (network ${hre.network.name})...`);
  const deployment = await deploySystem(hre, { deploymentId: options.deploymentId });
  log(
    `  ${deployment.reused ? "reused the recorded deployment" : "deployed"}: factory ${deployment.addresses.factory}, ` +
      `token ${deployment.addresses.token}`,
  );
  const token = (await ethers.getContractAt("EuroToken", deployment.addresses.token)) as unknown as EuroToken;
  const factory = (await ethers.getContractAt(
    "HouseholdVaultFactory",
    deployment.addresses.factory,
  )) as unknown as HouseholdVaultFactory;
  const money = new Money(Number(await token.decimals()));

  // ---- accounts --------------------------------------------------------------------------------
  const signers = await ethers.getSigners();
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

  // ---- calendar: the schedule shared with the gas measurement (src/scenario/schedule.ts) -------------
  const chainNow = (await provider.getBlock("latest"))!.timestamp;
  const schedule = buildSchedule(scenarioIn, chainNow, money, options.months);
  const { scenario, months, startDay, endDay } = schedule;
  const shift = schedule.yearsShifted;
  if (shift > 0) {
    log(`  the chain is already past ${scenarioIn.start}: every date moves ${shift} year(s) later`);
  }
  const plan0 = toPlan(scenario.plan, who, money);

  // ---- transactions ----------------------------------------------------------------------------
  let lastT = chainNow;
  let transactions = 0;
  const labels = new Map<string, string>();
  const roleOf = new Map<string, string>(); // lower-case address -> role, filled below
  const senders = new Map<string, string>(); // transaction hash -> the role that sent it
  async function send(
    t: number,
    what: string,
    fn: () => Promise<ContractTransactionResponse>,
  ): Promise<ContractTransactionReceipt> {
    const at = Math.max(t, lastT + 1);
    await provider.send("evm_setNextBlockTimestamp", [at]);
    let receipt: ContractTransactionReceipt | null;
    try {
      const tx = await fn();
      receipt = await tx.wait();
    } catch (error) {
      const reason = (error as Error).message.split("\n")[0];
      throw new ScenarioFailure(`${isoDate(at)} ${what}: the transaction failed: ${reason}`);
    }
    if (!receipt || receipt.status !== 1) throw new ScenarioFailure(`${isoDate(at)} ${what}: the transaction reverted`);
    lastT = at;
    transactions++;
    labels.set(receipt.hash, what);
    senders.set(receipt.hash, roleOf.get(receipt.from.toLowerCase()) ?? receipt.from);
    return receipt;
  }
  /** Sends a call the schedule prepared, and waits for it (one transaction per block). */
  const sendCall = (t: number, what: string, call: Call) =>
    send(t, what, () => call.contract.connect(call.from).getFunction(call.method)(...call.args));

  for (const r of Object.keys(ACCOUNT_INDEX) as Role[]) roleOf.set(who[r].address.toLowerCase(), r);

  // ---- setup: the household joins ---------------------------------------------------------------
  const householdId = hexlify(randomBytes(32)); // the link to the person is kept off chain
  const vaultAddress = await factory.vaultAddress(householdId);
  const firstBlock = (await provider.getBlockNumber()) + 1;
  log("");
  log(`${scenario.title}`);
  log(`  household ${scenario.household.members.join(", ")}; on chain only a random id: ${householdId}`);
  log(`  joins on ${scenario.start}; runs ${months} month(s) to ${isoDate(endDay)}; vault ${vaultAddress}`);
  log("");

  const openingBalance = money.units(scenario.openingBalance.amount);
  const funding = money.units("1000000");
  for (const r of ["svb", "toeslagen", "wi", "treasury"] as const) {
    await send(startDay + PHASE.setup, `mint test euros for ${r}`, () =>
      token.connect(who.admin).mint(who[r].address, funding),
    );
  }
  if (openingBalance > 0n) {
    await send(startDay + PHASE.setup, "mint the opening balance", () =>
      token.connect(who.admin).mint(who.resident.address, openingBalance),
    );
  }
  for (const r of ["svb", "toeslagen", "wi", "treasury"] as const) {
    // Payers approve the vault's address before it exists: it is known from the household id.
    await send(startDay + PHASE.setup, `${r} approves the vault`, () =>
      token.connect(who[r]).approve(vaultAddress, ethers.MaxUint256),
    );
  }
  const created = await send(startDay + PHASE.create, "create the vault", () =>
    factory.connect(who.admin).createVault(householdId, who.resident.address, who.coach.address, plan0),
  );
  const vaultStart = (await provider.getBlock(created.blockNumber))!.timestamp;
  const vault = (await ethers.getContractAt("HouseholdVault", vaultAddress)) as unknown as HouseholdVault;
  if (openingBalance > 0n) {
    // A plain transfer, untagged: it waits in the vault like any income until the keeper's first
    // call (00:05) splits it.
    await send(startDay + PHASE.opening, "opening balance", () =>
      token.connect(who.resident).transfer(vaultAddress, openingBalance),
    );
  }

  // ---- the household and its plan's history (for due days and the weekly amount in force) -------
  const cast: Cast = { who, token, money, scenario };
  const household: Household = {
    vault,
    resident: who.resident,
    planHistory: [{ from: vaultStart, plan: scenario.plan }],
  };
  const planHistory = household.planHistory;
  const planNow = (t: number) => planAt(household, t);

  const roles = roleOf;
  const creditorBucket = new Map<string, string>(
    scenario.plan.buckets.map((b) => [who[b.creditor].address.toLowerCase(), b.code]),
  );
  const ctx: LedgerContext = {
    vault: vaultAddress,
    resident: who.resident.address,
    treasury: who.treasury.address,
    roles,
    creditorBucket,
    dueDayAt: (bucket, t) => planNow(t).buckets.find((b) => b.code === bucket)?.dueDay ?? 1,
    amountAt: (bucket, t) => money.units(planNow(t).buckets.find((b) => b.code === bucket)?.amount ?? "0"),
    weeklyAt: (t) => money.units(planNow(t).weeklyLivingMoney),
    senders,
    start: vaultStart,
    labels,
    vaultInterface: vault.interface,
    tokenInterface: token.interface,
    factoryInterface: factory.interface,
  };

  // ---- logs, fetched as the run goes ----------------------------------------------------------------
  const logs: Log[] = [];
  const timestamps = new Map<number, number>();
  let fetchedThrough = firstBlock - 1;
  const vaultTopic = ethers.zeroPadValue(vaultAddress, 32);
  const transferTopic = id("Transfer(address,address,uint256)");
  // KeeperBatchStopped names no vault: fetch it all and keep the scenario's own transactions.
  const batchStoppedTopic = factory.interface.getEvent("KeeperBatchStopped").topicHash;
  async function fetchLogs(): Promise<Ledger> {
    const to = await provider.getBlockNumber();
    if (to > fetchedThrough) {
      const range = { fromBlock: fetchedThrough + 1, toBlock: to };
      const batches = await Promise.all([
        provider.getLogs({ ...range, address: vaultAddress }),
        provider.getLogs({ ...range, address: deployment.addresses.token, topics: [transferTopic, vaultTopic] }),
        provider.getLogs({ ...range, address: deployment.addresses.token, topics: [transferTopic, null, vaultTopic] }),
        provider.getLogs({ ...range, address: deployment.addresses.factory, topics: [null, vaultTopic] }),
        provider
          .getLogs({ ...range, address: deployment.addresses.factory, topics: [batchStoppedTopic] })
          .then((found) => found.filter((l) => senders.has(l.transactionHash))),
      ]);
      for (const l of batches.flat()) {
        logs.push(l);
        if (!timestamps.has(l.blockNumber)) {
          timestamps.set(l.blockNumber, (await provider.getBlock(l.blockNumber))!.timestamp);
        }
      }
      fetchedThrough = to;
    }
    return buildLedger(logs, timestamps, ctx);
  }

  // ---- day by day ----------------------------------------------------------------------------------
  const samples: Sample[] = [];
  const rentWatch: RentWatch = new Map();
  const notes: { t: number; text: string }[] = [];
  const rentBucket = scenario.plan.buckets.findIndex((b) => b.code === "RENT");
  const bufferTarget0 = money.units(scenario.plan.bufferTarget);
  // The keeper sends an explicit gas limit: the batch stops cleanly (KeeperBatchStopped) when less
  // than GAS_PER_VAULT is left before a vault, so a limit from eth_estimateGas (what a node uses
  // when none is given) lets it succeed while handling no vault at all.
  const keeperGas = (await factory.GAS_PER_VAULT()) + 500_000n;

  for (const { day, keeperAt, actions } of schedule.days) {
    const keeperTime = day + PHASE.keeper;
    // What the vault could have paid rent from when it fell due (before the keeper acts): the
    // bucket, the buffer, the resident's savings and income still waiting to be split. Savings
    // count: the vault completes a fixed-cost month from them, so rent late while they sit in
    // the vault is a failure.
    if (rentBucket >= 0) {
      const [b, acc] = await Promise.all([vault.bucket(rentBucket), vault.accounts()]);
      if (Number(b.nextDueAt) <= keeperTime) {
        const monthIdx = Number(b.paidThroughMonth) + 1;
        if (!rentWatch.has(monthIdx)) {
          rentWatch.set(monthIdx, {
            dueAt: Number(b.nextDueAt),
            need: b.arrears + b.amountPerMonth,
            available: b.balance + acc.buffer + acc.savings + acc.unallocated,
          });
        }
      }
    }
    if (keeperAt === undefined) {
      const text = `${shortDate(day)}  the keeper does not run today`;
      notes.push({ t: day, text });
      log(`  ${text}`);
    } else {
      // The keeper's daily call: settle() splits the income that came in since the last call
      // (Allocated(Source.Income)), pays what is due; release() pays the week's living money.
      const receipt = await send(keeperAt, "keeper: settle and release", () =>
        factory.connect(who.keeper).settleAndReleaseMany([vaultAddress], { gasLimit: keeperGas }),
      );
      const stopped = receipt.logs.find((l) => l.topics[0] === batchStoppedTopic);
      if (stopped) {
        throw new ScenarioFailure(
          `${isoDate(keeperAt)} keeper: the batch stopped before the vault (KeeperBatchStopped) with gas limit ${keeperGas}`,
        );
      }
    }

    for (const action of actions) {
      const prepared = await prepareAction(cast, household, action);
      if (prepared.call) {
        const receipt = await sendCall(action.t, prepared.what!, prepared.call);
        prepared.done?.((await provider.getBlock(receipt.blockNumber))!.timestamp);
      }
      if (prepared.note) {
        notes.push({ t: action.t, text: prepared.note });
        log(`  ${shortDate(action.t)}  ${prepared.note}`);
      }
    }

    const [bucketViews, acc, held] = await Promise.all([
      vault.buckets(),
      vault.accounts(),
      token.balanceOf(vaultAddress),
    ]);
    samples.push(sampleOf(day, bucketViews, acc, held));

    const isMonthEnd = day + DAY >= monthStart(monthIndexOf(day) + 1);
    if (isMonthEnd) {
      const ledger = await fetchLogs();
      const m = monthIndexOf(day);
      log(formatMonth(m, ledger, samples, planNow(day), money, notes, bufferTarget0));
      log(`  (${transactions} transactions so far, ${((Date.now() - wallStart) / 1000).toFixed(1)} s)`);
    }
  }

  // ---- the book, the checks and the report ----------------------------------------------------------
  const ledger = await fetchLogs();
  const accounts = await vault.accounts();
  const bucketViews = await vault.buckets();
  const vaultBalance = await token.balanceOf(vaultAddress);
  const balances: Record<string, string> = {};
  for (const r of Object.keys(ACCOUNT_INDEX) as Role[])
    balances[r] = (await token.balanceOf(who[r].address)).toString();
  const endBlock = await provider.getBlockNumber();
  const wallSeconds = (Date.now() - wallStart) / 1000;

  const report = buildReport({
    scenario,
    scenarioFile: options.scenarioFile,
    yearsShifted: shift,
    months,
    network: { name: hre.network.name, chainId: deployment.chainId },
    deployment,
    vault: vaultAddress,
    householdId,
    vaultStart,
    endDay,
    money,
    ledger,
    samples,
    notes,
    accounts,
    bucketViews,
    vaultBalance,
    balances,
    rentWatch,
    planHistory,
    stats: { wallSeconds, transactions, blocks: endBlock - firstBlock + 1 },
    lastKeeperRun: schedule.lastKeeperRun,
  });
  const { reportPath, htmlPath } = writeReport(report, options.reportsDir, money);
  const failed = report.checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    throw new ScenarioFailure(
      failed.map((c) => c.detail).join("; "),
      failed.map((c) => `${c.name}: ${c.detail}`),
      reportPath,
    );
  }
  return { report, reportPath, htmlPath, wallSeconds, transactions, deployment };
}
