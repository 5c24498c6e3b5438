import "server-only";

// Webhook endpoints of a site user: created with a secret shown once, listed, changed,
// removed; their deliveries listed and redelivered. Every function is keyed by the owner,
// and another user's endpoint is answered as not found.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/admin/audit";
import type { RequestMeta } from "@/lib/admin/request-meta";
import type { SessionKeyring } from "@/lib/crypto/session-envelope";
import { ApiError } from "@/lib/http/errors";
import {
  WEBHOOK_ENDPOINTS_PER_USER,
  parseWebhookEvents,
  type WebhookDeliveryDto,
  type WebhookEndpointDto,
  type WebhookEventType,
} from "./events";
import { isAcceptableWebhookUrl } from "./addresses";
import { newWebhookSecret, sealWebhookSecret, secretPrefixOf } from "./signing";
import { wakeWebhookWorkers, webhookEndpointsChanged } from "./worker";

type Actor = { id: string; email: string };

const SELECT = {
  id: true,
  url: true,
  description: true,
  events: true,
  secretPrefix: true,
  enabled: true,
  disabledAt: true,
  disabledReason: true,
  consecutiveFailures: true,
  createdAt: true,
} as const;

type Row = {
  id: string;
  url: string;
  description: string;
  events: string;
  secretPrefix: string;
  enabled: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: Date;
};

function toDto(row: Row): WebhookEndpointDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: parseWebhookEvents(row.events),
    secretPrefix: row.secretPrefix,
    enabled: row.enabled,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    createdAt: row.createdAt.toISOString(),
  };
}

function notFound(): ApiError {
  return new ApiError("not_found", "This webhook endpoint does not exist.");
}

function checkUrl(url: string): void {
  if (!isAcceptableWebhookUrl(url)) {
    throw new ApiError("invalid_request", "The URL must be an http or https address without a user name or password.", {
      formErrors: [],
      fieldErrors: { url: ["invalid_url"] },
    });
  }
}

export interface EndpointInput {
  url: string;
  events: WebhookEventType[];
  description?: string;
}

/** Creates an endpoint; the returned `secret` is the only time it exists in clear. */
export async function createWebhookEndpoint(
  db: Db,
  keyring: SessionKeyring,
  owner: Actor,
  input: EndpointInput,
  meta?: RequestMeta,
): Promise<{ secret: string; endpoint: WebhookEndpointDto }> {
  checkUrl(input.url);
  const count = await db.webhookEndpoint.count({ where: { userId: owner.id } });
  if (count >= WEBHOOK_ENDPOINTS_PER_USER) {
    throw new ApiError("invalid_request", `At most ${WEBHOOK_ENDPOINTS_PER_USER} webhook endpoints per person.`, {
      formErrors: ["too_many_endpoints"],
      fieldErrors: {},
    });
  }
  const secret = newWebhookSecret();
  // The envelope is bound to its row, so the id is chosen before sealing.
  const id = `whe_${randomBytes(12).toString("base64url")}`;
  const row = await db.webhookEndpoint.create({
    data: {
      id,
      userId: owner.id,
      url: input.url,
      events: input.events.join(" "),
      description: input.description ?? "",
      secretCiphertext: sealWebhookSecret(secret, keyring, owner.id, id),
      secretPrefix: secretPrefixOf(secret),
    },
    select: SELECT,
  });
  webhookEndpointsChanged();
  await recordAudit(db, {
    action: "webhook.create",
    actor: owner,
    target: { type: "webhook_endpoint", id, label: input.url },
    meta,
    details: { events: input.events },
  });
  return { secret, endpoint: toDto(row) };
}

export async function listWebhookEndpoints(db: Db, userId: string): Promise<WebhookEndpointDto[]> {
  const rows = await db.webhookEndpoint.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: SELECT });
  return rows.map(toDto);
}

async function ownEndpoint(db: Db, userId: string, endpointId: string): Promise<Row> {
  const row = await db.webhookEndpoint.findFirst({ where: { id: endpointId, userId }, select: SELECT });
  if (!row) throw notFound();
  return row;
}

export async function getWebhookEndpoint(db: Db, userId: string, endpointId: string): Promise<WebhookEndpointDto> {
  return toDto(await ownEndpoint(db, userId, endpointId));
}

/**
 * Changes the events or turns the endpoint on or off. Turning it back on clears the
 * failure count, and the deliveries it kept resume in order.
 */
export async function updateWebhookEndpoint(
  db: Db,
  userId: string,
  endpointId: string,
  input: { events?: WebhookEventType[]; enabled?: boolean; description?: string },
): Promise<WebhookEndpointDto> {
  const row = await ownEndpoint(db, userId, endpointId);
  const enabling = input.enabled === true && !row.enabled;
  const updated = await db.webhookEndpoint.update({
    where: { id: endpointId },
    data: {
      ...(input.events ? { events: input.events.join(" ") } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(enabling
        ? { enabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null }
        : {}),
      ...(input.enabled === false && row.enabled
        ? { enabled: false, disabledAt: new Date(), disabledReason: "owner" }
        : {}),
    },
    select: SELECT,
  });
  if (enabling) wakeWebhookWorkers();
  if (input.enabled !== undefined) webhookEndpointsChanged();
  return toDto(updated);
}

export async function deleteWebhookEndpoint(
  db: Db,
  owner: Actor,
  endpointId: string,
  meta?: RequestMeta,
): Promise<void> {
  const row = await ownEndpoint(db, owner.id, endpointId);
  await db.webhookEndpoint.delete({ where: { id: endpointId } });
  webhookEndpointsChanged();
  await recordAudit(db, {
    action: "webhook.delete",
    actor: owner,
    target: { type: "webhook_endpoint", id: endpointId, label: row.url },
    meta,
  });
}

export const DELIVERIES_PAGE = 50;

/** The endpoint's latest deliveries, newest first, each with its attempts. */
export async function listWebhookDeliveries(
  db: Db,
  userId: string,
  endpointId: string,
  take: number = DELIVERIES_PAGE,
): Promise<WebhookDeliveryDto[]> {
  await ownEndpoint(db, userId, endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: { seq: "desc" },
    take,
    select: {
      id: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastStatus: true,
      createdAt: true,
      deliveredAt: true,
      event: { select: { id: true, type: true } },
      attemptLog: { orderBy: { startedAt: "desc" }, take: 10 },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event.id,
    eventType: parseWebhookEvents(row.event.type)[0] ?? "message.received",
    status: row.status === "succeeded" || row.status === "dead" ? row.status : "pending",
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    lastStatus: row.lastStatus,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    attemptLog: row.attemptLog.map((attempt) => ({
      at: attempt.startedAt.toISOString(),
      ok: attempt.ok,
      statusCode: attempt.statusCode,
      latencyMs: attempt.latencyMs,
      excerpt: attempt.excerpt,
    })),
  }));
}

/**
 * Queues a delivery again now (same event, same webhook-id: receivers de-duplicate). It
 * still waits its turn behind earlier pending events of its chat.
 */
export async function redeliverWebhook(db: Db, userId: string, endpointId: string, deliveryId: string): Promise<void> {
  await ownEndpoint(db, userId, endpointId);
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, endpointId },
    data: { status: "pending", nextAttemptAt: new Date(), lockedUntil: null },
  });
  if (count === 0) throw new ApiError("not_found", "This delivery does not exist.");
  wakeWebhookWorkers();
}
