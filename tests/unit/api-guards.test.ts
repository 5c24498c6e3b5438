import { beforeEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import type { ApiErrorBody } from "@/lib/http/error-codes";
import { errorBodyOf, jsonOf } from "../support/json";

/** An error answer whose details, where there are any, are zod's flattened field errors. */
type ErrorJson = ApiErrorBody & { error: { details?: { fieldErrors: Record<string, string[]> } } };

// withUser reads the session through next-auth, which needs a live request; the tests
// decide who is signed in instead.
const currentUser = vi.hoisted(() => ({ value: null as null | { id: string; email: string; name: string } }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => currentUser.value }));

const { ApiError, toErrorResponse } = await import("@/lib/http/errors");
const { isSameOrigin } = await import("@/lib/http/origin");
const { readJsonBody } = await import("@/lib/http/body");
const { withUser } = await import("@/lib/http/with-user");
const { NextRequest } = await import("next/server");

const SITE = "http://localhost:3000"; // env.NEXTAUTH_URL's default in tests

function request(method: string, init: { origin?: string; host?: string; body?: string } = {}) {
  const headers = new Headers();
  if (init.origin) headers.set("origin", init.origin);
  headers.set("host", init.host ?? "localhost:3000");
  return new NextRequest(`${SITE}/api/telegram/thing`, { method, headers, body: init.body });
}

const context = { params: Promise.resolve({}) };

describe("isSameOrigin", () => {
  test("accepts the site's origin and the host the request was sent to", () => {
    expect(isSameOrigin(request("POST", { origin: SITE }))).toBe(true);
    expect(isSameOrigin(request("POST", { origin: "http://127.0.0.1:4000", host: "127.0.0.1:4000" }))).toBe(true);
  });

  test("refuses other origins, a missing Origin and the opaque null origin", () => {
    expect(isSameOrigin(request("POST", { origin: "http://evil.example" }))).toBe(false);
    expect(isSameOrigin(request("POST", { origin: "http://localhost:3001" }))).toBe(false);
    expect(isSameOrigin(request("POST", { origin: "https://localhost:3000" }))).toBe(false);
    expect(isSameOrigin(request("POST"))).toBe(false);
    expect(isSameOrigin(request("POST", { origin: "null" }))).toBe(false);
  });
});

describe("withUser", () => {
  const handler = withUser(async (_request, { user }) => Response.json({ id: user.id }));

  beforeEach(() => {
    currentUser.value = null;
  });

  test("answers 401 coded JSON without a session", async () => {
    const response = await handler(request("GET"), context);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthenticated", message: "Sign in to continue." } });
  });

  test("passes the user to the handler", async () => {
    currentUser.value = { id: "u1", email: "a@b.c", name: "A" };
    const response = await handler(request("GET"), context);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "u1" });
  });

  test("refuses a state-changing request from another origin with 403", async () => {
    currentUser.value = { id: "u1", email: "a@b.c", name: "A" };
    const response = await handler(request("POST", { origin: "http://evil.example" }), context);
    expect(response.status).toBe(403);
    expect((await errorBodyOf(response)).error.code).toBe("forbidden_origin");
    const allowed = await handler(request("DELETE", { origin: SITE }), context);
    expect(allowed.status).toBe(200);
  });

  test("turns thrown errors into coded JSON", async () => {
    currentUser.value = { id: "u1", email: "a@b.c", name: "A" };
    const failing = withUser(async () => {
      throw new ApiError("not_found", "No such chat.");
    });
    const response = await failing(request("GET"), context);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "No such chat." } });
  });
});

describe("toErrorResponse", () => {
  test("hides unexpected errors behind a 500 and logs them", async () => {
    const { logger } = await import("@/lib/log");
    const spy = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const response = toErrorResponse(new Error("database password is hunter2"));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    expect((JSON.parse(text) as ApiErrorBody).error.code).toBe("internal_error");
    expect(spy).toHaveBeenCalledOnce();
    spy.mockRestore();
  });

  test("answers zod errors with 400 and the field errors", async () => {
    const parsed = z.object({ peer: z.string() }).safeParse({ peer: 1 });
    const response = toErrorResponse(parsed.error);
    expect(response.status).toBe(400);
    const body = await jsonOf<ErrorJson>(response);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details?.fieldErrors.peer).toHaveLength(1);
  });
});

describe("readJsonBody", () => {
  const schema = z.object({ password: z.string().min(1) });

  test("returns the parsed body", async () => {
    await expect(readJsonBody(request("POST", { body: '{"password":"x"}' }), schema)).resolves.toEqual({
      password: "x",
    });
  });

  test.each([
    ["not json", 400, "invalid_json"],
    ["", 400, "invalid_request"],
    ['{"password":""}', 400, "invalid_request"],
    [JSON.stringify({ password: "x".repeat(20_000) }), 413, "body_too_large"],
  ])("%j → %i %s", async (body, status, code) => {
    const error = await readJsonBody(request("POST", { body }), schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, code });
  });

  test("honours a smaller limit", async () => {
    const error = await readJsonBody(request("POST", { body: '{"password":"12345"}' }), schema, { maxBytes: 8 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 413 });
  });
});

describe("withUser with schemas", () => {
  const schemas = {
    params: z.object({ peer: z.string().regex(/^\d+$/) }),
    query: z.object({ limit: z.coerce.number().int().max(10).default(5) }),
    body: z.object({ text: z.string().min(1) }),
    maxBodyBytes: 64,
  };
  const handler = withUser(schemas, async (_request, { user, params, query, body }) =>
    Response.json({ user: user.id, peer: params.peer, limit: query.limit, text: body.text }),
  );
  const post = (url: string, body: string, peer = "42") =>
    handler(
      new NextRequest(`${SITE}${url}`, { method: "POST", headers: { origin: SITE, host: "localhost:3000" }, body }),
      { params: Promise.resolve({ peer }) },
    );

  beforeEach(() => {
    currentUser.value = { id: "u1", email: "a@b.c", name: "A" };
  });

  test("hands the handler parsed params, query and body", async () => {
    const response = await post("/x?limit=3", '{"text":"hi"}');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: "u1", peer: "42", limit: 3, text: "hi" });
  });

  test.each([
    ["bad params", "/x", '{"text":"hi"}', "abc", 400, "invalid_request"],
    ["bad query", "/x?limit=99", '{"text":"hi"}', "42", 400, "invalid_request"],
    ["bad body", "/x", '{"text":""}', "42", 400, "invalid_request"],
    ["not json", "/x", "{", "42", 400, "invalid_json"],
    ["too large", "/x", JSON.stringify({ text: "x".repeat(100) }), "42", 413, "body_too_large"],
  ])("%s → %i %s", async (_name, url, body, peer, status, code) => {
    const response = await post(url, body, peer);
    expect(response.status).toBe(status);
    const json = await jsonOf<ErrorJson>(response);
    expect(json.error.code).toBe(code);
    if (code === "invalid_request") expect(json.error.details?.fieldErrors).toBeDefined();
  });

  test("checks the session and the origin before reading any input", async () => {
    currentUser.value = null;
    expect((await post("/x", "{")).status).toBe(401);
    currentUser.value = { id: "u1", email: "a@b.c", name: "A" };
    const foreign = await handler(
      new NextRequest(`${SITE}/x`, {
        method: "POST",
        headers: { origin: "http://evil.example", host: "localhost:3000" },
        body: "{",
      }),
      { params: Promise.resolve({ peer: "abc" }) },
    );
    expect(foreign.status).toBe(403);
  });

  test("answers a path that does not parse as the route asks", async () => {
    const chat = withUser(
      { params: schemas.params, badParams: { code: "not_found", message: "This chat does not exist." } },
      async () => Response.json({}),
    );
    const response = await chat(request("GET"), { params: Promise.resolve({ peer: "abc" }) });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "This chat does not exist." } });
  });
});

describe("domain errors answer with their code from the one table", () => {
  test.each([
    [
      "flood wait",
      async () => new (await import("@/lib/telegram/errors")).TelegramError("FLOOD_WAIT", 12),
      429,
      "flood_wait",
      { seconds: 12 },
    ],
    [
      "revoked session",
      async () => new (await import("@/lib/telegram/errors")).TelegramError("AUTH_KEY_UNREGISTERED"),
      409,
      "telegram_revoked",
      undefined,
    ],
    [
      "network",
      async () => new (await import("@/lib/telegram/errors")).TelegramError("TIMEOUT"),
      503,
      "telegram_unavailable",
      undefined,
    ],
    [
      "other Telegram error",
      async () => new (await import("@/lib/telegram/errors")).TelegramError("PEER_ID_INVALID"),
      502,
      "telegram_error",
      undefined,
    ],
    [
      "no account",
      async () => new (await import("@/lib/telegram/runtime/lifecycle")).DashboardError("no_account", "x"),
      409,
      "telegram_not_linked",
      undefined,
    ],
    [
      "foreign chat",
      async () => new (await import("@/lib/telegram/read-models/history")).PeerNotFoundError(),
      404,
      "not_found",
      undefined,
    ],
    [
      "no login",
      async () => new (await import("@/lib/telegram/login/registry")).LoginError("no_attempt", "x"),
      409,
      "no_attempt",
      undefined,
    ],
  ])("%s → %i %s", async (_name, make, status, code, details) => {
    const response = toErrorResponse(await make());
    expect(response.status).toBe(status);
    const body = await errorBodyOf(response);
    expect(body.error.code).toBe(code);
    expect(body.error.details).toEqual(details);
  });
});
