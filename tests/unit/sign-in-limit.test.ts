// The pure parts of the sign-in limiter: the delay schedule and where the client address
// comes from. The limiter itself keeps its state in the database
// (tests/integration/sign-in-limit-db.test.ts).
import { describe, expect, test } from "vitest";
import { clientAddress, DEFAULT_SIGN_IN_POLICY, delayAfter } from "@/lib/auth/rate-limit";

describe("sign-in delays", () => {
  const policy = { ...DEFAULT_SIGN_IN_POLICY, baseDelaySeconds: 1, maxDelaySeconds: 60 };

  test("are free up to the threshold, then double from the base, up to the cap; never a lock", () => {
    expect([1, 2, 3, 4, 5].map((n) => delayAfter(n, 5, policy))).toEqual([0, 0, 0, 0, 0]);
    expect([6, 7, 8, 9, 10, 11].map((n) => delayAfter(n, 5, policy))).toEqual([1, 2, 4, 8, 16, 32]);
    expect(delayAfter(12, 5, policy)).toBe(60);
    expect(delayAfter(1_000_000, 5, policy)).toBe(60);
  });

  test("the defaults start delaying an (email, address) after 5 failures and cap at 15 minutes", () => {
    expect(delayAfter(5, DEFAULT_SIGN_IN_POLICY.pairFreeFailures, DEFAULT_SIGN_IN_POLICY)).toBe(0);
    expect(delayAfter(6, DEFAULT_SIGN_IN_POLICY.pairFreeFailures, DEFAULT_SIGN_IN_POLICY)).toBe(30);
    expect(delayAfter(7, DEFAULT_SIGN_IN_POLICY.pairFreeFailures, DEFAULT_SIGN_IN_POLICY)).toBe(60);
    expect(delayAfter(100, DEFAULT_SIGN_IN_POLICY.pairFreeFailures, DEFAULT_SIGN_IN_POLICY)).toBe(15 * 60);
  });
});

describe("client address", () => {
  test("is none without a configured trusted proxy header, whatever the client sends", () => {
    const headers = new Headers({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9" });
    expect(clientAddress(headers, undefined)).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9" }, undefined)).toBeNull();
  });

  test("is the configured header's value; of a list, the last entry (the one the proxy added)", () => {
    expect(clientAddress(new Headers({ "x-real-ip": "198.51.100.7" }), "x-real-ip")).toBe("198.51.100.7");
    expect(clientAddress({ "x-forwarded-for": "6.6.6.6, 198.51.100.7" }, "x-forwarded-for")).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6,198.51.100.7" }), "x-forwarded-for")).toBe(
      "198.51.100.7",
    );
  });

  test("is none when the configured header is missing or empty", () => {
    expect(clientAddress(new Headers(), "x-real-ip")).toBeNull();
    expect(clientAddress({ "x-real-ip": " " }, "x-real-ip")).toBeNull();
    expect(clientAddress(undefined, "x-real-ip")).toBeNull();
  });
});
