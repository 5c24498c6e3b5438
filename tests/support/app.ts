// Starting the built app for end-to-end tests. See tests/support/e2e.ts for the API; the
// process handling itself is in app-server.ts, shared with the benchmarks.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { inject } from "vitest";
import { launchApp, type StartedApp } from "./app-server";

export { BUILD_ENV, freePort, REPO_ROOT, type StartedApp } from "./app-server";

export type StartAppOptions = {
  /** Extra environment for `next start` (TELEGRAM_*, SANDBOX_*, LOG_LEVEL…); wins over the defaults. */
  env?: Record<string, string | undefined>;
  /** Milliseconds to wait for the server to answer (default 60 s). */
  readyTimeoutMs?: number;
};

/**
 * Runs `next start` from this test run's build on a free loopback port with a fresh
 * SQLite database (a copy of the migrated template), fresh secrets and `options.env`.
 */
export async function startApp(options: StartAppOptions = {}): Promise<StartedApp> {
  const distDir = inject("e2eDistDir");
  const templateDb = inject("e2eTemplateDb");
  if (!distDir || !templateDb) {
    throw new Error(
      'startApp() needs the build from tests/support/e2e-global-setup.ts: run it in the vitest project "e2e".',
    );
  }
  return launchApp({
    distDir,
    prepareDatabase: (file) => fs.copyFileSync(templateDb, file),
    tmpPrefix: "tgdesk-e2e-app-",
    ...options,
  });
}

export type TestUser = { id: string; email: string; name: string; password: string; role: "admin" | "member" };

let userCounter = 0;

/**
 * Creates a site user in the app's database through the same code as `npm run
 * user:create` (argon2id hash, validation). Defaults give a unique email per call.
 */
export async function createTestUser(
  app: Pick<StartedApp, "databaseUrl">,
  input: Partial<Omit<TestUser, "id">> = {},
): Promise<TestUser> {
  userCounter += 1;
  const email = input.email ?? `user${userCounter}-${randomBytes(3).toString("hex")}@e2e.test`;
  const password = input.password ?? `pw-${randomBytes(8).toString("hex")}`;
  const name = input.name ?? `Test User ${userCounter}`;
  const role = input.role ?? "member";
  const [{ createDb }, { createUser }] = await Promise.all([import("@/lib/db"), import("@/lib/auth/users")]);
  const db = createDb(app.databaseUrl);
  try {
    const user = await createUser(db, { email, password, name, role });
    return { ...user, password, role };
  } finally {
    await db.$disconnect();
  }
}
