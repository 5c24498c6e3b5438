// The sweep that closes login attempts cut off by a restart runs once per process. When
// it fails (the database was busy), the next login must try it again rather than inherit
// the rejection forever.
import { expect, test, vi } from "vitest";

const db = vi.hoisted(() => ({
  authAttempt: {
    updateMany: vi.fn(),
    findFirst: vi.fn(async () => null),
  },
}));
vi.mock("@/lib/db", () => ({ db }));

const registry = await import("@/lib/telegram/login/registry");
const { logger } = await import("@/lib/log");

test("a failed restart sweep is retried by the next request, not remembered", async () => {
  const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
  db.authAttempt.updateMany.mockRejectedValueOnce(new Error("database is locked"));
  db.authAttempt.updateMany.mockResolvedValue({ count: 0 });

  await expect(registry.getLoginState("user-1")).rejects.toThrow("database is locked");
  await expect(registry.getLoginState("user-1")).resolves.toEqual({ status: "none", version: 0 });
  await expect(registry.getLoginState("user-2")).resolves.toEqual({ status: "none", version: 0 });

  // Once after the failure, then never again: a successful sweep is remembered.
  expect(db.authAttempt.updateMany).toHaveBeenCalledTimes(2);
  logged.mockRestore();
});
