/**
 * The keeper when things go wrong, against a real `hardhat node`: an RPC URL that points nowhere,
 * a paused vault and a creditor the token refuses, two keepers at once, a keeper stopped for three
 * days, and a malformed configuration. Each case has its own deployment (factory and token) on the
 * one node and its own month, so that no case sees another's vaults.
 */
import { expect } from "chai";
import { freePort } from "../../src/chain/local-node";
import { DAY, daysInMonth, dueTimestamp, isoDate, monthIndexOf } from "../../src/core";
import type { RunReport } from "../../src/keeper/types";
import { runScript, STACK_LINE } from "../scenario/helpers";
import {
  ACCOUNT,
  createHousehold,
  createHouseholds,
  creditorPayments,
  dayStart,
  futureMonth,
  keeperOn,
  logged,
  moveTo,
  payIncome,
  planFor,
  runKeeper,
  startChain,
  vaultAt,
  vaultState,
  MONTHLY_INCOME,
  type Chain,
  type Household,
  type Payment,
  type TestKeeper,
} from "./helpers";

const HOUR = 3600;
/** An account of the node that the deployment gives no role: made a creditor, then blocklisted by the token. */
const REFUSED_CREDITOR = 12;

describe("keeper resilience on a real node", function () {
  this.timeout(600_000);
  let chain: Chain;
  const keepers: TestKeeper[] = [];
  const keeper = async (...args: Parameters<typeof keeperOn>) => {
    const k = await keeperOn(...args);
    keepers.push(k);
    return k;
  };

  before(async () => {
    chain = await startChain("resilience");
  });

  after(async () => {
    for (const k of keepers) await k.ctx.close();
    await chain?.stop();
  });

  /** A fresh deployment and `count` funded households, created at 06:00 the day before `month` starts. */
  async function population(tag: string, count: number, dueDay?: number) {
    const system = await chain.deployAnother(tag);
    const month = await futureMonth(chain);
    await moveTo(chain, dayStart(month, 0) + 6 * HOUR);
    const households = await createHouseholds(chain, count, system.factory, [], dueDay);
    await payIncome(chain, vaultsOf(households), undefined, system.token);
    return { ...system, month, households };
  }

  it("fails over past an RPC URL that points nowhere and pays", async () => {
    const { factory, month, households } = await population("failover", 3, 1);
    const dead = `http://127.0.0.1:${await freePort()}`;
    const k = await keeper(chain, "failover", factory, ACCOUNT.keeper, { KEEPER_RPC_URLS: `${dead},${chain.url}` });
    await moveTo(chain, dayStart(month, 1) + 10 * 60);
    const report = await runKeeper(k);

    expectClean(report);
    expect(report.due).to.equal(households.length);
    expect(report.paymentsExecuted).to.equal(4 * households.length);
    expectOnTime(await creditorPayments(chain, vaultsOf(households)), month, households);
    const unreachable = JSON.stringify(k.lines.filter((l) => String(l.event).startsWith("rpc.")));
    expect(unreachable, "the dead URL is logged").to.include(dead.replace("http://", ""));
  });

  it("a paused vault and a creditor the token refuses do not stop the others", async () => {
    const { factory, token, month, households } = await population("stops", 3, 1);
    const refused = await (await chain.signer(REFUSED_CREDITOR)).getAddress();
    await (await factory.approveCreditor(refused)).wait();
    const plan = await planFor(chain, 3, 1);
    const refusing = await createHousehold(chain, factory, withRentTo(plan, refused));
    await payIncome(chain, [refusing.vault], undefined, token);
    await (await token.blocklist(refused)).wait();
    const [paused, ...others] = [...households, refusing];
    await (
      await vaultAt(chain, paused.vault)
        .connect(await chain.signer(ACCOUNT.admin))
        .pause()
    ).wait();

    const k = await keeper(chain, "stops", factory);
    await moveTo(chain, dayStart(month, 1) + 10 * 60);
    const report = await runKeeper(k);
    expectClean(report);
    expect(report.due, "the paused vault is left out").to.equal(others.length);
    const payments = await creditorPayments(chain, vaultsOf([...households, refusing]));
    expect(payments.filter((p) => p.vault === paused.vault)).to.deep.equal([]);
    expectOnTime(payments, month, others);
    // The refused rent is owed, claimable by the creditor: deferred, not failed.
    const rent = BigInt(plan.buckets[0].amountPerMonth);
    const v = vaultAt(chain, refusing.vault);
    const deferred = await v.queryFilter(v.filters.PaymentDeferred(refused));
    expect(deferred.map((e) => e.args.amount)).to.deep.equal([rent]);
    expect(await v.claimable(refused)).to.equal(rent);
    expect(await token.balanceOf(refused)).to.equal(0n);
    expect(logged(k, "alert")).to.deep.equal([]);

    // Unpaused at 11:00, the vault is paid by the midday run, its payments late but complete.
    await moveTo(chain, dayStart(month, 1) + 11 * HOUR);
    await (
      await vaultAt(chain, paused.vault)
        .connect(await chain.signer(ACCOUNT.admin))
        .unpause()
    ).wait();
    await moveTo(chain, dayStart(month, 1) + 12 * HOUR);
    const midday = await runKeeper(k);
    expectClean(midday);
    expect(midday.due).to.equal(1);
    const late = (await creditorPayments(chain, [paused.vault])).map((p) => [p.monthIndex, isoDate(p.at)]);
    expect(late).to.deep.equal(Array(4).fill([month, isoDate(dayStart(month, 1))]));
  });

  it("two keepers at once: no double payment, no crash, and the same end state as one keeper", async () => {
    const both = await population("two", 6);
    const twin = await chain.deployAnother("two-twin");
    const single = await createHouseholds(chain, both.households.length, twin.factory, residentsOf(both.households));
    await payIncome(chain, vaultsOf(single), undefined, twin.token);
    const a = await keeper(chain, "two-a", both.factory, ACCOUNT.keeper);
    const b = await keeper(chain, "two-b", both.factory, 13);
    const one = await keeper(chain, "two-one", twin.factory, 14);

    for (const day of [1, 5, 15]) {
      await moveTo(chain, dayStart(both.month, day) + 10 * 60);
      const [ra, rb] = await Promise.all([runKeeper(a), runKeeper(b)]);
      const r1 = await runKeeper(one);
      for (const r of [ra, rb, r1]) expectClean(r);
      expect(ra.paymentsExecuted + rb.paymentsExecuted, `day ${day}: paid once between them`).to.equal(
        r1.paymentsExecuted,
      );
      expect(r1.paymentsExecuted, `day ${day}`).to.be.above(0);
    }
    const payments = await creditorPayments(chain, vaultsOf(both.households));
    const keys = payments.map((p) => `${p.vault}:${p.bucketIndex}:${p.monthIndex}`);
    expect(new Set(keys).size, "each due month paid once").to.equal(keys.length);
    expect(payments).to.have.length((await creditorPayments(chain, vaultsOf(single))).length);
    for (let i = 0; i < single.length; i++) {
      expect(await vaultState(chain, both.households[i].vault), `household ${i}`).to.deep.equal(
        await vaultState(chain, single[i].vault),
      );
    }
    // Runs days apart say so ("missed-runs"); nothing else is alerted.
    for (const k of [a, b]) expect(logged(k, "alert").filter((l) => l.kind !== "missed-runs")).to.deep.equal([]);
  });

  it("stopped for three days and restarted: it catches up, and says what it missed", async () => {
    const system = await chain.deployAnother("stopped");
    // A month of 28 or 29 days, so that three days from the 27th pass due days 28, 31 and the next 1st.
    let month = await futureMonth(chain);
    while (daysInMonth(month) > 29) month++;
    await moveTo(chain, dayStart(month, 26) + 6 * HOUR);
    const households = await createHouseholds(chain, 5, system.factory);
    // Two months' income: the next month's bills are paid from what is left over.
    await payIncome(chain, vaultsOf(households), 2n * MONTHLY_INCOME, system.token);
    const before = await keeper(chain, "stopped", system.factory);
    await moveTo(chain, dayStart(month, 26) + 18 * HOUR);
    expectClean(await runKeeper(before));
    const lastRun = dayStart(month, 27) + 10 * 60;
    await moveTo(chain, lastRun);
    expectClean(await runKeeper(before));
    await before.ctx.close();
    keepers.splice(keepers.indexOf(before), 1);

    // Restarted three days later (a new process, the same state file).
    const restart = lastRun + 3 * DAY;
    await moveTo(chain, restart);
    const after = await keeper(chain, "stopped", system.factory);
    const report = await runKeeper(after);
    expectClean(report);
    const missed = missedPayments(households, lastRun, restart);
    expect(missed.length, "due dates passed while stopped").to.be.at.least(households.length);
    const payments = (await creditorPayments(chain, vaultsOf(households))).filter((p) => p.at >= restart);
    expect(payments.map((p) => `${p.vault}:${p.bucketIndex}:${p.monthIndex}`).sort()).to.deep.equal(missed.sort());
    expect(report.paymentsExecuted).to.equal(missed.length);
    for (const h of households) expect(await vaultAt(chain, h.vault).nextKeeperCallAt()).to.be.above(restart);

    const alerts = logged(after, "alert");
    expect(alerts.map((a) => a.kind)).to.deep.equal(["missed-runs"]);
    const fields = alerts[0].fields as { awaySeconds: number; lastRunAt: string };
    expect(fields.awaySeconds).to.be.at.least(3 * DAY);
    expect(fields.lastRunAt.slice(0, 10)).to.equal(isoDate(lastRun));
  });

  it("npm run keeper with a malformed KEEPER_RPC_URLS: exit 1, the variable named, no stack trace", async () => {
    const run = await runScript("scripts/keeper.ts", ["--network", "localhost", "--once"], {
      KEEPER_RPC_URLS: `${chain.url},not-a-url`,
      KEEPER_FACTORY_ADDRESS: chain.factory.target as string,
    });
    expect(run.code, run.stdout + run.stderr).to.equal(1);
    expect(run.stderr).to.match(/^error: KEEPER_RPC_URLS /m);
    expect(run.stderr).not.to.match(STACK_LINE);
    expect(run.stdout).to.equal("");
  });
});

function vaultsOf(hs: Household[]): string[] {
  return hs.map((h) => h.vault);
}

function residentsOf(hs: Household[]): string[] {
  return hs.map((h) => h.resident);
}

function expectClean(report: RunReport): void {
  expect(report.failedVaults, "failed vaults").to.deep.equal([]);
  expect(report.overdue, "overdue vaults").to.deep.equal([]);
}

/** Every bucket of these households paid once for `month`, on its due day (UTC). */
function expectOnTime(payments: Payment[], month: number, hs: Household[]): void {
  for (const h of hs) {
    const paid = payments.filter((p) => p.vault === h.vault);
    const expected = h.plan.buckets.map((b, k) => [k, month, isoDate(dueTimestamp(month, Number(b.dueDay)))]);
    expect(
      paid.map((p) => [p.bucketIndex, p.monthIndex, isoDate(p.at)]),
      h.vault,
    ).to.deep.equal(expected);
  }
}

/** The plan with its rent (bucket 0) going to `creditor`. */
function withRentTo(plan: Awaited<ReturnType<typeof planFor>>, creditor: string) {
  const buckets = plan.buckets.map((b, k) => (k === 0 ? { ...b, creditor } : b));
  return { ...plan, buckets };
}

/** "vault:bucket:month" of each payment whose due date fell in (from, to]. */
function missedPayments(hs: Household[], from: number, to: number): string[] {
  const out: string[] = [];
  for (const h of hs) {
    h.plan.buckets.forEach((b, k) => {
      for (const month of [monthIndexOf(from), monthIndexOf(to)]) {
        const due = dueTimestamp(month, Number(b.dueDay));
        if (due > from && due <= to && !out.includes(`${h.vault}:${k}:${month}`)) out.push(`${h.vault}:${k}:${month}`);
      }
    });
  }
  return out;
}
