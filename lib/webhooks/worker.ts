import "server-only";

import { EventEmitter } from "node:events";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/admin/audit";
import { cachedWebhooksAllowPrivate, SETTINGS_CACHE_MS } from "@/lib/admin/settings";
import { keyringFrom, type SessionKeyring } from "@/lib/crypto/session-envelope";
import { logger } from "@/lib/log";
import { DISABLE_AFTER_FAILURES, DISABLE_AFTER_MS, nextAttemptAt as scheduleRetry } from "./backoff";
import { sendWebhook, DELIVERY_TIMEOUT_MS, type SendResult } from "./send";
import { openWebhookSecret, signWebhook } from "./signing";
import type { Resolver } from "./addresses";

const log = logger.child({ module: "webhooks.worker" });

/**
 * The in-process delivery worker over the outbox tables (docs/decisions/webhooks.md).
 * Each round: the due pending deliveries, at most one per (endpoint, chat) and only the
 * earliest still pending of that chat (a later event never overtakes an earlier one that
 * is backing off); they are leased (lockedUntil) so another process leaves them alone,
 * sent concurrently, and the results written in one transaction. A new event wakes the
 * worker at once; otherwise it polls.
 */
export interface WorkerOptions {
  db: Db;
  keyring: SessionKeyring;
  /**
   * Whether loopback, link-local and private addresses may be called. A function is asked
   * once per round, so an admin's change applies to the next deliveries without a restart.
   */
  allowPrivate: boolean | (() => Promise<boolean>);
  pollMs?: number;
  batchSize?: number;
  timeoutMs?: number;
  /** Failures in a row, and how long they must have lasted, before an endpoint is disabled. */
  disableAfterFailures?: number;
  disableAfterMs?: number;
  random?: () => number;
  resolve?: Resolver;
  now?: () => Date;
}

const wakeups = new EventEmitter();
wakeups.setMaxListeners(50);

/** Endpoints were added, removed or turned on or off: the accounts kept connected follow. */
export function webhookEndpointsChanged(): void {
  wakeups.emit("endpoints");
}

export function onWebhookEndpointsChanged(listener: () => void): void {
  wakeups.on("endpoints", listener);
}

/** Tells running workers that new deliveries are waiting (called after an outbox write commits). */
export function wakeWebhookWorkers(): void {
  wakeups.emit("wake");
}

interface Claimed {
  id: string;
  endpointId: string;
  attempts: number;
  event: { id: string; payload: string; createdAt: Date };
}

interface EndpointTarget {
  url: string;
  secret: string;
}

export class WebhookWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly onWake = () => this.kick();
  private readonly secrets = new Map<string, { sealed: string; secret: string }>();

  constructor(private readonly options: WorkerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    wakeups.on("wake", this.onWake);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    wakeups.off("wake", this.onWake);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs a round now (or right after the current one). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.kick();
        return;
      }
      this.timer = setTimeout(() => this.kick(), this.options.pollMs ?? 500);
      this.timer.unref();
    });
  }

  private async loop(): Promise<void> {
    // Keep going while rounds find work: a backlog drains without waiting for the poll.
    for (;;) {
      this.again = false;
      let sent: number;
      try {
        sent = await this.runOnce();
      } catch (error) {
        log.error({ err: error }, "webhook delivery round failed");
        return;
      }
      if (this.stopped || (sent === 0 && !this.again)) return;
    }
  }

  /** One round; returns how many deliveries were attempted. */
  async runOnce(): Promise<number> {
    const { db } = this.options;
    const now = this.now();
    const batchSize = this.options.batchSize ?? 100;
    const due = await db.webhookDelivery.findMany({
      where: {
        status: "pending",
        nextAttemptAt: { lte: now },
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
        endpoint: { enabled: true },
      },
      orderBy: { seq: "asc" },
      take: batchSize * 4,
      select: { id: true, endpointId: true, orderingKey: true, seq: true },
    });
    if (due.length === 0) return 0;
    // The earliest pending delivery of each (endpoint, chat), due or not: only it may go.
    const heads = await db.webhookDelivery.groupBy({
      by: ["endpointId", "orderingKey"],
      where: {
        status: "pending",
        endpointId: { in: [...new Set(due.map((d) => d.endpointId))] },
        orderingKey: { in: [...new Set(due.map((d) => d.orderingKey))] },
      },
      _min: { seq: true },
    });
    const headSeq = new Map(heads.map((h) => [`${h.endpointId}\n${h.orderingKey}`, h._min.seq]));
    const taken = new Set<string>();
    const chosen: string[] = [];
    for (const delivery of due) {
      const key = `${delivery.endpointId}\n${delivery.orderingKey}`;
      if (taken.has(key) || headSeq.get(key) !== delivery.seq) continue;
      taken.add(key);
      chosen.push(delivery.id);
      if (chosen.length >= batchSize) break;
    }
    if (chosen.length === 0) return 0;
    const timeoutMs = this.options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
    // A lease long enough for the request and the write after it; a process that dies
    // holding it frees the deliveries when it runs out.
    const lease = new Date(now.getTime() + timeoutMs + 5_000 + Math.floor(Math.random() * 1_000));
    await db.webhookDelivery.updateMany({
      where: { id: { in: chosen }, status: "pending", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedUntil: lease },
    });
    const claimed: Claimed[] = await db.webhookDelivery.findMany({
      where: { id: { in: chosen }, lockedUntil: lease },
      select: {
        id: true,
        endpointId: true,
        attempts: true,
        event: { select: { id: true, payload: true, createdAt: true } },
      },
    });
    if (claimed.length === 0) return 0;
    const targets = await this.targetsFor([...new Set(claimed.map((c) => c.endpointId))]);
    const setting = this.options.allowPrivate;
    const allowPrivate = typeof setting === "boolean" ? setting : await setting();
    const results = await Promise.all(
      claimed.map(async (delivery) => {
        const target = targets.get(delivery.endpointId);
        const result: SendResult = target
          ? await sendWebhook(
              target.url,
              delivery.event.payload,
              { ...signWebhook(target.secret, delivery.event.id, delivery.event.payload, this.now()) },
              {
                allowPrivate,
                timeoutMs,
                resolve: this.options.resolve,
              },
            )
          : { ok: false, statusCode: null, latencyMs: 0, excerpt: "the endpoint's secret cannot be read" };
        return { delivery, result };
      }),
    );
    await this.record(results);
    return claimed.length;
  }

  private async targetsFor(endpointIds: string[]): Promise<Map<string, EndpointTarget>> {
    const rows = await this.options.db.webhookEndpoint.findMany({
      where: { id: { in: endpointIds } },
      select: { id: true, userId: true, url: true, secretCiphertext: true },
    });
    const targets = new Map<string, EndpointTarget>();
    for (const row of rows) {
      const cached = this.secrets.get(row.id);
      let secret = cached?.sealed === row.secretCiphertext ? cached.secret : null;
      if (!secret) {
        try {
          secret = openWebhookSecret(row.secretCiphertext, this.options.keyring, row.userId, row.id);
          this.secrets.set(row.id, { sealed: row.secretCiphertext, secret });
        } catch (error) {
          log.error({ endpointId: row.id, err: error }, "a webhook secret cannot be opened with the configured key");
          continue;
        }
      }
      targets.set(row.id, { url: row.url, secret });
    }
    return targets;
  }

  private async record(results: Array<{ delivery: Claimed; result: SendResult }>): Promise<void> {
    const { db } = this.options;
    const now = this.now();
    const byEndpoint = new Map<string, { ok: number; failed: number }>();
    for (const { delivery, result } of results) {
      const tally = byEndpoint.get(delivery.endpointId) ?? { ok: 0, failed: 0 };
      if (result.ok) tally.ok += 1;
      else tally.failed += 1;
      byEndpoint.set(delivery.endpointId, tally);
    }
    const disabled: Array<{ id: string; userId: string; url: string; failures: number }> = [];
    await db.$transaction(async (tx) => {
      await tx.webhookAttempt.createMany({
        data: results.map(({ delivery, result }) => ({
          deliveryId: delivery.id,
          startedAt: new Date(now.getTime() - result.latencyMs),
          statusCode: result.statusCode,
          latencyMs: result.latencyMs,
          excerpt: result.excerpt,
          ok: result.ok,
        })),
      });
      for (const { delivery, result } of results) {
        if (result.ok) {
          await tx.webhookDelivery.update({
            where: { id: delivery.id },
            data: {
              status: "succeeded",
              deliveredAt: now,
              lockedUntil: null,
              attempts: delivery.attempts + 1,
              lastStatus: result.statusCode,
              lastError: null,
            },
          });
          continue;
        }
        const attempts = delivery.attempts + 1;
        const retryAt = scheduleRetry(attempts, delivery.event.createdAt, now, this.options.random);
        await tx.webhookDelivery.update({
          where: { id: delivery.id },
          data: {
            attempts,
            lockedUntil: null,
            lastStatus: result.statusCode,
            lastError: result.excerpt.slice(0, 256),
            ...(retryAt ? { nextAttemptAt: retryAt } : { status: "dead" }),
          },
        });
      }
      for (const [endpointId, tally] of byEndpoint) {
        if (tally.ok > 0) {
          await tx.webhookEndpoint.update({
            where: { id: endpointId },
            data: { consecutiveFailures: 0, failingSince: null },
          });
          continue;
        }
        const endpoint = await tx.webhookEndpoint.update({
          where: { id: endpointId },
          data: { consecutiveFailures: { increment: tally.failed } },
          select: { id: true, userId: true, url: true, consecutiveFailures: true, failingSince: true, enabled: true },
        });
        const since = endpoint.failingSince ?? now;
        if (!endpoint.failingSince) {
          await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { failingSince: now } });
        }
        const failures = this.options.disableAfterFailures ?? DISABLE_AFTER_FAILURES;
        const span = this.options.disableAfterMs ?? DISABLE_AFTER_MS;
        if (endpoint.enabled && endpoint.consecutiveFailures >= failures && now.getTime() - since.getTime() >= span) {
          await tx.webhookEndpoint.update({
            where: { id: endpointId },
            data: { enabled: false, disabledAt: now, disabledReason: "failing" },
          });
          disabled.push({
            id: endpointId,
            userId: endpoint.userId,
            url: endpoint.url,
            failures: endpoint.consecutiveFailures,
          });
        }
      }
    });
    for (const endpoint of disabled) {
      log.warn({ endpointId: endpoint.id, failures: endpoint.failures }, "webhook endpoint disabled after failing");
      await recordAudit(db, {
        action: "webhook.disable",
        actor: null,
        target: { type: "webhook_endpoint", id: endpoint.id, label: endpoint.url },
        details: { owner: endpoint.userId, consecutiveFailures: endpoint.failures, reason: "failing" },
      });
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/**
 * The worker's options from the environment and the database. Private addresses are
 * allowed outside production and when WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=1 forces them on;
 * otherwise the admin setting decides, read at most every SETTINGS_CACHE_MS.
 */
export function workerOptionsFromEnv(
  db: Db,
  env: {
    NODE_ENV: string;
    TELEGRAM_SESSION_KEY: string;
    TELEGRAM_SESSION_KEY_PREVIOUS: readonly string[];
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: boolean;
  },
  cacheMs: number = SETTINGS_CACHE_MS,
): WorkerOptions {
  return {
    db,
    keyring: keyringFrom(env.TELEGRAM_SESSION_KEY, env.TELEGRAM_SESSION_KEY_PREVIOUS),
    allowPrivate: webhooksPrivateForced(env) ? true : cachedWebhooksAllowPrivate(db, cacheMs),
  };
}

/** The deployment allows private addresses whatever the admin setting says. */
export function webhooksPrivateForced(env: { NODE_ENV: string; WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: boolean }): boolean {
  return env.NODE_ENV !== "production" || env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES;
}
