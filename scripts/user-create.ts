// `npm run user:create -- --email a@b.c --password '…' [--name 'Full Name'] [--role admin|member]`
// Creates a site user with an argon2id password hash. Exit codes: 0 created,
// 1 invalid input, 2 the email is taken.
import { parseArgs } from "node:util";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import type { Db } from "../lib/db";

const USAGE = `Usage: npm run user:create -- --email <email> --password <password> [--name <display name>] [--role admin|member]

  --email      sign-in address (stored lower-case)
  --password   at least 8 characters
  --name       shown in the header; defaults to the part of the email before "@"
  --role       "admin" (may open the admin panel) or "member" (the default)`;

type Io = { out: (line: string) => void; err: (line: string) => void };

export async function runUserCreate(argv: string[], db: Db, io: Io): Promise<number> {
  let values: { email?: string; password?: string; name?: string; role?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: "string" },
        password: { type: "string" },
        name: { type: "string" },
        role: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }

  const { createUser, UserExistsError } = await import("../lib/auth/users");
  const name = values.name ?? values.email?.split("@")[0];
  try {
    const role = (values.role ?? "member") as "admin" | "member";
    const user = await createUser(db, {
      email: values.email ?? "",
      password: values.password ?? "",
      name: name ?? "",
      role,
    });
    io.out(`Created user ${user.email} ("${user.name}", id ${user.id}, role ${role}).`);
    if (role !== "admin" && (await db.user.count({ where: { role: "admin", status: "active" } })) === 0) {
      io.out("Nobody can open the admin panel yet: create an admin with --role admin.");
    }
    return 0;
  } catch (error) {
    if (error instanceof UserExistsError) {
      io.err(`A user with email ${error.email} already exists.`);
      return 2;
    }
    if (error instanceof z.ZodError) {
      io.err(`${error.issues.map((issue) => `- ${issue.message}`).join("\n")}\n\n${USAGE}`);
      return 1;
    }
    throw error;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (invokedDirectly) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  process.chdir(root);
  const { ensureDevSecrets, loadDevEnvFiles, migrateDeploy } = await import("./setup");
  if (process.env.NODE_ENV !== "production") ensureDevSecrets(path.join(root, ".env.local"));
  loadDevEnvFiles(root);
  migrateDeploy(root);
  const { db } = await import("../lib/db");
  const code = await runUserCreate(process.argv.slice(2), db, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  await db.$disconnect();
  process.exit(code);
}
