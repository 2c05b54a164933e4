/**
 * Alerts: a missed rent payment must reach a person. Every alert is a log line (so that it is never
 * lost, even without a webhook), is counted in the metrics, and is posted to the webhook when one is
 * configured. The webhook is best effort: its failure is logged, never thrown, because an alert
 * about a payment must not stop the run that makes the other payments.
 */
import type { Alert, Alerter, KeeperMetrics, Logger } from "./types";
import { toJsonLine } from "./log";

/** How long the webhook may take before the keeper gives up on it. */
export const WEBHOOK_TIMEOUT_MS = 5_000;

/** The body POSTed to the webhook (JSON). */
export interface WebhookPayload {
  kind: string;
  message: string;
  fields: Record<string, unknown>;
  /** ISO 8601, UTC. */
  time: string;
}

export function alerter(log: Logger, webhookUrl?: string, metrics?: KeeperMetrics): Alerter {
  return {
    async alert(a: Alert): Promise<void> {
      log.log("error", "alert", { kind: a.kind, message: a.message, fields: a.fields });
      metrics?.alertRaised(a.kind);
      if (webhookUrl) await postWebhook(log, webhookUrl, a);
    },
  };
}

async function postWebhook(log: Logger, url: string, a: Alert): Promise<void> {
  const payload: WebhookPayload = {
    kind: a.kind,
    message: a.message,
    fields: a.fields,
    time: new Date().toISOString(),
  };
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // the same encoding as the log lines: bigint amounts as decimal strings
      body: toJsonLine(payload as unknown as Record<string, unknown>),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    // drain the body so that the connection is released
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) log.log("warn", "alert.webhook-failed", { kind: a.kind, status: res.status });
  } catch (error) {
    log.log("warn", "alert.webhook-failed", { kind: a.kind, reason: reasonOf(error) });
  }
}

/** fetch's own message is "fetch failed"; the cause says why (ECONNREFUSED, a timeout...). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ((cause as { code?: string }).code ?? cause.message) : undefined;
  return detail ? `${error.message}: ${detail}` : error.message;
}
