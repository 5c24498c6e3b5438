import { describe, expect, test } from "vitest";
import { MEDIA_MESSAGE_TTL_MS, MediaMessageCache } from "@/lib/telegram/runtime/caches";

function cacheAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, cache: new MediaMessageCache<string>(() => clock.now) };
}

describe("MediaMessageCache", () => {
  test("finds a message only under the chat it was read from", () => {
    const { cache } = cacheAt();
    cache.remember("42", 7, "cv");
    expect(cache.get("42", 7)).toBe("cv");
    expect(cache.get("43", 7)).toBeUndefined();
    expect(cache.get("42", 8)).toBeUndefined();
  });

  test("forgets an entry once it is older than the TTL", () => {
    const { clock, cache } = cacheAt();
    cache.remember("42", 7, "cv");
    clock.now += MEDIA_MESSAGE_TTL_MS;
    expect(cache.get("42", 7)).toBe("cv");
    clock.now += 1;
    expect(cache.get("42", 7)).toBeUndefined();
  });

  test("a deletion drops its ids, in one chat or (no chat named) in every chat", () => {
    const { cache } = cacheAt();
    cache.remember("42", 7, "a");
    cache.remember("42", 17, "b");
    cache.remember("43", 7, "c");
    cache.remember("-1001", 7, "d");
    cache.forget("42", [7]);
    expect(cache.get("42", 7)).toBeUndefined();
    expect(cache.get("43", 7)).toBe("c");
    cache.forget(null, [7]);
    expect(cache.get("43", 7)).toBeUndefined();
    expect(cache.get("-1001", 7)).toBeUndefined();
    // 17 ends in 7 but is another id.
    expect(cache.get("42", 17)).toBe("b");
  });
});
