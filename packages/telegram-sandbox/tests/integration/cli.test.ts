// The CLI's own answers to a person at a terminal: usage on request, and a mistyped
// option said in one line with the usage (exit 2), never a stack trace; files sent and read
// back from the command line.
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const execFileAsync = promisify(execFile);
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

test("send --file sends a file as a user; files lists it and file-get writes the same bytes", async () => {
  const { startTestSandbox } = await import("@/tests/integration/support/sandbox");
  const sb = await startTestSandbox();
  const work = mkdtempSync(path.join(tmpdir(), "sandbox-cli-"));
  // The sandbox runs in this process: the CLI must run without blocking its event loop.
  const run = (...args: string[]) =>
    execFileAsync(
      path.join(root, "node_modules/.bin/tsx"),
      ["packages/telegram-sandbox/src/cli.ts", ...args, "--dir", sb.dir, "--control", sb.running.controlUrl],
      { cwd: root, encoding: "utf8", timeout: 60_000 },
    );
  try {
    const file = path.join(work, "Portfolio.pdf");
    const bytes = Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(200_000)]);
    writeFileSync(file, bytes);
    const sent = await run("send", "--from", "ivan", "--to", "alice", "--file", file, "--caption", "Портфолио");
    expect(JSON.parse(sent.stdout)).toMatchObject({
      ok: true,
      file: { fileName: "Portfolio.pdf", mimeType: "application/pdf", size: bytes.length, caption: "Портфолио" },
    });
    const listed = JSON.parse((await run("files", "--user", "alice", "--peer", "ivan")).stdout) as Array<{
      fileId: string;
      fileName: string;
    }>;
    expect(listed[0]!.fileName).toBe("Portfolio.pdf");
    const out = path.join(work, "back.pdf");
    await run("file-get", "--id", listed[0]!.fileId, "--out", out);
    expect(readFileSync(out).equals(bytes)).toBe(true);
  } finally {
    await sb.stop();
    rmSync(work, { recursive: true, force: true });
  }
}, 120_000);
