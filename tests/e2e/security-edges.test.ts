// Security at the edges, against the real server and in Chromium: the nonce CSP blocks an
// injected inline script while the app's own scripts run; security headers; body floods
// answered 413 without the server's memory growing; malformed paths and session hashes
// answered 400/404 instead of 500.
import fs from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createTestUser,
  launchBrowser,
  newPage,
  signInByRequest,
  startApp,
  type LaunchedBrowser,
  type StartedApp,
  type TestUser,
} from "../support/e2e";

let app: StartedApp;
let browser: LaunchedBrowser;
let user: TestUser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  user = await createTestUser(app);
});

afterAll(async () => {
  await browser?.dispose();
  await app?.stop();
});

/** Resident memory of the server process and its children, in bytes (Linux /proc). */
function serverRss(): number {
  const pids = new Set([app.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry) || pids.has(Number(entry))) continue;
      try {
        const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
        if (pids.has(ppid)) {
          pids.add(Number(entry));
          grew = true;
        }
      } catch {
        // gone meanwhile
      }
    }
  }
  let total = 0;
  for (const pid of pids) {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      total += Number(kb ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

const FLOOD_BYTES = 200 * 1024 * 1024;
const FLOODED_API_ROUTES = [
  "/api/telegram/login",
  "/api/telegram/login/password",
  "/api/telegram/chats/5/messages",
  "/api/telegram/chats/5/read",
];

/**
 * POSTs a 200 MB chunked body, writing until the server answers. A server that answers 413
 * and closes may do so while a chunk is still on the wire; the client then sees EPIPE or
 * ECONNRESET before it has parsed the answer, so such a try is made again (at most 3).
 */
async function flood(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await floodOnce(path, headers);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 3 || (code !== "EPIPE" && code !== "ECONNRESET")) throw error;
    }
  }
}

function floodOnce(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(path, app.url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { "transfer-encoding": "chunked", ...headers },
      },
      (res) => {
        answered = true;
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (!answered && sent < FLOOD_BYTES) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

async function sessionCookie(): Promise<string> {
  const { context, page } = await newPage(browser, app);
  await signInByRequest(page, user.email, user.password);
  const cookies = await context.cookies();
  await context.close();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

describe("content security policy", () => {
  test("the app's own scripts run; an inline script injected without the nonce does not", async () => {
    const { context, page } = await newPage(browser, app);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const response = await page.goto("/sign-in");
    const policy = response!.headers()["content-security-policy"] ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-/);
    // Hydrated: React attached its handlers (the sign-in form works through them).
    await expect
      .poll(() =>
        page.evaluate(() => Object.keys(document.querySelector("form") ?? {}).some((k) => k.startsWith("__react"))),
      )
      .toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);

    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; violation: string | null }>((resolve) => {
          const w = window as unknown as { __injected?: boolean };
          document.addEventListener(
            "securitypolicyviolation",
            (e) => resolve({ ran: w.__injected === true, violation: e.violatedDirective }),
            { once: true },
          );
          const script = document.createElement("script");
          script.textContent = "window.__injected = true;";
          document.body.appendChild(script);
          setTimeout(() => resolve({ ran: w.__injected === true, violation: null }), 3_000);
        }),
    );
    expect(outcome.ran).toBe(false);
    expect(outcome.violation).toMatch(/^script-src/);
    await context.close();
  });

  test("Next's prerendered last-resort error page runs its own inline scripts under the policy; an injected one still does not", async () => {
    const { context, page } = await newPage(browser, app);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const response = await page.goto("/_global-error");
    expect(response!.status()).toBe(500);
    expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'sha256-/);
    // Built ahead of any request, its inline scripts cannot carry this request's nonce.
    const html = await response!.text();
    expect(html).toMatch(/<script>[^<]+<\/script>/);
    expect(html).not.toMatch(/<script[^>]*nonce=/);
    // Violations are reported in order: once the injected script's arrives, any earlier
    // one from the page's own scripts would have been reported before it.
    const violation = await page.evaluate(
      () =>
        new Promise<string | null>((resolve) => {
          document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), { once: true });
          const script = document.createElement("script");
          script.textContent = "window.__injected = true;";
          document.body.appendChild(script);
          setTimeout(() => resolve(null), 3_000);
        }),
    );
    expect(violation).toMatch(/^script-src/);
    const seen = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(seen).toEqual([expect.stringMatching(/^script-src/)]);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    await context.close();
  });

  test("pages carry the security headers; no HSTS over plain http", async () => {
    const response = await fetch(`${app.url}/sign-in`);
    expect(response.headers.get("permissions-policy")).toContain("camera=()");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("body floods", () => {
  test("200 MB chunked to next-auth's callback (no cookie) and to the API (signed in) answer 413; memory stays flat", async () => {
    const cookie = await sessionCookie();
    // Warm up: the first request to a route loads its code (Prisma, GramJS…), which is
    // memory too, but not the memory this test is about.
    await fetch(`${app.url}/api/auth/callback/credentials`, {
      method: "POST",
      body: "x=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    for (const path of FLOODED_API_ROUTES) {
      await fetch(`${app.url}${path}`, {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json", cookie, origin: app.url },
      });
    }
    await flood("/api/auth/callback/credentials", { "content-type": "application/x-www-form-urlencoded" });
    const before = serverRss();
    const auth = await flood("/api/auth/callback/credentials", { "content-type": "application/x-www-form-urlencoded" });
    expect(auth.status).toBe(413);
    for (const path of FLOODED_API_ROUTES) {
      const answer = await flood(path, { "content-type": "application/json", cookie, origin: app.url });
      expect(answer.status, path).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "body_too_large" } });
    }
    expect(serverRss() - before).toBeLessThan(32 * 1024 * 1024);
  }, 120_000);
});

describe("malformed paths", () => {
  test("a broken %-escape or a non-canonical session hash is 400/404, never 500", async () => {
    const cookie = await sessionCookie();
    const get = (path: string) => fetch(`${app.url}${path}`, { headers: { cookie }, redirect: "manual" });
    for (const path of [
      "/api/telegram/chats/%E0%A4%A/messages",
      "/api/telegram/avatars/%ZZ",
      "/telegram/chats/%E0%A4%A",
      "/telegram/chats/%",
    ]) {
      expect([400, 404], path).toContain((await get(path)).status);
    }
    for (const hash of ["-0", "00", "0"]) {
      const response = await fetch(`${app.url}/api/telegram/sessions/${hash}`, {
        method: "DELETE",
        headers: { cookie, origin: app.url },
      });
      expect(response.status, hash).toBe(400);
    }
  });
});
