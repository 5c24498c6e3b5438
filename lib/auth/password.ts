import "server-only";

import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { PASSWORD_MAX_LENGTH } from "@/lib/validations/auth";

// argon2id with OWASP's recommended floor (19 MiB, 2 passes, 1 lane). `Algorithm` is an
// ambient const enum, which isolatedModules cannot inline, hence the literal.
const ARGON2ID = 2 as Algorithm;
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  if (password.length === 0) throw new Error("refusing to hash an empty password");
  if (password.length > PASSWORD_MAX_LENGTH) throw new Error("password too long to hash");
  return hash(password, HASH_OPTIONS);
}

/** False for a wrong password, an oversized one, or a hash that is not argon2 at all. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length === 0 || password.length > PASSWORD_MAX_LENGTH) return false;
  if (!passwordHash.startsWith("$argon2")) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Burns the same time as a real check. Used when the email is unknown so response
 * timing does not reveal which addresses have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hash("tgdesk-dummy-password", HASH_OPTIONS);
  await verifyPassword(await dummyHash, password);
  return false;
}
