// A person whose password was reset (or generated) may do one thing before choosing their
// own: change it. Pages send them to /profile (requireUser); the API answers 403
// password_change_required in withUser, the one place every route handler passes through.
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ERROR_STATUS } from "@/lib/http/error-codes";
import { REPO_ROOT } from "../support/app";
import { errorBodyOf } from "../support/json";

type FakeUser = { id: string; email: string; name: string; role: "admin" | "member"; mustChangePassword: boolean };
const currentUser = vi.hoisted(() => ({ value: null as null | FakeUser }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => currentUser.value }));

const { withUser } = await import("@/lib/http/with-user");
const { withAdmin } = await import("@/lib/http/with-admin");
const { NextRequest } = await import("next/server");

const SITE = "http://localhost:3000";
const context = { params: Promise.resolve({}) };

function request(method: string, body?: string) {
  const headers = new Headers({ host: "localhost:3000", origin: SITE });
  if (body) headers.set("content-type", "application/json");
  return new NextRequest(`${SITE}/api/thing`, { method, headers, body });
}

const pending = (role: "admin" | "member" = "member"): FakeUser => ({
  id: "u1",
  email: "reset@example.test",
  name: "Reset",
  role,
  mustChangePassword: true,
});

describe("a password that must be replaced first", () => {
  let ran = 0;
  beforeEach(() => {
    ran = 0;
    currentUser.value = null;
  });

  test("the code is in the closed table as 403", () => {
    expect(ERROR_STATUS.password_change_required).toBe(403);
  });

  test("every other route answers 403 password_change_required and its handler does not run", async () => {
    currentUser.value = pending();
    const reading = withUser(async () => {
      ran += 1;
      return Response.json({ ok: true });
    });
    const writing = withUser({ body: z.object({ text: z.string() }) }, async () => {
      ran += 1;
      return Response.json({ ok: true });
    });
    for (const response of [
      await reading(request("GET"), context),
      await writing(request("POST", '{"text":"hi"}'), context),
    ]) {
      expect(response.status).toBe(403);
      expect((await errorBodyOf(response)).error.code).toBe("password_change_required");
    }
    expect(ran).toBe(0);
  });

  test("an admin with a reset password is refused on admin routes too", async () => {
    currentUser.value = pending("admin");
    const handler = withAdmin(async () => {
      ran += 1;
      return Response.json({ ok: true });
    });
    const response = await handler(request("GET"), context);
    expect(response.status).toBe(403);
    expect((await errorBodyOf(response)).error.code).toBe("password_change_required");
    expect(ran).toBe(0);
  });

  test("a route that opts out still answers, and once the password is changed every route does", async () => {
    currentUser.value = pending();
    const optedOut = withUser({ allowPendingPasswordChange: true }, async () => Response.json({ ok: true }));
    expect((await optedOut(request("POST"), context)).status).toBe(200);
    currentUser.value = { ...pending(), mustChangePassword: false };
    const ordinary = withUser(async () => Response.json({ ok: true }));
    expect((await ordinary(request("GET"), context)).status).toBe(200);
  });

  test("only changing the password and signing out everywhere opt out", () => {
    const root = path.join(REPO_ROOT, "app/api");
    const optingOut = fs
      .readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((file) => path.basename(file) === "route.ts")
      .filter((file) => fs.readFileSync(path.join(root, file), "utf8").includes("allowPendingPasswordChange"))
      .map((file) => path.join("app/api", file))
      .sort();
    expect(optingOut).toEqual(["app/api/profile/password/route.ts", "app/api/profile/sign-out-everywhere/route.ts"]);
  });
});
