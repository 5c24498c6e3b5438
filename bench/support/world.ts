// A benchmark's world: the sandbox data centre, `next start` pointed at it, and site users
// created with the app's own code and signed in through next-auth's real endpoints.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { SandboxControlClient, startSandbox, type RunningSandbox } from "@tgdesk/telegram-sandbox";
import { buildApp, launchApp, migrateDatabase, REPO_ROOT, type StartedApp } from "../../tests/support/app-server";
import { sandboxAppEnv } from "../../tests/support/sandbox-env";
import { freeSandboxPort, mapLimit, signInViaApi } from "./measure";

export interface BenchWorld {
  app: StartedApp;
  sandbox: RunningSandbox;
  control: SandboxControlClient;
  /** One signed-in site user per entry: the Cookie header and the user's id. */
  users: Array<{ cookie: string; id: string }>;
  stop(): Promise<void>;
}

const PASSWORD = "bench-password-1";

/** Builds the app once into .next-bench, or reuses BENCH_BUILD_DIR when it holds a build. */
function benchBuild(): string {
  const reuse = process.env.BENCH_BUILD_DIR?.trim();
  if (reuse && fs.existsSync(path.join(REPO_ROOT, reuse, "BUILD_ID"))) return reuse;
  const distDir = reuse || ".next-bench";
  console.error(`[bench] next build → ${distDir} …`);
  buildApp(distDir);
  return distDir;
}

export async function startBenchWorld(options: {
  users: number;
  emailPrefix: string;
  benchSeed?: boolean;
  /** Extra environment for `next start` (a memory probe, say). */
  appEnv?: Record<string, string>;
}): Promise<BenchWorld> {
  const distDir = benchBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tgdesk-bench-sandbox-"));
  const port = await freeSandboxPort();
  const sandbox = await startSandbox({ dir, port, controlPort: 0, logger: () => {} });
  const control = new SandboxControlClient(sandbox.controlUrl, sandbox.controlToken);
  if (options.benchSeed) await control.seedBench();
  const sandboxEnv = sandboxAppEnv({ dir, port, controlUrl: sandbox.controlUrl });
  const app = await launchApp({
    distDir,
    prepareDatabase: migrateDatabase,
    env: { ...sandboxEnv, ...options.appEnv },
    tmpPrefix: "tgdesk-bench-",
  });

  // lib/env reads the environment once, at its first import below: code of the app that
  // a benchmark runs in its own process (users, the login registry) sees this world.
  Object.assign(process.env, { NODE_ENV: "test", DATABASE_URL: app.databaseUrl, LOG_LEVEL: "silent", ...sandboxEnv });
  const { createDb } = await import("@/lib/db");
  const { createUser } = await import("@/lib/auth/users");
  const db = createDb(app.databaseUrl);
  const emails = Array.from({ length: options.users }, (_, i) => `${options.emailPrefix}-${i}@example.com`);
  const created = await mapLimit(emails, 2, (email) =>
    createUser(db, { email, password: PASSWORD, name: email.split("@")[0]! }),
  );
  await db.$disconnect();
  const cookies = await mapLimit(emails, 4, (email) => signInViaApi(app.url, email, PASSWORD));

  return {
    app,
    sandbox,
    control,
    users: created.map((user, i) => ({ id: user.id, cookie: cookies[i]! })),
    stop: async () => {
      await app.stop();
      await sandbox.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
