// A live update that cannot be applied is logged with its account and type, never
// swallowed, and never takes GramJS's update loop down.
import bigInt from "big-integer";
import { Api } from "telegram";
import { expect, test, vi } from "vitest";

const logged = vi.hoisted(() => [] as Array<{ level: string; fields: Record<string, unknown>; message: string }>);
vi.mock("@/lib/log", () => {
  const record = (level: string) => (fields: Record<string, unknown>, message: string) =>
    void logged.push({ level, fields, message });
  const fake = {
    error: record("error"),
    warn: record("warn"),
    info: record("info"),
    debug: record("debug"),
    child: () => fake,
  };
  return { logger: fake };
});

const { fakeLiveSession } = await import("../support/fake-live-session");

test("an update that fails is logged with the account and the update type", () => {
  const { session, push } = fakeLiveSession();
  const failure = new Error("listener broke");
  session.events.on("live", () => {
    throw failure;
  });

  expect(() =>
    push(
      new Api.UpdateShortMessage({ id: 1, userId: bigInt(5), message: "hi", pts: 1, ptsCount: 1, date: 1, out: false }),
    ),
  ).not.toThrow();

  const errors = logged.filter((entry) => entry.level === "error");
  expect(errors).toHaveLength(1);
  expect(errors[0]!.fields).toMatchObject({ accountId: "acc-1", updateType: "UpdateShortMessage", err: failure });
});
