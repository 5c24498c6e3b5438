import "server-only";

// Personal API tokens (docs/decisions/api-tokens.md). A token is "tgd_" and 43 base64url
// characters (32 random bytes). Only its SHA-256 is stored: the secret has 256 bits of
// entropy, so no guessing attack gets anywhere near it and a slow password hash would only
// slow every API request; the hash is looked up through a unique index.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/admin/audit";
import type { RequestMeta } from "@/lib/admin/request-meta";
import { ApiError } from "@/lib/http/errors";
import { API_TOKENS_PER_USER, parseScopes, type ApiScope, type ApiTokenDto } from "./scopes";

export const TOKEN_PREFIX = "tgd_";
/** Characters of the token shown in lists: "tgd_" and the first 8 of the secret. */
const VISIBLE_LENGTH = TOKEN_PREFIX.length + 8;
const TOKEN_PATTERN = /^tgd_[A-Za-z0-9_-]{43}$/;
/** lastUsedAt is written at most this often per token, so reads do not all become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function generateToken(): { token: string; prefix: string; secretHash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, prefix: token.slice(0, VISIBLE_LENGTH), secretHash: hashToken(token) };
}

type Actor = { id: string; email: string };

const LIST_SELECT = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

type ListRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function toDto(row: ListRow, now: Date = new Date()): ApiTokenDto {
  return {
    state: row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active",
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: parseScopes(row.scopes),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token for `owner`; the returned `token` is the only time the secret exists in clear. */
export async function createApiToken(
  db: Db,
  owner: Actor,
  input: { name: string; scopes: ApiScope[]; expiresAt: Date | null },
  meta?: RequestMeta,
  now: Date = new Date(),
): Promise<{ token: string; apiToken: ApiTokenDto }> {
  const live = await db.apiToken.count({
    where: { userId: owner.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
  });
  if (live >= API_TOKENS_PER_USER) {
    throw new ApiError("invalid_request", `At most ${API_TOKENS_PER_USER} tokens can be active at once.`, {
      formErrors: ["too_many_tokens"],
      fieldErrors: {},
    });
  }
  const { token, prefix, secretHash } = generateToken();
  const row = await db.apiToken.create({
    data: {
      userId: owner.id,
      name: input.name,
      prefix,
      secretHash,
      scopes: input.scopes.join(" "),
      createdAt: now,
      expiresAt: input.expiresAt,
    },
    select: LIST_SELECT,
  });
  await recordAudit(db, {
    action: "api_token.create",
    actor: owner,
    target: { type: "api_token", id: row.id, label: `${row.name} (${row.prefix}…)` },
    meta,
    details: { scopes: input.scopes, expiresAt: input.expiresAt?.toISOString() ?? null, owner: owner.email },
  });
  return { token, apiToken: toDto(row, now) };
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenDto[]> {
  const rows = await db.apiToken.findMany({
    where: { userId },
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: LIST_SELECT,
  });
  const now = new Date();
  return rows.map((row) => toDto(row, now));
}

export type AdminApiTokenDto = ApiTokenDto & { owner: { id: string; email: string; name: string } };

/** Every token on the site, newest first, for the admin panel. */
export async function listAllApiTokens(db: Db, take = 500): Promise<AdminApiTokenDto[]> {
  const rows = await db.apiToken.findMany({
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    take,
    select: { ...LIST_SELECT, user: { select: { id: true, email: true, name: true } } },
  });
  const now = new Date();
  return rows.map(({ user, ...row }) => ({ ...toDto(row, now), owner: user }));
}

/**
 * Revokes a token. A member may revoke only their own (another's id is answered as not
 * found); an admin any. Revoking twice is not an error and is audited once.
 */
export async function revokeApiToken(
  db: Db,
  actor: Actor & { role: "admin" | "member" },
  tokenId: string,
  meta?: RequestMeta,
  now: Date = new Date(),
): Promise<ApiTokenDto> {
  const row = await db.apiToken.findUnique({
    where: { id: tokenId },
    select: { ...LIST_SELECT, userId: true, user: { select: { email: true } } },
  });
  if (!row || (row.userId !== actor.id && actor.role !== "admin")) {
    throw new ApiError("not_found", "This token does not exist.");
  }
  if (row.revokedAt) return toDto(row);
  const updated = await db.apiToken.update({
    where: { id: tokenId },
    data: { revokedAt: now, revokedById: actor.id },
    select: LIST_SELECT,
  });
  await recordAudit(db, {
    action: "api_token.revoke",
    actor,
    target: { type: "api_token", id: row.id, label: `${row.name} (${row.prefix}…)` },
    meta,
    details: { owner: row.user.email, byAdmin: row.userId !== actor.id },
  });
  return toDto(updated, now);
}

export interface TokenPrincipal {
  tokenId: string;
  scopes: ApiScope[];
  user: { id: string; email: string; name: string; role: "admin" | "member" };
}

/**
 * The token's owner and scopes, or null for anything that is not a live token of an
 * active user (malformed, unknown, revoked, expired, owner disabled): all answered alike.
 */
export async function authenticateToken(db: Db, raw: string, now: Date = new Date()): Promise<TokenPrincipal | null> {
  if (!TOKEN_PATTERN.test(raw)) return null;
  const row = await db.apiToken.findUnique({
    where: { secretHash: hashToken(raw) },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, status: true } },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.status !== "active") return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now }, select: { id: true } });
  }
  return {
    tokenId: row.id,
    scopes: parseScopes(row.scopes),
    user: {
      id: row.user.id,
      email: row.user.email,
      name: row.user.name,
      role: row.user.role === "admin" ? "admin" : "member",
    },
  };
}
