// What a webhook endpoint can be told about. Client-safe (no imports): the profile form
// lists these, and the API's schemas validate with them.

export const WEBHOOK_EVENTS = [
  "message.received",
  "message.sent",
  "message.edited",
  "message.deleted",
  "account.linked",
  "account.unlinked",
  "account.revoked",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === "string" && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** Stored (space-separated) → the known event names, in the canonical order. */
export function parseWebhookEvents(stored: string): WebhookEventType[] {
  const given = new Set(stored.split(/\s+/));
  return WEBHOOK_EVENTS.filter((event) => given.has(event));
}

/** Endpoints one person may register. */
export const WEBHOOK_ENDPOINTS_PER_USER = 10;
export const WEBHOOK_URL_MAX = 2_000;
export const WEBHOOK_DESCRIPTION_MAX = 200;

/** An endpoint as the profile page and the API list it: never the secret. */
export interface WebhookEndpointDto {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  secretPrefix: string;
  enabled: boolean;
  disabledAt: string | null;
  /** "failing" when the worker turned it off, "owner" when its owner did. */
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: string;
}

export interface WebhookAttemptDto {
  at: string;
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  excerpt: string;
}

export interface WebhookDeliveryDto {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  status: "pending" | "succeeded" | "dead";
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
  attemptLog: WebhookAttemptDto[];
}
