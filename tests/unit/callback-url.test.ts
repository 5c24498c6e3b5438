import { expect, test } from "vitest";
import { safeCallbackUrl, signInUrl } from "@/lib/auth/callback-url";

test.each([
  ["/telegram", "/telegram"],
  ["/telegram/chats/42?x=1#m", "/telegram/chats/42?x=1#m"],
  [undefined, "/telegram"],
  ["", "/telegram"],
  ["https://evil.example/", "/telegram"],
  ["//evil.example/", "/telegram"],
  ["/\\evil.example", "/telegram"],
  ["/ok\\..\\evil", "/telegram"],
  ["/\tevil", "/telegram"],
  ["javascript:alert(1)", "/telegram"],
  ["/sign-in", "/telegram"],
  ["/sign-in?callbackUrl=/telegram", "/telegram"],
  ["/api/auth/signout", "/telegram"],
  [`/${"a".repeat(3000)}`, "/telegram"],
  [["/telegram"], "/telegram"],
])("safeCallbackUrl(%j) → %s", (input, expected) => {
  expect(safeCallbackUrl(input)).toBe(expected);
});

test("signInUrl encodes the way back", () => {
  expect(signInUrl("/telegram?ref=a&b=c")).toBe("/sign-in?callbackUrl=%2Ftelegram%3Fref%3Da%26b%3Dc");
  expect(signInUrl("https://evil.example")).toBe("/sign-in?callbackUrl=%2Ftelegram");
});
