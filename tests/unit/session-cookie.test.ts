// The site session cookie: HttpOnly and SameSite=Lax always; Secure, with the __Secure-
// prefix, when the site is served over https (as production is). Spelled out in
// lib/auth/options.ts so it does not hang on next-auth's defaults.
import { afterEach, describe, expect, test, vi } from "vitest";

async function optionsWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return (await import("@/lib/auth/options")).authOptions;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

// The first import of the auth options pulls in Prisma and next-auth: slow on a busy machine.
describe("session cookie", { timeout: 60_000 }, () => {
  test("production over https: HttpOnly, SameSite=Lax, Secure, __Secure- prefix", async () => {
    const options = await optionsWith({
      NODE_ENV: "production",
      NEXTAUTH_URL: "https://desk.example.com",
      AUTH_SECRET: "x".repeat(48),
      TELEGRAM_SESSION_KEY: Buffer.alloc(32, 7).toString("base64"),
    });
    expect(options.useSecureCookies).toBe(true);
    expect(options.cookies?.sessionToken).toEqual({
      name: "__Secure-next-auth.session-token",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: true },
    });
  });

  test("plain http (local development): HttpOnly and SameSite=Lax, not Secure", async () => {
    const options = await optionsWith({ NODE_ENV: "test", NEXTAUTH_URL: "http://localhost:3000" });
    expect(options.useSecureCookies).toBe(false);
    expect(options.cookies?.sessionToken?.options).toEqual({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: false,
    });
  });
});
