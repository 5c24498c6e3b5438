// `npm run dev`: everything a fresh checkout needs, then the dev server.
//   1. generate missing development secrets into .env.local (git-ignored) and say so
//   2. apply database migrations, 3. seed the demo user,
//   4. start the sandbox Telegram DCs beside the app when TELEGRAM_MODE is sandbox
//      (packages/telegram-sandbox/src/cli.ts start --dir --host --port --control-port),
//   5. run `next dev` (extra arguments are passed on: npm run dev -- --port 4000).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDevSecrets, ensureDevVapidKeys, loadDevEnvFiles, migrateDeploy, seedDemoUser } from "./setup";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

function say(line: string) {
  console.log(`\x1b[36m[tgdesk]\x1b[0m ${line}`);
}

function portFromArgs(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--port" || arg === "-p") return args[i + 1];
    if (arg.startsWith("--port=")) return arg.slice("--port=".length);
  }
  return undefined;
}

/** The oldest Node the app runs on (package.json `engines`): Prisma 6 and Next 16 load ES modules with require(). */
const MIN_NODE = [20, 19] as const;

function nodeTooOld(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  return major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1]);
}

async function main() {
  if (nodeTooOld(process.version)) {
    throw new Error(
      `tgdesk needs Node.js ${MIN_NODE.join(".")} or newer; this is ${process.version}. Install a current LTS (22 or 24) and run npm run dev again.`,
    );
  }
  // The dev server must never run with production's rules (or production's secrets).
  if (process.env.NODE_ENV === "production") {
    throw new Error("npm run dev refuses NODE_ENV=production; use `npm run build && npm start`.");
  }
  // (Next's types mark NODE_ENV read-only; it is ours to set before Next starts.)
  (process.env as Record<string, string | undefined>).NODE_ENV ??= "development";

  const generated = ensureDevSecrets(path.join(root, ".env.local"));
  // Only while push is on (the default in development): WEB_PUSH=off needs no keys.
  if (process.env.WEB_PUSH?.trim() !== "off") generated.push(...ensureDevVapidKeys(path.join(root, ".env.local")));
  if (generated.length > 0) {
    const names = generated.join(", ").replace(/, ([^,]*)$/, " and $1");
    say(`Generated ${names} into .env.local (git-ignored, development only).`);
  }
  loadDevEnvFiles(root);
  // next-auth builds its URLs from NEXTAUTH_URL; follow the port the server will use.
  process.env.NEXTAUTH_URL ??= `http://localhost:${portFromArgs(process.argv.slice(2)) ?? process.env.PORT ?? 3000}`;
  process.env.NEXT_TELEMETRY_DISABLED ??= "1"; // the network is closed here; don't try

  // Validates everything (naming any bad variable) before anything starts.
  const { env } = await import("../lib/env");

  say(`Applying database migrations to ${env.DATABASE_URL.replace(/^file:/, "")} …`);
  migrateDeploy(root);
  await seedDemoUser(say);

  const children: ChildProcess[] = [];
  let shuttingDown = false;
  const sandboxScript = path.join(root, "packages", "telegram-sandbox", "src", "cli.ts");
  if (env.TELEGRAM_MODE === "sandbox" && fs.existsSync(sandboxScript)) {
    say(`Starting the sandbox Telegram data centres on ${env.SANDBOX_HOST}:${env.SANDBOX_PORT} …`);
    // Node directly (not `npm run sandbox`): npm does not pass SIGTERM on to its child,
    // which would leave the DCs running after the dev server stops.
    const sandbox = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        sandboxScript,
        "start",
        "--dir",
        env.SANDBOX_DIR,
        "--host",
        env.SANDBOX_HOST,
        "--port",
        String(env.SANDBOX_PORT),
        "--control-port",
        String(env.SANDBOX_CONTROL_PORT),
      ],
      { stdio: "inherit", env: process.env, detached: true },
    );
    sandbox.on("exit", (code, signal) => {
      if (!shuttingDown)
        say(
          `The sandbox stopped (${signal ?? `exit code ${code}`}); Telegram login will not work until it runs again.`,
        );
    });
    children.push(sandbox);
  } else if (env.TELEGRAM_MODE === "sandbox") {
    say("TELEGRAM_MODE is sandbox but the sandbox package is missing; starting the app alone.");
  }

  const next = spawn(path.join(root, "node_modules", ".bin", "next"), ["dev", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: process.env,
    detached: true,
  });
  children.push(next);

  const stop = (signal: NodeJS.Signals) => {
    if (!shuttingDown) {
      // A child that ignores the signal must not keep the ports: it gets SIGKILL after 5 s.
      setTimeout(() => {
        for (const child of children) {
          if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
            child.kill("SIGKILL");
          }
        }
      }, 5_000).unref();
    }
    shuttingDown = true;
    // Each child runs in its own process group (detached) so that the whole tree —
    // including grandchildren such as next-server — gets the signal exactly once.
    for (const child of children) {
      if (child.exitCode !== null || child.pid === undefined) continue;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    }
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // npm (11) exits on a SIGTERM or SIGINT sent to it alone without passing it on, and so
  // does the `sh -c` between it and us: we are re-parented and would run on, holding the
  // ports. A changed parent means whoever started us is gone: stop as if signalled.
  const parent = process.ppid;
  const watchParent = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watchParent);
    say("The process that started npm run dev has gone; stopping the sandbox and Next.");
    stop("SIGTERM");
  }, 250);
  watchParent.unref();
  next.on("exit", (code) => {
    stop("SIGTERM");
    process.exitCode = code ?? 0;
  });
}

main().catch((error: unknown) => {
  console.error(`\x1b[31m[tgdesk]\x1b[0m ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
