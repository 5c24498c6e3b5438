import { describe, expect, it } from "vitest";
import { historySlice } from "../../src/methods/history";
import { World, type Msg } from "../../src/world";

const h: Msg[] = Array.from({ length: 50 }, (_, i) => ({
  id: i + 1,
  date: 1000 + i,
  fromId: 1,
  text: `m${i + 1}`,
  out: false,
  pts: i + 1,
}));
const ids = (ms: Msg[]) => ms.map((m) => m.id);
const base = { offsetId: 0, offsetDate: 0, addOffset: 0, limit: 5, maxId: 0, minId: 0 };

describe("messages.getHistory offsets", () => {
  it("newest first from the top, and strictly older than offset_id", () => {
    expect(ids(historySlice(h, base))).toEqual([50, 49, 48, 47, 46]);
    expect(ids(historySlice(h, { ...base, offsetId: 30 }))).toEqual([29, 28, 27, 26, 25]);
  });
  it("add_offset moves the window (negative = newer, as iterMessages' reverse mode uses)", () => {
    expect(ids(historySlice(h, { ...base, offsetId: 30, addOffset: -5 }))).toEqual([34, 33, 32, 31, 30]);
    expect(ids(historySlice(h, { ...base, offsetId: 30, addOffset: 2 }))).toEqual([27, 26, 25, 24, 23]);
  });
  it("offset_date, max_id and min_id", () => {
    expect(ids(historySlice(h, { ...base, offsetDate: 1010 }))).toEqual([10, 9, 8, 7, 6]);
    // min_id/max_id bound the history (exclusive) before the window is taken.
    expect(ids(historySlice(h, { ...base, maxId: 48, limit: 3 }))).toEqual([47, 46, 45]);
    expect(ids(historySlice(h, { ...base, maxId: 48, minId: 45, limit: 10 }))).toEqual([47, 46]);
    expect(ids(historySlice(h, { ...base, minId: 47 }))).toEqual([50, 49, 48]);
    expect(historySlice(h, { ...base, offsetId: 1 })).toEqual([]);
  });
  it("caps limit at 100", () => {
    const big: Msg[] = Array.from({ length: 300 }, (_, i) => ({ ...h[0]!, id: i + 1 }));
    expect(historySlice(big, { ...base, limit: 500 }).length).toBe(100);
  });
});

describe("the seed", () => {
  it("is deterministic", () => {
    const a = new World(undefined, 3);
    const b = new World(undefined, 3);
    expect(JSON.stringify(a.data)).toBe(JSON.stringify(b.data));
    expect(a.data.users.map((u) => u.username)).toEqual([
      "alice",
      "bob",
      "carol",
      "dave",
      "erin",
      "frank",
      "grace",
      "heidi",
      "ivan",
      "judy",
    ]);
    expect(a.userByKey("carol")!.homeDc).toBe(1);
    expect(a.userByKey("bob")!.password?.hint).toBeTruthy();
    expect(JSON.stringify(a.data)).not.toContain("bob-password");
  });
});
