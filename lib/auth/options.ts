import "server-only";

import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/auth/rate-limit";
import { authenticateDetailed, TooManyAttemptsError } from "@/lib/auth/users";
import {
  endSiteSession,
  isSiteSessionValid,
  SESSION_MAX_AGE_SECONDS,
  startSiteSession,
} from "@/lib/auth/site-sessions";
import { recordAudit } from "@/lib/admin/audit";
import { currentRequestMeta } from "@/lib/admin/request-meta";
import { displayNameSchema, emailSchema } from "@/lib/validations/auth";
import { logger } from "@/lib/log";
import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/config";

const oauthProviders = [
  ...(env.GITHUB_ID && env.GITHUB_SECRET
    ? [GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET })]
    : []),
  ...(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
    ? [GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET })]
    : []),
];

/** Ids of the OAuth providers switched on by the environment (the sign-in page shows them). */
export const enabledOAuthProviders = oauthProviders.map((provider) => ({ id: provider.id, name: provider.name }));

/**
 * OAuth users become ordinary site users keyed by email. Their password hash is a value
 * argon2 can never verify, so such an account cannot be entered with a password.
 */
async function siteUserForOAuth(email: unknown, name: unknown) {
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success) return null;
  const parsedName = displayNameSchema.safeParse(name);
  return db.user.upsert({
    where: { email: parsedEmail.data },
    update: {},
    create: {
      email: parsedEmail.data,
      name: parsedName.success ? parsedName.data : parsedEmail.data.split("@")[0]!,
      passwordHash: `!oauth:${randomBytes(16).toString("hex")}`,
    },
    select: { id: true, email: true, name: true, status: true },
  });
}

/** Credentials sign-in with its outcome written to the audit log. */
async function authorizeWithAudit(credentials: unknown, address: string | null) {
  const meta = await currentRequestMeta();
  try {
    const outcome = await authenticateDetailed(db, credentials, { address });
    if ("user" in outcome) return outcome.user;
    await recordAudit(db, {
      action: "sign_in.failure",
      outcome: "failure",
      actor: null,
      target: outcome.userId ? { type: "user", id: outcome.userId, label: outcome.email } : null,
      meta,
      details: { method: "credentials", reason: outcome.failure, ...(outcome.email && { email: outcome.email }) },
    });
    return null;
  } catch (error) {
    if (error instanceof TooManyAttemptsError) {
      const email = emailSchema.safeParse((credentials as { email?: unknown } | undefined)?.email);
      await recordAudit(db, {
        action: "sign_in.lockout",
        outcome: "failure",
        actor: null,
        meta,
        details: {
          method: "credentials",
          retryAfterSeconds: error.retryAfterSeconds,
          ...(email.success && { email: email.data }),
        },
      });
    }
    throw error;
  }
}

/** A language chosen on the profile page follows the person to every browser they sign in from. */
async function applyLanguagePreference(userId: string): Promise<void> {
  const preference = await db.user.findUnique({ where: { id: userId }, select: { locale: true } });
  if (!isLocale(preference?.locale)) return;
  try {
    (await cookies()).set(LOCALE_COOKIE, preference.locale, { path: "/", maxAge: 365 * 24 * 60 * 60, sameSite: "lax" });
  } catch {
    // Outside a route handler (never for next-auth's callback route): nothing to set.
  }
}

// Cookies are spelled out so the review does not depend on library defaults: the session
// cookie is HttpOnly and SameSite=Lax always, and Secure (with the __Secure- prefix)
// whenever the site is served over https, which production deployments are.
const secureCookies = env.NEXTAUTH_URL.startsWith("https://");
const cookiePrefix = secureCookies ? "__Secure-" : "";

export const authOptions = {
  secret: env.AUTH_SECRET,
  // JWT cookies (the credentials provider needs them), each naming a SiteSession row that
  // is checked on every read, so ending the row ends the cookie (docs/decisions/site-sessions.md).
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  useSecureCookies: secureCookies,
  cookies: {
    sessionToken: {
      name: `${cookiePrefix}next-auth.session-token`,
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies },
    },
  },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    error(code, metadata) {
      // An ended session read again (a replayed or stale cookie) is expected, not an error.
      const message =
        metadata instanceof Error ? metadata.message : (metadata as { message?: string } | undefined)?.message;
      if (code === "JWT_SESSION_ERROR" && message === "SessionEnded") return;
      logger.error({ code, err: metadata }, "next-auth error");
    },
    warn(code) {
      logger.warn({ code }, "next-auth warning");
    },
    debug() {},
  },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      // The address comes only from the trusted proxy's header (unset: none, and limits
      // apply per email alone); anything else in a request is the client's to choose.
      authorize: (credentials, req) =>
        authorizeWithAudit(credentials, clientAddress(req?.headers, env.TRUSTED_PROXY_HEADER)),
    }),
    ...oauthProviders,
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (!account || account.provider === "credentials") return true;
      const siteUser = await siteUserForOAuth(user.email, user.name);
      return siteUser !== null && siteUser.status === "active";
    },
    async jwt({ token, user, account }) {
      if (user) {
        // A fresh sign-in: open the session row the cookie will name from now on.
        let siteUser: { id: string; email: string; name: string } | null = user as {
          id: string;
          email: string;
          name: string;
        };
        if (account && account.provider !== "credentials") siteUser = await siteUserForOAuth(user.email, user.name);
        if (!siteUser) throw new Error("SignInFailed");
        const meta = await currentRequestMeta();
        const sid = await startSiteSession(db, siteUser.id, meta);
        Object.assign(token, { sub: siteUser.id, email: siteUser.email, name: siteUser.name, sid });
        await applyLanguagePreference(siteUser.id);
        await recordAudit(db, {
          action: "sign_in.success",
          actor: { id: siteUser.id, email: siteUser.email },
          target: { type: "site_session", id: sid },
          meta,
          details: { method: account?.provider ?? "credentials" },
        });
        return token;
      }
      // Every later read: a revoked, expired or foreign session (or a disabled user) ends
      // here; next-auth then clears the cookie and reports no session.
      if (!(await isSiteSessionValid(db, token.sid, token.sub))) throw new Error("SessionEnded");
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.sub ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
      };
      session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      const ended = await endSiteSession(db, token?.sid, "sign_out");
      if (ended && token?.sub) {
        await recordAudit(db, {
          action: "sign_out",
          actor: { id: token.sub, email: token.email ?? "" },
          target: { type: "site_session", id: String(token.sid) },
          meta: await currentRequestMeta(),
        });
      }
    },
  },
} satisfies NextAuthOptions;
