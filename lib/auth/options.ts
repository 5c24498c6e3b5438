import "server-only";

import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/auth/rate-limit";
import { authenticate } from "@/lib/auth/users";
import { displayNameSchema, emailSchema } from "@/lib/validations/auth";

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
    select: { id: true, email: true, name: true },
  });
}

export const authOptions = {
  secret: env.AUTH_SECRET,
  // JWT sessions: no session table, no adapter; the cookie is signed and encrypted with
  // AUTH_SECRET. Server code still re-reads the user from the database (lib/auth/session.ts).
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      // The address comes only from the trusted proxy's header (unset: none, and limits
      // apply per email alone); anything else in a request is the client's to choose.
      authorize: (credentials, req) =>
        authenticate(db, credentials, { address: clientAddress(req?.headers, env.TRUSTED_PROXY_HEADER) }),
    }),
    ...oauthProviders,
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (!account || account.provider === "credentials") return true;
      return (await siteUserForOAuth(user.email, user.name)) !== null;
    },
    async jwt({ token, user, account }) {
      if (account && account.provider !== "credentials") {
        const siteUser = await siteUserForOAuth(user.email, user.name);
        if (siteUser) Object.assign(token, { sub: siteUser.id, email: siteUser.email, name: siteUser.name });
      } else if (user) {
        Object.assign(token, { sub: user.id, email: user.email, name: user.name });
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.sub ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
      };
      return session;
    },
  },
} satisfies NextAuthOptions;
