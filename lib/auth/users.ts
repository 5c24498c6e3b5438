import "server-only";

import type { Db } from "@/lib/db";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { signInLimiterFor, type SignInLimiter } from "@/lib/auth/rate-limit";
import { createUserSchema, signInSchema, type CreateUserInput } from "@/lib/validations/auth";

export type SiteUser = { id: string; email: string; name: string };

/** Why authenticate() said no; only the audit log sees the difference, never the person. */
export type SignInFailure = "invalid" | "disabled";

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
  const { email, password, name, role, mustChangePassword } = createUserSchema.parse(input);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new UserExistsError(email);
  }
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({
      data: { email, name, passwordHash, role, mustChangePassword },
      select: publicFields,
    });
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
/** Where a sign-in comes from (the trusted proxy's header, else null) and the limiter to ask. */
type SignInOptions = { address?: string | null; limiter?: SignInLimiter };

export async function authenticate(
  db: Db,
  credentials: unknown,
  options: SignInOptions = {},
): Promise<SiteUser | null> {
  const outcome = await authenticateDetailed(db, credentials, options);
  return "user" in outcome ? outcome.user : null;
}

/**
 * authenticate() with the reason for a refusal (for the audit log). A disabled account
 * is refused even with the right password, after the same hashing work as any other.
 */
export async function authenticateDetailed(
  db: Db,
  credentials: unknown,
  { address = null, limiter = signInLimiterFor(db) }: SignInOptions = {},
): Promise<{ user: SiteUser } | { failure: SignInFailure; email: string | null; userId: string | null }> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return { failure: "invalid", email: null, userId: null };
  const { email, password } = parsed.data;
  const key = { email, address };
  const wait = await limiter.retryAfter(key);
  if (wait > 0) throw new TooManyAttemptsError(wait);

  const user = await db.user.findUnique({
    where: { email },
    select: { ...publicFields, passwordHash: true, status: true },
  });
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !ok) {
    await limiter.recordFailure(key);
    return { failure: "invalid", email, userId: user?.id ?? null };
  }
  if (user.status !== "active") return { failure: "disabled", email, userId: user.id };
  await limiter.recordSuccess(key);
  return { user: { id: user.id, email: user.email, name: user.name } };
}

export const DEMO_USER = {
  email: "demo@tgdesk.local",
  password: "demo-password",
  name: "Demo User",
  role: "admin",
} as const;

/** The development seed's second person, so the admin panel has someone to manage. */
export const DEMO_MEMBER = {
  email: "member@tgdesk.local",
  password: "member-password",
  name: "Demo Member",
  role: "member",
} as const;

/**
 * Creates the development demo user (an admin) once; leaves an existing one and its
 * password alone, apart from making sure it is still an admin.
 */
export async function ensureDemoUser(db: Db): Promise<{ created: boolean; user: SiteUser }> {
  const existing = await db.user.findUnique({ where: { email: DEMO_USER.email }, select: publicFields });
  if (existing) {
    await db.user.update({ where: { id: existing.id }, data: { role: "admin" } });
    return { created: false, user: existing };
  }
  return { created: true, user: await createUser(db, DEMO_USER) };
}

/** Creates the demo member once; an existing one is left as it is. */
export async function ensureDemoMember(db: Db): Promise<{ created: boolean; user: SiteUser }> {
  const existing = await db.user.findUnique({ where: { email: DEMO_MEMBER.email }, select: publicFields });
  if (existing) return { created: false, user: existing };
  return { created: true, user: await createUser(db, DEMO_MEMBER) };
}
