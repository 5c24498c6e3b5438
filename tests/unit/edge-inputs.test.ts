// Inputs at the edges: message length as Telegram counts it, blank texts, session hashes
// in one canonical form, live-stream slots, and the security headers.
import { describe, expect, it } from "vitest";
import { isBlankMessage, MAX_MESSAGE_LENGTH, messageLength } from "@/lib/telegram/limits";
import { sendMessageSchema, sessionParamsSchema } from "@/lib/validations/telegram-dashboard";
import { createStreamSlots } from "@/lib/http/stream-slots";
import { contentSecurityPolicy, PERMISSIONS_POLICY, staticSecurityHeaders } from "@/lib/http/security-headers";

const send = (text: string) => sendMessageSchema.safeParse({ text, randomId: "42" });

describe("message length", () => {
  it("counts UTF-16 code units as Telegram does: 2,048 emoji fit, 2,049 do not", () => {
    expect(messageLength("😀".repeat(2049))).toBe(4098);
    expect(send("😀".repeat(2048)).success).toBe(true);
    expect(send("😀".repeat(2049)).success).toBe(false);
    expect(send("a".repeat(MAX_MESSAGE_LENGTH)).success).toBe(true);
    expect(send("a".repeat(MAX_MESSAGE_LENGTH + 1)).success).toBe(false);
  });

  it("refuses a text of only NUL or whitespace", () => {
    for (const text of ["", " ", "\n\t", "\u0000", "\u0000\u0000\u0000", " \u0000\n", "\u00a0\u2003\ufeff"]) {
      expect(isBlankMessage(text)).toBe(true);
      expect(send(text).success).toBe(false);
    }
    expect(send("\u0000hi").success).toBe(true);
    expect(isBlankMessage(" x ")).toBe(false);
  });
});

describe("session hashes", () => {
  it("are refused unless in one canonical, non-zero, int64 form", () => {
    for (const hash of [
      "0",
      "-0",
      "00",
      "-00",
      "01",
      "-01",
      "9223372036854775808",
      "-9223372036854775809",
      "1e3",
      "",
      " 1",
    ]) {
      expect(sessionParamsSchema.safeParse({ hash }).success, hash).toBe(false);
    }
    for (const hash of ["1", "-1", "123456789", "9223372036854775807", "-9223372036854775808"]) {
      expect(sessionParamsSchema.safeParse({ hash }).success, hash).toBe(true);
    }
  });
});

describe("stream slots", () => {
  it("cap open streams per key and free a slot once on release", () => {
    const slots = createStreamSlots(2);
    const a = slots.take("u1");
    const b = slots.take("u1");
    expect(a && b).toBeTruthy();
    expect(slots.take("u1")).toBeNull();
    expect(slots.take("u2")).not.toBeNull();
    a!();
    a!();
    expect(slots.count("u1")).toBe(1);
    expect(slots.take("u1")).not.toBeNull();
    expect(slots.take("u1")).toBeNull();
  });
});

describe("security headers", () => {
  it("allow scripts only with the nonce, never inline", () => {
    const policy = contentSecurityPolicy("abc123", { dev: false, https: false });
    const scripts = policy.split("; ").find((d) => d.startsWith("script-src "))!;
    expect(scripts).toContain("'nonce-abc123'");
    expect(scripts).not.toContain("unsafe-inline");
    expect(scripts).not.toContain("unsafe-eval");
    // 'strict-dynamic' would let any running script insert inline scripts (Chromium runs them).
    expect(scripts).not.toContain("strict-dynamic");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { dev: false, https: true })).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { dev: false, https: false, formTargets: ["https://github.com"] })).toContain(
      "form-action 'self' https://github.com",
    );
  });

  it("switch off unused browser features everywhere", () => {
    expect(staticSecurityHeaders()).toContainEqual({ key: "Permissions-Policy", value: PERMISSIONS_POLICY });
    expect(PERMISSIONS_POLICY).toContain("camera=()");
  });
});
