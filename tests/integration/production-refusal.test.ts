// The real server, not just the env module: `next start` in production without its
// secrets must stop with a message naming them (next.config.js loads lib/env.ts).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";
import { REPO_ROOT } from "../support/app";

test("next start refuses to run in production without AUTH_SECRET and TELEGRAM_SESSION_KEY", () => {
  const result = spawnSync(path.join(REPO_ROOT, "node_modules", ".bin", "next"), ["start", "--port", "0"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // Set but empty, so a developer's .env.local cannot fill them in.
      AUTH_SECRET: "",
      NEXTAUTH_SECRET: "",
      TELEGRAM_SESSION_KEY: "",
      NEXT_DIST_DIR: ".next-e2e/never-built",
    },
  });
  const output = `${result.stdout}${result.stderr}`;
  expect(result.status, output).not.toBe(0);
  expect(output).toContain("AUTH_SECRET is required in production");
  expect(output).toContain("TELEGRAM_SESSION_KEY is required in production");
}, 60_000);
