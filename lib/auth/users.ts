import "server-only";

import type { Db } from "@/lib/db";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { signInLimiterFor, type SignInLimiter } from "@/lib/auth/rate-limit";
import { createUserSchema, signInSchema, type CreateUserInput } from "@/lib/validations/auth";

export type SiteUser = { id: string; email: string; name: string };

/** Thrown by authenticate() while an email must wait; next-auth reports the message as the error code. */
export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("TooManyAttempts");
    this.name = "TooManyAttemptsError";
  }
}

export class UserExistsError extends Error {
  constructor(readonly email: string) {
    super(`a user with email ${email} already exists`);
    this.name = "UserExistsError";
  }
}

const publicFields = { id: true, email: true, name: true } as const;

/** Validates (throws ZodError), hashes with argon2id and stores a new site user. */
export async function createUser(db: Db, input: CreateUserInput): Promise<SiteUser> {
  const { email, password, name } = createUserSchema.parse(input);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new UserExistsError(email);
  }
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({ data: { email, name, passwordHash }, select: publicFields });
  } catch (error) {
    // Lost a race with another creator of the same address.
    if ((error as { code?: string }).code === "P2002") throw new UserExistsError(email);
    throw error;
  }
}

/**
 * The user for a correct email + password, otherwise null (same timing either way).
 * Throws TooManyAttemptsError while this email, from this client address, must wait after
 * repeated wrong passwords (or the address after many, over all emails), whether or not
 * the account exists, so the delay reveals nothing either. Failures from another address
 * never delay this one (lib/auth/rate-limit.ts).
 */
export async function authenticate(
  db: Db,
  credentials: unknown,
  { address = null, limiter = signInLimiterFor(db) }: { address?: string | null; limiter?: SignInLimiter } = {},
): Promise<SiteUser | null> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const key = { email, address };
  const wait = await limiter.retryAfter(key);
  if (wait > 0) throw new TooManyAttemptsError(wait);

  const user = await db.user.findUnique({
    where: { email },
    select: { ...publicFields, passwordHash: true },
  });
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !ok) {
    await limiter.recordFailure(key);
    return null;
  }
  await limiter.recordSuccess(key);
  return { id: user.id, email: user.email, name: user.name };
}

export const DEMO_USER = {
  email: "demo@tgdesk.local",
  password: "demo-password",
  name: "Demo User",
} as const;

/** Creates the development demo user once; leaves an existing one (and its password) alone. */
export async function ensureDemoUser(db: Db): Promise<{ created: boolean; user: SiteUser }> {
  const existing = await db.user.findUnique({ where: { email: DEMO_USER.email }, select: publicFields });
  if (existing) return { created: false, user: existing };
  return { created: true, user: await createUser(db, DEMO_USER) };
}
