import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { parseEnv } from "@/lib/env";
import { ensureDevSecrets, parseDotenvKeys } from "../../scripts/setup";

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tgdesk-setup-"));
  file = path.join(dir, ".env.local");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the first run generates both secrets, valid for the env module, into a private file", () => {
  expect(ensureDevSecrets(file, {})).toEqual(["AUTH_SECRET", "TELEGRAM_SESSION_KEY"]);
  const text = fs.readFileSync(file, "utf8");
  const values = Object.fromEntries(
    text
      .split("\n")
      .filter((l) => l.includes("=") && !l.startsWith("#"))
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  ) as Record<string, string>;
  expect(() => parseEnv({ NODE_ENV: "production", ...values })).not.toThrow();
  expect(fs.statSync(file).mode & 0o077).toBe(0);
});

test("later runs keep what is there", () => {
  ensureDevSecrets(file, {});
  const before = fs.readFileSync(file, "utf8");
  expect(ensureDevSecrets(file, {})).toEqual([]);
  expect(fs.readFileSync(file, "utf8")).toBe(before);
});

test("only the missing secret is added, after the user's own lines", () => {
  fs.writeFileSync(file, "LOG_LEVEL=debug\nAUTH_SECRET=mine-mine-mine-mine-mine-mine-mine-mine");
  expect(ensureDevSecrets(file, {})).toEqual(["TELEGRAM_SESSION_KEY"]);
  const text = fs.readFileSync(file, "utf8");
  expect(text.startsWith("LOG_LEVEL=debug\nAUTH_SECRET=mine-mine")).toBe(true);
  expect(parseDotenvKeys(text)).toEqual(new Set(["LOG_LEVEL", "AUTH_SECRET", "TELEGRAM_SESSION_KEY"]));
});

test("secrets already in the environment are not written", () => {
  expect(ensureDevSecrets(file, { NEXTAUTH_SECRET: "x".repeat(40), TELEGRAM_SESSION_KEY: "set" })).toEqual([]);
  expect(fs.existsSync(file)).toBe(false);
});

test("empty assignments count as missing", () => {
  fs.writeFileSync(file, 'AUTH_SECRET=\nTELEGRAM_SESSION_KEY=""\n# AUTH_SECRET=commented\n');
  expect(ensureDevSecrets(file, {})).toEqual(["AUTH_SECRET", "TELEGRAM_SESSION_KEY"]);
});
