// remember() must hand every copy of a module (Next bundles each layer separately and
// reloads modules in development) the same singleton, built once.
import { expect, test, vi } from "vitest";

test("a reloaded module finds the value the first copy made", async () => {
  const factory = vi.fn(() => ({ made: Symbol("one") }));
  const first = (await import("@/lib/remember")).remember("test.remember", factory);
  vi.resetModules();
  const second = (await import("@/lib/remember")).remember("test.remember", factory);
  expect(second).toBe(first);
  expect(factory).toHaveBeenCalledOnce();
});

test("names are separate, and a remembered undefined is not rebuilt", async () => {
  const { remember } = await import("@/lib/remember");
  const empty = vi.fn(() => undefined);
  expect(remember("test.remember.empty", empty)).toBeUndefined();
  expect(remember("test.remember.empty", empty)).toBeUndefined();
  expect(empty).toHaveBeenCalledOnce();
  expect(remember("test.remember.other", () => 2)).toBe(2);
});
