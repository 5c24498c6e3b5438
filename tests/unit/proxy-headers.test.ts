// proxy.ts: a nonce'd CSP per page request (handed to Next through the request headers,
// so its scripts carry the nonce), HSTS only for an https site, and a 400 for a path with
// a malformed %-escape before anything tries to decode it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { inlineScriptHashes } from "@/lib/http/static-error-page";

async function proxyWith(env: Record<string, string>) {
  vi.resetModules();
  for (const [key, value] of Object.entries({ NODE_ENV: "test", ...env })) vi.stubEnv(key, value);
  return (await import("@/proxy")).proxy;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const nonceOf = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? "")?.[1];

describe("proxy", () => {
  it("gives every page request a CSP with a fresh nonce, also on the request Next renders from", async () => {
    const proxy = await proxyWith({ NEXTAUTH_URL: "http://localhost:3000" });
    const first = await proxy(new NextRequest("http://localhost:3000/sign-in"));
    const second = await proxy(new NextRequest("http://localhost:3000/sign-in"));
    const policy = first.headers.get("content-security-policy");
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'(;|$)/);
    expect(policy?.split("; ").find((d) => d.startsWith("script-src "))).not.toContain("unsafe-inline");
    expect(nonceOf(policy)).not.toBe(nonceOf(second.headers.get("content-security-policy")));
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS when the site is served over https", async () => {
    const proxy = await proxyWith({ NEXTAUTH_URL: "https://desk.example.com" });
    const page = await proxy(new NextRequest("https://desk.example.com/sign-in"));
    expect(page.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
    expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("answers 400 to a malformed %-escape in a path, for pages and the API", async () => {
    const proxy = await proxyWith({ NEXTAUTH_URL: "http://localhost:3000" });
    const api = await proxy(new NextRequest("http://localhost:3000/api/telegram/chats/%E0%A4%A/messages"));
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: { code: "invalid_request" } });
    expect((await proxy(new NextRequest("http://localhost:3000/telegram/chats/%ZZ"))).status).toBe(400);
    expect((await proxy(new NextRequest("http://localhost:3000/api/telegram/sessions/%"))).status).toBe(400);
    // A well-formed escape still goes on to the session check.
    expect((await proxy(new NextRequest("http://localhost:3000/api/telegram/chats/%2D5/messages"))).status).toBe(401);
  });

  it("allows the prerendered error page's inline scripts by hash in production, and nothing else", async () => {
    const distDir = fs.mkdtempSync(path.join(os.tmpdir(), "tgdesk-dist-"));
    try {
      const bootstrap = "(self.__next_f=self.__next_f||[]).push([0])";
      const payload = 'self.__next_f.push([1,"0:{}"])';
      fs.mkdirSync(path.join(distDir, "server", "app"), { recursive: true });
      fs.writeFileSync(
        path.join(distDir, "server", "app", "_global-error.html"),
        `<html><head><script src="/_next/static/chunks/a.js" async=""></script></head>` +
          `<body><script>${bootstrap}</script><script id="_R_">${payload}</script></body></html>`,
      );
      const proxy = await proxyWith({
        NODE_ENV: "production",
        NEXTAUTH_URL: "http://localhost:3000",
        AUTH_SECRET: "unit-test-auth-secret-0000000000000000",
        TELEGRAM_SESSION_KEY: Buffer.alloc(32, 3).toString("base64"),
        NEXT_DIST_DIR: distDir,
      });
      const policy = (await proxy(new NextRequest("http://localhost:3000/_global-error"))).headers.get(
        "content-security-policy",
      );
      const scriptSrc = policy?.split("; ").find((d) => d.startsWith("script-src ")) ?? "";
      const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
      expect(scriptSrc.split(" ").slice(3).sort()).toEqual([sha(bootstrap), sha(payload)].sort());
      expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' /);
      expect(scriptSrc).not.toContain("unsafe-inline");
    } finally {
      fs.rmSync(distDir, { recursive: true, force: true });
    }
  });

  it("hashes inline scripts only: scripts with a src are left to 'self'", () => {
    expect(inlineScriptHashes('<script src="/a.js"></script><script async src=/b.js></script>')).toEqual([]);
    expect(inlineScriptHashes("<script>one()</script><SCRIPT type='module'>one()</SCRIPT><script></script>")).toEqual([
      `'sha256-${createHash("sha256").update("one()").digest("base64")}'`,
    ]);
  });
});
