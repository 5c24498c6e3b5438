// Search text highlighting (what the results mark) and the search and New message inputs'
// validation (what the routes accept).
import { describe, expect, it } from "vitest";

import { highlightParts, queryWords } from "@/components/dashboard/chat/search/highlight";
import {
  chatSearchQuerySchema,
  findPersonSchema,
  globalSearchQuerySchema,
  windowQuerySchema,
} from "@/lib/validations/telegram-search";

describe("highlightParts", () => {
  it("marks the prefix of each word a query word begins, any case, and keeps the text whole", () => {
    const parts = highlightParts("Notice period: two months (NOTICE given)", "notice per");
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(["Notice", "per", "NOTICE"]);
    expect(parts.map((p) => p.text).join("")).toBe("Notice period: two months (NOTICE given)");
  });

  it("does not mark a word that only contains the query, and handles Cyrillic", () => {
    expect(highlightParts("message", "essage").some((p) => p.match)).toBe(false);
    expect(highlightParts("Отправляю резюме", "РЕЗ").filter((p) => p.match)).toEqual([{ text: "рез", match: true }]);
  });

  it("leaves markup-looking text as plain text parts (rendered by React, escaped)", () => {
    const parts = highlightParts("<img src=x onerror=alert(1)> salary", "salary");
    expect(parts).toEqual([
      { text: "<img src=x onerror=alert(1)> ", match: false },
      { text: "salary", match: true },
    ]);
  });

  it("an empty query marks nothing", () => {
    expect(queryWords("  ,; ")).toEqual([]);
    expect(highlightParts("anything", " ")).toEqual([{ text: "anything", match: false }]);
  });
});

describe("search queries", () => {
  it("trims and collapses the text, refuses empty and over-long queries and unknown fields", () => {
    expect(chatSearchQuerySchema.parse({ q: "  notice   period " })).toEqual({ q: "notice period" });
    expect(chatSearchQuerySchema.parse({ q: "x", offsetId: "42" })).toEqual({ q: "x", offsetId: 42 });
    expect(chatSearchQuerySchema.safeParse({ q: "   " }).success).toBe(false);
    expect(chatSearchQuerySchema.safeParse({ q: "a".repeat(101) }).success).toBe(false);
    expect(chatSearchQuerySchema.safeParse({ q: "a", offsetId: "0" }).success).toBe(false);
    expect(chatSearchQuerySchema.safeParse({ q: "a", peer: "1" }).success).toBe(false);
  });

  it("accepts only cursors of the server's own shape", () => {
    expect(globalSearchQuerySchema.parse({ q: "a", cursor: "1748736000_-1002000001_17" }).cursor).toBe(
      "1748736000_-1002000001_17",
    );
    expect(globalSearchQuerySchema.safeParse({ q: "a", cursor: "../../etc" }).success).toBe(false);
  });

  it("asks for exactly one of around and after", () => {
    expect(windowQuerySchema.parse({ around: "7" })).toEqual({ around: 7 });
    expect(windowQuerySchema.safeParse({ around: "7", after: "8" }).success).toBe(false);
    expect(windowQuerySchema.safeParse({}).success).toBe(false);
  });
});

describe("New message input", () => {
  it("takes a username with or without @ and refuses malformed ones", () => {
    expect(findPersonSchema.parse({ username: " @Kim_Newcomer " })).toEqual({ username: "Kim_Newcomer" });
    for (const bad of ["1abc", "ab", "a__b", "abc_", "has-dash", "a".repeat(33)])
      expect(findPersonSchema.safeParse({ username: bad }).success).toBe(false);
  });

  it("reduces a phone to digits with the country code; keepContact defaults to false", () => {
    expect(findPersonSchema.parse({ phone: "+44 (20) 7946-0958" })).toEqual({
      phone: "442079460958",
      keepContact: false,
    });
    expect(findPersonSchema.parse({ phone: "9996627811", keepContact: true })).toEqual({
      phone: "9996627811",
      keepContact: true,
    });
    expect(findPersonSchema.safeParse({ phone: "12ab" }).success).toBe(false);
    expect(findPersonSchema.safeParse({ phone: "+1234" }).success).toBe(false);
  });
});
