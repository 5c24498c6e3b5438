// Role checks where data is read: the admin API guard answers members with 403 JSON and
// admin pages answer them with the ordinary 404.
import { beforeEach, describe, expect, test, vi } from "vitest";
import { errorBodyOf } from "../support/json";

type User = {
  id: string;
  email: string;
  name: string;
  role: "admin" | "member";
  mustChangePassword: boolean;
  sessionId: string;
};
const currentUser = vi.hoisted(() => ({ value: null as null | User }));
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => currentUser.value,
  requireUser: async () => {
    if (!currentUser.value) throw new Error("redirect to sign-in");
    return currentUser.value;
  },
}));

const { requireAdmin } = await import("@/lib/admin/guard");
const { withAdmin } = await import("@/lib/http/with-admin");
const { AdminError } = await import("@/lib/admin/errors");
const { isAdmin, isRole } = await import("@/lib/auth/roles");
const { NextRequest } = await import("next/server");

const SITE = "http://localhost:3000";
const context = { params: Promise.resolve({}) };
const member: User = {
  id: "m1",
  email: "m@x.test",
  name: "M",
  role: "member",
  mustChangePassword: false,
  sessionId: "s1",
};
const admin: User = { ...member, id: "a1", email: "a@x.test", role: "admin" };

function request(method: string) {
  return new NextRequest(`${SITE}/api/admin/users`, { method, headers: { origin: SITE, host: "localhost:3000" } });
}

describe("withAdmin", () => {
  const handler = withAdmin(async (_request, { admin: ctx }) => Response.json({ actor: ctx.actor }));
  beforeEach(() => {
    currentUser.value = null;
  });

  test("401 without a session", async () => {
    const response = await handler(request("GET"), context);
    expect(response.status).toBe(401);
    expect((await errorBodyOf(response)).error.code).toBe("unauthenticated");
  });

  test("403 JSON for a member, for reads and writes alike", async () => {
    currentUser.value = member;
    for (const method of ["GET", "POST", "PATCH", "DELETE"]) {
      const response = await handler(request(method), context);
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toEqual({ error: { code: "forbidden", message: "Only admins may do this." } });
    }
  });

  test("an admin reaches the handler with the audit actor", async () => {
    currentUser.value = admin;
    const response = await handler(request("GET"), context);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ actor: { id: "a1", email: "a@x.test" } });
  });

  test("an admin's write from another origin is still refused", async () => {
    currentUser.value = admin;
    const foreign = new NextRequest(`${SITE}/api/admin/users`, {
      method: "POST",
      headers: { origin: "http://evil.example", host: "localhost:3000" },
    });
    const response = await handler(foreign, context);
    expect(response.status).toBe(403);
    expect((await errorBodyOf(response)).error.code).toBe("forbidden_origin");
  });

  test("AdminError refusals keep their code and status", async () => {
    currentUser.value = admin;
    const failing = withAdmin(async () => {
      throw new AdminError("last_admin", "The last admin cannot be demoted, disabled or deleted.");
    });
    const response = await failing(request("PATCH"), context);
    expect(response.status).toBe(409);
    expect((await errorBodyOf(response)).error.code).toBe("last_admin");
  });
});

describe("requireAdmin (admin pages)", () => {
  test("a member gets the 404 page, not a hint that the panel exists", async () => {
    currentUser.value = member;
    const error = await requireAdmin().catch((e: unknown) => e);
    expect((error as { digest?: string }).digest).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
  });

  test("an admin gets through; a visitor goes where requireUser sends them", async () => {
    currentUser.value = admin;
    await expect(requireAdmin()).resolves.toMatchObject({ id: "a1", role: "admin" });
    currentUser.value = null;
    await expect(requireAdmin()).rejects.toThrow("redirect to sign-in");
  });
});

describe("isAdmin / isRole", () => {
  test("only the admin role counts, unknown roles are members", () => {
    expect(isAdmin({ role: "admin" })).toBe(true);
    expect(isAdmin({ role: "member" })).toBe(false);
    expect(isAdmin({ role: "Admin" })).toBe(false);
    expect(isAdmin({ role: null })).toBe(false);
    expect(isAdmin(null)).toBe(false);
    expect(isRole("admin")).toBe(true);
    expect(isRole("owner")).toBe(false);
  });
});

describe("admin error codes", () => {
  test("every AdminError code is in the one error table, with the same status", async () => {
    const { ERROR_STATUS } = await import("@/lib/http/error-codes");
    const { ADMIN_ERROR_STATUS } = await import("@/lib/admin/errors");
    for (const [code, status] of Object.entries(ADMIN_ERROR_STATUS)) {
      expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS], code).toBe(status);
    }
  });
});

describe("withAdmin with schemas", () => {
  test("parses the body for an admin; a member is refused before any parsing", async () => {
    const { z } = await import("zod");
    const handler = withAdmin({ body: z.object({ name: z.string().min(1) }) }, async (_request, { body }) =>
      Response.json({ name: body.name }),
    );
    const post = (body: string) =>
      new NextRequest(`${SITE}/api/admin/users`, {
        method: "POST",
        headers: { origin: SITE, host: "localhost:3000" },
        body,
      });
    currentUser.value = admin;
    expect(await (await handler(post('{"name":"Ada"}'), context)).json()).toEqual({ name: "Ada" });
    expect((await handler(post('{"name":""}'), context)).status).toBe(400);
    currentUser.value = member;
    const refused = await handler(post('{"name":""}'), context);
    expect(refused.status).toBe(403);
    expect((await errorBodyOf(refused)).error.code).toBe("forbidden");
  });
});
