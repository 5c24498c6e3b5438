import { describe, expect, test } from "vitest";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { newPasswordSchema, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/validations/auth";

describe("hashing", () => {
  test("uses argon2id with OWASP's minimum cost", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  });

  test("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
  });

  test("verifies the right password and only that", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batter")).toBe(false);
    expect(await verifyPassword(hash, "Correct horse battery")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  test("never accepts a hash that is not argon2 (OAuth-only users, corrupted rows)", async () => {
    expect(await verifyPassword("!oauth:abcdef", "!oauth:abcdef")).toBe(false);
    expect(await verifyPassword("$argon2id$garbage", "x")).toBe(false);
    expect(await verifyPassword("plain-text-password", "plain-text-password")).toBe(false);
  });

  test("refuses empty and oversized passwords instead of hashing them", async () => {
    await expect(hashPassword("")).rejects.toThrow(/empty/);
    await expect(hashPassword("x".repeat(PASSWORD_MAX_LENGTH + 1))).rejects.toThrow(/too long/);
    const hash = await hashPassword("x".repeat(PASSWORD_MAX_LENGTH));
    expect(await verifyPassword(hash, "x".repeat(PASSWORD_MAX_LENGTH))).toBe(true);
    expect(await verifyPassword(hash, "x".repeat(PASSWORD_MAX_LENGTH + 1))).toBe(false);
  });

  test("the unknown-user path costs a real verification and always fails", async () => {
    expect(await verifyAgainstDummy("anything")).toBe(false);
    const hash = await hashPassword("timing check");
    const t0 = performance.now();
    await verifyPassword(hash, "timing check");
    const real = performance.now() - t0;
    const t1 = performance.now();
    await verifyAgainstDummy("anything");
    const dummy = performance.now() - t1;
    // Same order of magnitude: an attacker cannot tell unknown emails by speed.
    expect(dummy).toBeGreaterThan(real / 4);
  });
});

describe("password rules", () => {
  test.each([
    ["", false],
    ["x".repeat(PASSWORD_MIN_LENGTH - 1), false],
    ["x".repeat(PASSWORD_MIN_LENGTH), true],
    [" ".repeat(12), false],
    ["x".repeat(PASSWORD_MAX_LENGTH), true],
    ["x".repeat(PASSWORD_MAX_LENGTH + 1), false],
    ["пароль-на-русском", true],
  ])("%j → %s", (password, ok) => {
    expect(newPasswordSchema.safeParse(password).success).toBe(ok);
  });

  test("explains the minimum length", () => {
    const result = newPasswordSchema.safeParse("short");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`password must be at least ${PASSWORD_MIN_LENGTH} characters`);
  });
});
