import { hexlify, randomBytes, Log, ContractTransactionResponse, ContractTransactionReceipt, id } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { EuroToken, HouseholdVault, HouseholdVaultFactory } from "../../typechain-types";
import type { IHouseholdVault } from "../../typechain-types/contracts/HouseholdVault";
import { ACCOUNT_INDEX, PAYERS, Role } from "../../deploy/modules/core";
import {
  DAY,
  isoDate,
  monthIndexOf,
  monthIndexOfKey,
  monthKey,
  monthName,
  monthStart,
  daysInMonth,
  parseDate,
  previousWorkday,
  shiftDate,
  shiftMonth,
  shortDate,
} from "./calendar";
import { deploySystem, Deployment, LOCAL_NETWORKS } from "./deployment";
import { ScenarioFailure, UserError } from "./errors";
import { buildLedger, Ledger, LedgerContext } from "./ledger";
import { Money } from "./money";
import { buildReport, formatMonth, Report, Sample, writeReport } from "./report";
import { CATEGORY_CODES, CategoryCode, EventSpec, PlanSpec, Scenario } from "./scenario-file";

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

/** When, within a UTC day, each kind of action happens (seconds after midnight). */
const PHASE = {
  setup: 10,
  keeper: 5 * 60, // the keeper runs at 00:05 UTC, just after due dates start (00:00 UTC)
  token: 8 * 3600, // the token issuer (blocklist)
  income: 9 * 3600,
  advance: 10 * 3600,
  plan: 11 * 3600,
  claim: 12 * 3600,
  resident: 14 * 3600, // the resident's own actions in the app (withdrawing savings)
} as const;

type Action =
  | { t: number; phase: "income"; payer: "svb" | "toeslagen" | "wi"; amount: bigint; label: string; note?: string }
  | { t: number; phase: "token"; event: Extract<EventSpec, { type: "blocklist" | "unblocklist" }> }
  | { t: number; phase: "advance"; event: Extract<EventSpec, { type: "advance" }> }
  | { t: number; phase: "plan"; event: Extract<EventSpec, { type: "proposePlan" | "acceptPlan" }> }
  | { t: number; phase: "claim"; event: Extract<EventSpec, { type: "claim" }> }
  | { t: number; phase: "resident"; event: Extract<EventSpec, { type: "withdrawSavings" }> };

type PlanStruct = IHouseholdVault.PlanStruct;

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

  // ---- calendar --------------------------------------------------------------------------------
  const chainNow = (await provider.getBlock("latest"))!.timestamp;
  let shift = 0;
  while (parseDate(shiftDate(scenarioIn.start, shift)) <= chainNow + 3600) shift++;
  const scenario = shiftScenario(scenarioIn, shift);
  if (shift > 0) {
    log(`  the chain is already past ${scenarioIn.start}: every date moves ${shift} year(s) later`);
  }
  const months = options.months ?? scenario.months;
  const startDay = parseDate(scenario.start);
  const startMonth = monthIndexOf(startDay);
  const lastMonth = startMonth + months;
  const endDay = monthStart(lastMonth + 1) - DAY; // 00:00 of the last day of the last month

  const plan0 = toPlan(scenario.plan, who, money);
  const actions = buildActions(scenario, who, money, startDay, endDay);
  const outages = new Set(
    scenario.events.filter((e) => e.type === "keeperOutage").map((e) => parseDate((e as { date: string }).date)),
  );

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
  const created = await send(startDay + 60, "create the vault", () =>
    factory.connect(who.admin).createVault(householdId, who.resident.address, who.coach.address, plan0),
  );
  const vaultStart = (await provider.getBlock(created.blockNumber))!.timestamp;
  const vault = (await ethers.getContractAt("HouseholdVault", vaultAddress)) as unknown as HouseholdVault;
  if (openingBalance > 0n) {
    await send(startDay + 120, "opening balance", () =>
      token.connect(who.resident).transfer(vaultAddress, openingBalance),
    );
    await send(startDay + 121, "allocate the opening balance", () => vault.connect(who.keeper).allocate());
  }

  // ---- the plan's history (for due days and the weekly amount in force) --------------------------
  const planHistory: { from: number; plan: PlanSpec }[] = [{ from: vaultStart, plan: scenario.plan }];
  let proposed: { spec: PlanSpec; struct: PlanStruct } | undefined;
  const planAt = (t: number) => [...planHistory].reverse().find((p) => p.from <= t)!.plan;

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
    dueDayAt: (bucket, t) => planAt(t).buckets.find((b) => b.code === bucket)?.dueDay ?? 1,
    amountAt: (bucket, t) => money.units(planAt(t).buckets.find((b) => b.code === bucket)?.amount ?? "0"),
    weeklyAt: (t) => money.units(planAt(t).weeklyLivingMoney),
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
  const rentWatch = new Map<number, { dueAt: number; need: bigint; available: bigint }>();
  const notes: { t: number; text: string }[] = [];
  const rentBucket = scenario.plan.buckets.findIndex((b) => b.code === "RENT");
  const bufferTarget0 = money.units(scenario.plan.bufferTarget);
  // The keeper sends an explicit gas limit: the batch stops cleanly (KeeperBatchStopped) when less
  // than GAS_PER_VAULT is left before a vault, so a limit from eth_estimateGas (what a node uses
  // when none is given) lets it succeed while handling no vault at all.
  const keeperGas = (await factory.GAS_PER_VAULT()) + 500_000n;

  for (let day = startDay; day <= endDay; day += DAY) {
    const keeperAt = day + PHASE.keeper;
    if (day > startDay || keeperAt > lastT) {
      // What the vault could have paid rent from when it fell due (before the keeper acts).
      if (rentBucket >= 0) {
        const [b, acc] = await Promise.all([vault.bucket(rentBucket), vault.accounts()]);
        if (Number(b.nextDueAt) <= keeperAt) {
          const monthIdx = Number(b.paidThroughMonth) + 1;
          if (!rentWatch.has(monthIdx)) {
            rentWatch.set(monthIdx, {
              dueAt: Number(b.nextDueAt),
              need: b.arrears + b.amountPerMonth,
              // The resident's savings count as money that was there: the vault does not spend
              // them on fixed costs, but rent late while they sit in the vault is a failure.
              available: b.balance + acc.buffer + acc.savings + acc.unallocated,
            });
          }
        }
      }
      if (outages.has(day)) {
        const text = `${shortDate(day)}  the keeper does not run today`;
        notes.push({ t: day, text });
        log(`  ${text}`);
      } else {
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
    }

    for (const action of actions.filter((a) => a.t >= day && a.t < day + DAY)) {
      const note = await perform(action);
      if (note) {
        notes.push({ t: action.t, text: note });
        log(`  ${shortDate(action.t)}  ${note}`);
      }
    }

    const [bucketViews, acc, held] = await Promise.all([
      vault.buckets(),
      vault.accounts(),
      token.balanceOf(vaultAddress),
    ]);
    samples.push({
      t: day + DAY - 1,
      date: isoDate(day),
      tokenBalance: held.toString(),
      buckets: Object.fromEntries(bucketViews.map((b) => [CATEGORY_CODES[Number(b.category)], b.balance.toString()])),
      arrears: Object.fromEntries(bucketViews.map((b) => [CATEGORY_CODES[Number(b.category)], b.arrears.toString()])),
      livingMoney: acc.livingMoney.toString(),
      buffer: acc.buffer.toString(),
      savings: acc.savings.toString(),
      repaymentHeld: acc.repaymentHeld.toString(),
      advanceOutstanding: acc.advanceOutstanding.toString(),
      claimable: acc.claimable.toString(),
      unallocated: acc.unallocated.toString(),
    });

    const isMonthEnd = day + DAY >= monthStart(monthIndexOf(day) + 1);
    if (isMonthEnd) {
      const ledger = await fetchLogs();
      const m = monthIndexOf(day);
      log(formatMonth(m, ledger, samples, planAt(day), money, notes, bufferTarget0));
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
    lastKeeperRun: outages.has(endDay) ? endDay - DAY + PHASE.keeper : endDay + PHASE.keeper,
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

  // ---- the scenario's actions ----------------------------------------------------------------------
  async function perform(action: Action): Promise<string | undefined> {
    switch (action.phase) {
      case "income": {
        await send(action.t, action.label, () => vault.connect(who[action.payer]).deposit(action.amount));
        const payer = { svb: "SVB", toeslagen: "Toeslagen", wi: "W&I" }[action.payer];
        return action.note ? `${payer} pays ${money.eur(action.amount)} ${action.label}: ${action.note}` : undefined;
      }
      case "token": {
        const e = action.event;
        const target = who[e.creditor].address;
        if (e.type === "blocklist")
          await send(action.t, `blocklist ${e.creditor}`, () => token.connect(who.admin).blocklist(target));
        else await send(action.t, `unblocklist ${e.creditor}`, () => token.connect(who.admin).unblocklist(target));
        return `${e.type === "blocklist" ? "blocklisted" : "released"}: ${e.note}`;
      }
      case "resident": {
        const e = action.event;
        const savings = (await vault.accounts()).savings;
        const amount = e.amount === "all" ? savings : money.units(e.amount);
        if (amount === 0n) return `${scenario.household.resident} has no savings to withdraw`;
        if (amount > savings) {
          throw new ScenarioFailure(
            `${isoDate(action.t)} ${scenario.household.resident} withdraws ${money.eur(amount)} of savings, ` +
              `but the vault holds only ${money.eur(savings)} in savings`,
          );
        }
        await send(action.t, "resident withdraws savings", () => vault.connect(who.resident).withdrawSavings(amount));
        return `${scenario.household.resident} withdraws ${money.eur(amount)} of savings: ${e.note}`;
      }
      case "claim": {
        const e = action.event;
        const owed = await vault.claimable(who[e.creditor].address);
        if (owed === 0n) return `${e.creditor} has nothing to claim`;
        await send(action.t, `${e.creditor} claims`, () => vault.connect(who[e.creditor]).claim());
        return `${e.creditor} claims ${money.eur(owed)}: ${e.note}`;
      }
      case "advance": {
        const e = action.event;
        let amount: bigint;
        if (e.amount === "need") {
          amount = (await vault.buckets()).reduce((s, b) => {
            const target = b.arrears + b.amountPerMonth;
            return s + (target > b.balance ? target - b.balance : 0n);
          }, 0n);
          if (amount === 0n) return "the buckets need nothing: no advance";
        } else amount = money.units(e.amount);
        await send(action.t, "municipal advance", () => vault.connect(who.treasury).advance(amount));
        return `municipal advance of ${money.eur(amount)}: ${e.note}`;
      }
      case "plan": {
        const e = action.event;
        if (e.type === "proposePlan") {
          const spec = applyChanges(planAt(action.t), e.changes);
          const struct = toPlan(spec, who, money);
          await send(action.t, "coach proposes a plan", () => vault.connect(who.coach).proposePlan(struct));
          proposed = { spec, struct };
          return `coach proposes: ${describeChanges(planAt(action.t), spec)} (${e.note})`;
        }
        if (!proposed) throw new UserError(`${isoDate(action.t)}: acceptPlan without an earlier proposePlan`);
        const accepted = proposed;
        await send(action.t, "resident accepts the plan", () =>
          vault.connect(who.resident).acceptPlan(accepted.struct),
        );
        planHistory.push({ from: lastT, plan: accepted.spec });
        proposed = undefined;
        return `${scenario.household.resident} accepts the plan (${e.note})`;
      }
    }
  }
}

function toPlan(spec: PlanSpec, who: Record<Role, HardhatEthersSigner>, money: Money): PlanStruct {
  return {
    buckets: spec.buckets.map((b) => ({
      category: CATEGORY_CODES.indexOf(b.code),
      dueDay: b.dueDay,
      amountPerMonth: money.units(b.amount),
      creditor: who[b.creditor].address,
    })),
    weeklyLivingMoney: money.units(spec.weeklyLivingMoney),
    bufferTarget: money.units(spec.bufferTarget),
  };
}

function applyChanges(plan: PlanSpec, changes: Extract<EventSpec, { type: "proposePlan" }>["changes"]): PlanSpec {
  return {
    buckets: plan.buckets.map((b) => ({ ...b, amount: changes.amounts?.[b.code as CategoryCode] ?? b.amount })),
    weeklyLivingMoney: changes.weeklyLivingMoney ?? plan.weeklyLivingMoney,
    bufferTarget: changes.bufferTarget ?? plan.bufferTarget,
  };
}

function describeChanges(from: PlanSpec, to: PlanSpec): string {
  const parts: string[] = [];
  to.buckets.forEach((b, i) => {
    if (b.amount !== from.buckets[i].amount) parts.push(`${b.code} €${from.buckets[i].amount} -> €${b.amount} a month`);
  });
  if (to.weeklyLivingMoney !== from.weeklyLivingMoney) {
    parts.push(`living money €${from.weeklyLivingMoney} -> €${to.weeklyLivingMoney} a week`);
  }
  if (to.bufferTarget !== from.bufferTarget) parts.push(`buffer target €${from.bufferTarget} -> €${to.bufferTarget}`);
  return parts.join(", ") || "no change";
}

/** Every dated action of the scenario between the start and end days, in time order. */
function buildActions(
  scenario: Scenario,
  who: Record<Role, HardhatEthersSigner>,
  money: Money,
  startDay: number,
  endDay: number,
): Action[] {
  void who;
  const actions: Action[] = [];
  const firstMonth = monthIndexOf(startDay);
  const lastMonth = monthIndexOf(endDay);
  for (let m = firstMonth; m <= lastMonth; m++) {
    for (const inc of scenario.income) {
      if (inc.inMonths && !inc.inMonths.includes((m % 12) + 1)) continue;
      let amount = inc.amount;
      let note: string | undefined;
      for (const e of scenario.events) {
        if (e.type === "changeIncome" && e.income === inc.id) {
          if (m >= monthIndexOfKey(e.from) && m <= monthIndexOfKey(e.through)) {
            amount = e.amount;
            // The note is told once, with the first changed payment.
            note = m === monthIndexOfKey(e.from) ? e.note : "changed amount continues";
          }
        }
      }
      let day = previousWorkday(monthStart(m) + (Math.min(inc.day, daysInMonth(m)) - 1) * DAY);
      for (const e of scenario.events) {
        if (e.type === "delayIncome" && e.income === inc.id && monthIndexOfKey(e.month) === m) {
          day = parseDate(e.date);
          note = e.note;
        }
      }
      if (day < startDay || day > endDay || money.units(amount) === 0n) continue;
      actions.push({
        t: day + PHASE.income,
        phase: "income",
        payer: inc.payer,
        amount: money.units(amount),
        label: inc.label,
        note,
      });
    }
  }
  for (const e of scenario.events) {
    if (!("date" in e)) continue;
    const day = parseDate(e.date);
    if (day < startDay || day > endDay) continue;
    switch (e.type) {
      case "oneOffIncome":
        actions.push({
          t: day + PHASE.income,
          phase: "income",
          payer: e.payer,
          amount: money.units(e.amount),
          label: e.label,
          note: e.note,
        });
        break;
      case "blocklist":
      case "unblocklist":
        actions.push({ t: day + PHASE.token, phase: "token", event: e });
        break;
      case "advance":
        actions.push({ t: day + PHASE.advance, phase: "advance", event: e });
        break;
      case "proposePlan":
      case "acceptPlan":
        actions.push({ t: day + PHASE.plan, phase: "plan", event: e });
        break;
      case "claim":
        actions.push({ t: day + PHASE.claim, phase: "claim", event: e });
        break;
      case "withdrawSavings":
        actions.push({ t: day + PHASE.resident, phase: "resident", event: e });
        break;
    }
  }
  return actions.sort((a, b) => a.t - b.t);
}

/** The same scenario `years` later (when the chain's clock is already past its start). */
function shiftScenario(s: Scenario, years: number): Scenario {
  if (years === 0) return s;
  const events = s.events.map((e) => {
    const out = { ...e } as Record<string, unknown>;
    for (const k of ["date"]) if (typeof out[k] === "string") out[k] = shiftDate(out[k] as string, years);
    for (const k of ["month", "from", "through"])
      if (typeof out[k] === "string") out[k] = shiftMonth(out[k] as string, years);
    return out as unknown as EventSpec;
  });
  return { ...s, start: shiftDate(s.start, years), events };
}

export { monthKey, monthName };
