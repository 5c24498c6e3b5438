// The CLI's own answers to a person at a terminal: usage on request, and a mistyped
// option said in one line with the usage (exit 2), never a stack trace.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../../../..");
const cli = (...args: string[]) =>
  spawnSync(path.join(root, "node_modules/.bin/tsx"), ["packages/telegram-sandbox/src/cli.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });

test("--help prints the commands and exits 0", () => {
  const run = cli("--help");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("usage: npm run sandbox -- <command>");
  expect(run.stdout).toContain("scan <tg://login?token=…> --as <user>");
});

test("an unknown option is one line and the usage, exit 2, no stack", () => {
  const run = cli("users", "--bogus");
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("sandbox: Unknown option '--bogus'");
  expect(run.stderr).toContain("usage:");
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
