/**
 * The keeper's Prometheus metrics and its health/metrics HTTP endpoint. Each keeper has its own
 * prom-client Registry rather than the global one, so that two keepers in one process (the tests
 * run two at once) never clash over a metric name.
 */
import http from "http";
import type { AddressInfo } from "net";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { KeeperMetrics } from "./types";

/** The alert kinds of the keeper (see Alert in types.ts): exported at 0 from the start. */
export const ALERT_KINDS = ["payment-overdue", "vault-failed", "run-failed", "missed-runs"] as const;

export interface MetricsOptions {
  /** Also export the process's default metrics (memory, CPU, event loop); off by default. */
  processMetrics?: boolean;
}

export function keeperMetrics(options: MetricsOptions = {}): KeeperMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "keeper_" });
  const registers = [registry];
  const vaults = new Gauge({ name: "keeper_vaults_seen", help: "Vaults the keeper knows of", registers });
  const payments = new Counter({
    name: "keeper_payments_executed_total",
    help: "Creditor payments executed by the keeper's calls (CreditorPaid events)",
    registers,
  });
  const weeks = new Counter({
    name: "keeper_weeks_released_total",
    help: "Weeks of living money released by the keeper's calls",
    registers,
  });
  const alerts = new Counter({
    name: "keeper_alerts_total",
    help: "Alerts raised, by kind",
    labelNames: ["kind"],
    registers,
  });
  const runs = new Counter({ name: "keeper_runs_total", help: "Runs, by result", labelNames: ["result"], registers });
  // Series exist from the start, so that increase() in an alert rule sees the first failure too
  for (const kind of ALERT_KINDS) alerts.inc({ kind }, 0);
  for (const result of ["ok", "failed"]) runs.inc({ result }, 0);
  const lastSuccessGauge = new Gauge({
    name: "keeper_last_success_timestamp_seconds",
    help: "When the last successful run ended (unix seconds, wall clock; 0: none yet); alert when it is too old",
    registers,
  });
  let lastSuccess: number | undefined;
  return {
    vaultsSeen: (n) => vaults.set(n),
    paymentsExecuted: (n) => payments.inc(n),
    weeksReleased: (n) => weeks.inc(n),
    alertRaised: (kind) => alerts.inc({ kind }),
    runFinished(ok, at) {
      runs.inc({ result: ok ? "ok" : "failed" });
      if (!ok) return;
      lastSuccess = at;
      lastSuccessGauge.set(at);
    },
    text: () => registry.metrics(),
    lastSuccess: () => lastSuccess,
  };
}

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

/**
 * GET /health: 200 when the last successful run is at most `maxAgeSeconds` old (wall clock), else
 * 503 ("starting" before the first success, "stale" after); GET /metrics: Prometheus text.
 * Port 0 takes a free port. The default host is loopback: expose it deliberately, not by accident.
 */
export function startHealthServer(
  port: number,
  metrics: KeeperMetrics,
  maxAgeSeconds: number,
  host = "127.0.0.1",
): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    handle(req, metrics, maxAgeSeconds).then(
      ({ status, type, body }) => res.writeHead(status, { "content-type": type }).end(body),
      (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(String(error)),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({ url: `http://${shown}:${address.port}`, close: () => closeServer(server) });
    });
  });
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

async function handle(req: http.IncomingMessage, metrics: KeeperMetrics, maxAgeSeconds: number): Promise<Answer> {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method !== "GET" && req.method !== "HEAD") return plain(405, "method not allowed\n");
  if (path === "/metrics")
    return { status: 200, type: "text/plain; version=0.0.4; charset=utf-8", body: await metrics.text() };
  if (path === "/health") return health(metrics.lastSuccess(), maxAgeSeconds);
  return plain(404, "not found\n");
}

function health(lastSuccess: number | undefined, maxAgeSeconds: number): Answer {
  const now = Math.floor(Date.now() / 1000);
  const json = (status: number, body: object) => ({ status, type: "application/json", body: JSON.stringify(body) });
  if (lastSuccess === undefined) return json(503, { status: "starting", lastSuccess: null, maxAgeSeconds });
  const ageSeconds = now - lastSuccess;
  const body = { lastSuccess: new Date(lastSuccess * 1000).toISOString(), ageSeconds, maxAgeSeconds };
  return ageSeconds <= maxAgeSeconds ? json(200, { status: "ok", ...body }) : json(503, { status: "stale", ...body });
}

function plain(status: number, body: string): Answer {
  return { status, type: "text/plain; charset=utf-8", body };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // a scraper's keep-alive connection would hold close() open
    server.closeAllConnections();
  });
}
