import "server-only";

// Idempotency-Key for the API's POSTs (docs/decisions/api-tokens.md). The first request
// with a key claims a row (token, key) holding a hash of the request; its answer is stored
// there, and a retry with the same key and the same request gets that answer again
// without acting. The same key with another request is 422; while the first is still
// running, 409. A failed first attempt frees the key, so a retry acts again — the send
// path's random_id is derived from the key, so Telegram still delivers the message once.
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";

/** How long a key's answer is kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim older than this is taken as abandoned (its process died): a retry may run it again. */
export const IDEMPOTENCY_STALE_MS = 2 * 60 * 1000;

export interface StoredAnswer {
  status: number;
  body: unknown;
  replayed: boolean;
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([method, path, body]))
    .digest("hex");
}

/** A non-zero signed 64-bit decimal derived from (token, key): the same retry sends the same random_id. */
export function randomIdFor(tokenId: string, key: string): string {
  const value = createHash("sha256").update(`${tokenId}\n${key}`).digest().readBigInt64BE(0);
  return (value === 0n ? 1n : value).toString();
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Runs `act` once per (token, key). `act` answers 2xx with a JSON body, or throws (nothing
 * is stored then). Expired keys are pruned now and then on the way.
 */
export async function runIdempotent(
  db: Db,
  tokenId: string,
  key: string,
  fingerprint: string,
  act: () => Promise<{ status: number; body: unknown }>,
  now: () => Date = () => new Date(),
): Promise<StoredAnswer> {
  const where = { tokenId_key: { tokenId, key } };
  for (let tries = 0; ; tries++) {
    const at = now();
    const existing = await db.apiIdempotencyKey.findUnique({ where });
    if (existing && existing.expiresAt > at) {
      if (existing.requestHash !== fingerprint) {
        throw new ApiError("idempotency_key_reused", "This Idempotency-Key was already used for a different request.");
      }
      if (existing.status !== null) {
        return { status: existing.status, body: JSON.parse(existing.response ?? "null"), replayed: true };
      }
      if (at.getTime() - existing.createdAt.getTime() < IDEMPOTENCY_STALE_MS) {
        throw new ApiError("idempotency_in_progress", "A request with this Idempotency-Key is still running.");
      }
      // Abandoned: take it over only if nobody else did meanwhile.
      const taken = await db.apiIdempotencyKey.updateMany({
        where: { tokenId, key, status: null, createdAt: existing.createdAt },
        data: { createdAt: at },
      });
      if (taken.count !== 1) continue;
    } else {
      if (existing) await db.apiIdempotencyKey.deleteMany({ where: { tokenId, key, expiresAt: { lte: at } } });
      try {
        await db.apiIdempotencyKey.create({
          data: {
            tokenId,
            key,
            requestHash: fingerprint,
            createdAt: at,
            expiresAt: new Date(at.getTime() + IDEMPOTENCY_TTL_MS),
          },
        });
      } catch (error) {
        // Another request claimed the key between our read and write: decide again from its row.
        if (isUniqueViolation(error) && tries < 3) continue;
        throw error;
      }
      if (Math.random() < 0.01) await db.apiIdempotencyKey.deleteMany({ where: { expiresAt: { lte: at } } });
    }
    let answer: { status: number; body: unknown };
    try {
      answer = await act();
    } catch (error) {
      await db.apiIdempotencyKey.deleteMany({ where: { tokenId, key, status: null } });
      throw error;
    }
    await db.apiIdempotencyKey.update({
      where,
      data: { status: answer.status, response: JSON.stringify(answer.body) },
    });
    return { ...answer, replayed: false };
  }
}
