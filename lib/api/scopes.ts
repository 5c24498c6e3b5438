// What an API token may do. Client-safe (no imports): the profile form lists these.

export const API_SCOPES = ["messages:read", "messages:send", "contacts:read", "webhooks:manage"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === "string" && (API_SCOPES as readonly string[]).includes(value);
}

/** Scopes as stored (space-separated) → the known ones, in the canonical order. */
export function parseScopes(stored: string): ApiScope[] {
  const given = new Set(stored.split(/\s+/));
  return API_SCOPES.filter((scope) => given.has(scope));
}

/** Longest token name. */
export const API_TOKEN_NAME_MAX = 80;
/** Tokens one person may hold at once (revoked and expired ones do not count). */
export const API_TOKENS_PER_USER = 20;
/** Longest expiry a token may be given, in days. */
export const API_TOKEN_MAX_DAYS = 366;

/** A token as the profile page and the admin panel list it: never the secret or its hash. */
export interface ApiTokenDto {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** As of when it was read: revoked and expired tokens stay listed, for the record. */
  state: "active" | "revoked" | "expired";
}
