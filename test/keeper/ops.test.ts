import http from "http";
import type { AddressInfo } from "net";
import { expect } from "chai";
import { freePort } from "../../src/chain/local-node";
import { alerter, type WebhookPayload } from "../../src/keeper/alerts";
import { jsonLogger } from "../../src/keeper/log";
import { keeperMetrics, startHealthServer } from "../../src/keeper/metrics";

const VAULT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

function collected() {
  const lines: string[] = [];
  const log = jsonLogger((line) => lines.push(line));
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, log, parsed };
}

/** A webhook receiver on a free port of 127.0.0.1 that answers `status` and keeps what it got. */
async function receiver(status: number) {
  const bodies: { contentType?: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      bodies.push({ contentType: req.headers["content-type"], body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=t`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url, bodies, close };
}

describe("keeper operations: logs, alerts, metrics, health", function () {
  this.timeout(300_000);

  describe("JSON-lines logger", () => {
    it("writes one JSON object per line with time, level and event; bigints as strings", () => {
      const { lines, log, parsed } = collected();
      log.log("info", "run.done", { vaults: 3, gasUsed: 12_345_678_901_234_567_890n, vault: VAULT });
      log.log("warn", "tx.resubmitted", { nonce: 7 });
      expect(lines).to.have.lengthOf(2);
      for (const line of lines) expect(line).to.not.include("\n");
      const [first, second] = parsed();
      expect(first).to.include({ level: "info", event: "run.done", vaults: 3, vault: VAULT });
      expect(first.gasUsed).to.equal("12345678901234567890");
      expect(new Date(first.time as string).toISOString()).to.equal(first.time);
      expect(Object.keys(first).slice(0, 3)).to.deep.equal(["time", "level", "event"]);
      expect(second).to.include({ level: "warn", event: "tx.resubmitted", nonce: 7 });
    });

    it("never throws on odd values, and a field cannot overwrite time, level or event", () => {
      const { log, parsed } = collected();
      const cycle: Record<string, unknown> = { amounts: [1n, 2n] };
      cycle.self = cycle;
      const throwing = {
        toJSON() {
          throw new Error("no");
        },
      };
      log.log("error", "odd", { cycle, error: new Error("boom"), fn: () => 1, level: "info", event: "x" });
      log.log("error", "worse", { throwing });
      const [odd, worse] = parsed();
      expect(odd).to.include({ level: "error", event: "odd" });
      expect(odd.cycle).to.deep.equal({ amounts: ["1", "2"], self: "[repeated]" });
      expect(odd.error).to.deep.equal({ name: "Error", message: "boom" });
      expect(worse).to.include({ level: "error", event: "worse", logError: "no" });
      const failing = jsonLogger(() => {
        throw new Error("EPIPE");
      });
      expect(() => failing.log("info", "lost")).to.not.throw();
    });
  });

  describe("alerter", () => {
    it("logs the alert, counts it and posts it to the webhook as JSON", async () => {
      const hook = await receiver(204);
      try {
        const { log, parsed } = collected();
        const metrics = keeperMetrics();
        const fields = { vault: VAULT, householdId: "42", amount: 650_00n, dueAt: 1_767_225_600 };
        await alerter(log, hook.url, metrics).alert({ kind: "payment-overdue", message: "rent overdue", fields });
        const [line, ...rest] = parsed();
        expect(rest, "no webhook failure").to.deep.equal([]);
        expect(line).to.include({ level: "error", event: "alert", kind: "payment-overdue", message: "rent overdue" });
        expect(line.fields).to.deep.equal({ vault: VAULT, householdId: "42", amount: "65000", dueAt: 1_767_225_600 });
        expect(hook.bodies).to.have.lengthOf(1);
        expect(hook.bodies[0].contentType).to.equal("application/json");
        const payload = JSON.parse(hook.bodies[0].body) as WebhookPayload;
        expect(payload).to.include({ kind: "payment-overdue", message: "rent overdue" });
        expect(payload.fields).to.deep.equal(line.fields);
        expect(new Date(payload.time).toISOString()).to.equal(payload.time);
        expect(await metrics.text()).to.match(/^keeper_alerts_total\{kind="payment-overdue"\} 1$/m);
      } finally {
        await hook.close();
      }
    });

    it("a webhook that refuses or answers an error is logged, never thrown; the alert line is still there", async () => {
      const { log, parsed } = collected();
      const refused = `http://127.0.0.1:${await freePort()}/hook`;
      await alerter(log, refused).alert({ kind: "run-failed", message: "x", fields: {} });
      const hook = await receiver(500);
      try {
        await alerter(log, hook.url).alert({ kind: "vault-failed", message: "y", fields: { vault: VAULT } });
      } finally {
        await hook.close();
      }
      const lines = parsed();
      expect(lines.map((l) => `${l.level} ${l.event} ${l.kind}`)).to.deep.equal([
        "error alert run-failed",
        "warn alert.webhook-failed run-failed",
        "error alert vault-failed",
        "warn alert.webhook-failed vault-failed",
      ]);
      expect(lines[1].reason).to.match(/ECONNREFUSED/);
      expect(lines[3].status).to.equal(500);
      // the webhook URL may carry a token: it is not logged
      expect(JSON.stringify(lines)).to.not.include("token=");
    });

    it("without a webhook: only the log line", async () => {
      const { parsed, log } = collected();
      await alerter(log).alert({ kind: "missed-runs", message: "z", fields: { missed: 3 } });
      expect(parsed().map((l) => l.event)).to.deep.equal(["alert"]);
    });
  });

  describe("metrics and the health server", () => {
    it("exports the keeper's metrics; two keepers in one process have their own registries", async () => {
      const metrics = keeperMetrics();
      const other = keeperMetrics({ processMetrics: true });
      metrics.vaultsSeen(12);
      metrics.paymentsExecuted(5);
      metrics.paymentsExecuted(2);
      metrics.weeksReleased(3);
      metrics.alertRaised("vault-failed");
      metrics.runFinished(false, 1_000);
      metrics.runFinished(true, 2_000);
      const text = await metrics.text();
      expect(text).to.match(/^keeper_vaults_seen 12$/m);
      expect(text).to.match(/^keeper_payments_executed_total 7$/m);
      expect(text).to.match(/^keeper_weeks_released_total 3$/m);
      expect(text).to.match(/^keeper_alerts_total\{kind="vault-failed"\} 1$/m);
      expect(text).to.match(/^keeper_runs_total\{result="ok"\} 1$/m);
      expect(text).to.match(/^keeper_runs_total\{result="failed"\} 1$/m);
      expect(text).to.match(/^keeper_last_success_timestamp_seconds 2000$/m);
      expect(metrics.lastSuccess()).to.equal(2_000);
      const otherText = await other.text();
      expect(otherText).to.match(/^keeper_vaults_seen 0$/m);
      // every series is there before anything happened: increase() in an alert rule sees the first one
      expect(otherText).to.match(/^keeper_runs_total\{result="failed"\} 0$/m);
      expect(otherText).to.match(/^keeper_alerts_total\{kind="payment-overdue"\} 0$/m);
      expect(otherText).to.match(/^keeper_last_success_timestamp_seconds 0$/m);
      expect(otherText).to.include("keeper_process_resident_memory_bytes");
      expect(text).to.not.include("process_resident_memory_bytes");
    });

    it("GET /health: 503 starting, 200 ok, 503 stale; /metrics: Prometheus text; other paths 404", async () => {
      const metrics = keeperMetrics();
      const server = await startHealthServer(0, metrics, 3_600);
      try {
        expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        const starting = await fetch(`${server.url}/health`);
        expect(starting.status).to.equal(503);
        expect(await starting.json()).to.include({ status: "starting", lastSuccess: null });

        const now = Math.floor(Date.now() / 1000);
        metrics.runFinished(true, now - 7_200);
        const stale = await fetch(`${server.url}/health`);
        expect(stale.status).to.equal(503);
        expect(await stale.json()).to.include({ status: "stale", maxAgeSeconds: 3_600 });

        metrics.runFinished(true, now);
        const ok = await fetch(`${server.url}/health`);
        expect(ok.status).to.equal(200);
        const body = (await ok.json()) as { status: string; lastSuccess: string };
        expect(body.status).to.equal("ok");
        expect(Date.parse(body.lastSuccess) / 1000).to.equal(now);

        const scraped = await fetch(`${server.url}/metrics`);
        expect(scraped.status).to.equal(200);
        expect(scraped.headers.get("content-type")).to.match(/^text\/plain/);
        expect(await scraped.text()).to.match(/^keeper_runs_total\{result="ok"\} 2$/m);

        expect((await fetch(`${server.url}/`)).status).to.equal(404);
        expect((await fetch(`${server.url}/healthz`)).status).to.equal(404);
      } finally {
        await server.close();
      }
    });
  });
});
