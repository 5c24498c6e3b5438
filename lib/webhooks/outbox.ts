import "server-only";

import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import { parseWebhookEvents, type WebhookEventType } from "./events";

/** A Prisma client or the client of an open transaction: the outbox row joins the caller's. */
export type OutboxWriter = Pick<Db, "webhookEvent" | "webhookEndpoint" | "webhookDelivery">;

export interface OutboxEventInput {
  userId: string;
  type: WebhookEventType;
  /**
   * What makes this event itself (account, chat, message, edit date...): the same facts
   * give the same id, so an update seen twice (a reconnect's catch-up, the send answer
   * and its echo) is one event, and receivers de-duplicate retries by webhook-id.
   */
  identity: string;
  /** Deliveries with the same key are made in order (account + chat). */
  orderingKey: string;
  data: Record<string, unknown>;
  at?: Date;
}

export function eventIdOf(type: WebhookEventType, identity: string): string {
  return `msg_${createHash("sha256").update(`${type}\n${identity}`).digest("base64url").slice(0, 32)}`;
}

// Deliveries of one key are ordered by seq; a process-monotonic clock in microseconds keeps
// it increasing even for events recorded in the same millisecond.
let lastSeq = 0n;
export function nextSeq(now: number = Date.now()): bigint {
  const candidate = BigInt(now) * 1000n;
  lastSeq = candidate > lastSeq ? candidate : lastSeq + 1n;
  return lastSeq;
}

/**
 * Writes the event and one pending delivery per enabled endpoint of the user that wants
 * this type. Call it with the transaction that records the fact (an account linked,
 * unlinked, revoked); live messages, which the app keeps nowhere else, are recorded by
 * this write alone. Returns false when the event was already recorded (same id), or when
 * no endpoint wants it (nothing is written then).
 */
export async function recordWebhookEvent(writer: OutboxWriter, input: OutboxEventInput): Promise<boolean> {
  const endpoints = await writer.webhookEndpoint.findMany({
    where: { userId: input.userId, enabled: true },
    select: { id: true, events: true },
  });
  const wanted = endpoints.filter((endpoint) => parseWebhookEvents(endpoint.events).includes(input.type));
  if (wanted.length === 0) return false;
  const id = eventIdOf(input.type, input.identity);
  const at = input.at ?? new Date();
  const existing = await writer.webhookEvent.findUnique({ where: { id }, select: { id: true } });
  if (existing) return false;
  const payload = JSON.stringify({ type: input.type, timestamp: at.toISOString(), data: input.data });
  await writer.webhookEvent.create({
    data: { id, userId: input.userId, type: input.type, payload, orderingKey: input.orderingKey, createdAt: at },
  });
  const seq = nextSeq(at.getTime());
  await writer.webhookDelivery.createMany({
    data: wanted.map((endpoint) => ({
      eventId: id,
      endpointId: endpoint.id,
      orderingKey: input.orderingKey,
      seq,
      nextAttemptAt: at,
      createdAt: at,
    })),
  });
  return true;
}

/** Records an event in a transaction of its own (for facts the app keeps nowhere else). */
export async function recordWebhookEventNow(db: Db, input: OutboxEventInput): Promise<boolean> {
  return db.$transaction((tx) => recordWebhookEvent(tx, input));
}
