// The validated environment: the only place the app reads process.env.
//
// No `import "server-only"` here on purpose: next.config.js (through jiti), prisma
// tooling and the CLI scripts import this file outside React's server graph, where that
// package throws. The guard below keeps it out of browser bundles instead.
import { createECDH } from "node:crypto";
import { z } from "zod";
import { resolveDataDir, resolveDatabaseUrl } from "./env-paths";

if (typeof window !== "undefined") {
  throw new Error("lib/env.ts holds secrets and must never be imported by client code");
}

type Source = Readonly<Record<string, string | undefined>>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** 32 random bytes as base64: the shape of every generated secret. */
const SECRET_HELP = "generate one with `node -e \"console.log(crypto.randomBytes(32).toString('base64'))\"`";

// Fixed, obviously-not-secret values so unit tests and tooling run without setup.
// They are only used when NODE_ENV is "test"; development gets real ones from
// scripts/dev.ts (into .env.local) and production must be given them.
const TEST_AUTH_SECRET = "test-only-auth-secret-0000000000000000000";
const TEST_SESSION_KEY = Buffer.alloc(32, 7).toString("base64");
// A fixed P-256 pair for Web Push in tests (public, so never for anything real).
const TEST_VAPID_PUBLIC_KEY = "BKMAweeBZxmmIO4eHx52i2PbQtz688-Mie9qDZp_WwBSv-cjaaFNKSM_oPxXB0Zx77LfU1ApQtx2SlHZ9rBJ3P4";
const TEST_VAPID_PRIVATE_KEY = "MANNYHc7clg2hl8nx4z23Ew8jQaqF4N2hyrXa0n842c";
const DEV_VAPID_SUBJECT = "mailto:push@tgdesk.invalid";
const VAPID_HELP = "generate a pair with `npx web-push generate-vapid-keys` (npm run dev does it for development)";

/** True when `publicKey` is the uncompressed P-256 point of `privateKey` (both base64url). */
export function isVapidPair(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(privateKey, "base64url"));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, "base64url"));
  } catch {
    return false;
  }
}

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

const port = (fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "must be a number" })
      .int({ error: "must be an integer" })
      .min(1, { error: "must be between 1 and 65535" })
      .max(65535, { error: "must be between 1 and 65535" })
      .default(fallback),
  );

const sessionKey = z
  .string()
  .trim()
  .refine((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === 32, {
    error: `must be 32 bytes encoded as base64 (${SECRET_HELP})`,
  });

const schema = z
  .object({
    NODE_ENV: z.preprocess(blankToUndefined, z.enum(["development", "test", "production"]).default("development")),
    DATA_DIR: z.string(),
    DATABASE_URL: z.string().refine((url) => url.startsWith("file:"), {
      error: 'must be a SQLite URL starting with "file:"',
    }),
    AUTH_SECRET: optionalString.pipe(
      z
        .string()
        .min(32, { error: `must be at least 32 characters (${SECRET_HELP})` })
        .optional(),
    ),
    NEXTAUTH_URL: z.preprocess(
      blankToUndefined,
      z
        .url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://localhost:3000" })
        .default("http://localhost:3000"),
    ),
    TELEGRAM_MODE: z.preprocess(
      blankToUndefined,
      z.enum(["sandbox", "production"], { error: 'must be "sandbox" or "production"' }).optional(),
    ),
    TELEGRAM_API_ID: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: "must be a number" })
        .int({ error: "must be an integer" })
        .positive({ error: "must be positive" })
        .optional(),
    ),
    TELEGRAM_API_HASH: optionalString.pipe(
      z
        .string()
        .regex(/^[0-9a-f]{32}$/i, { error: "must be the 32-character hex api_hash" })
        .optional(),
    ),
    TELEGRAM_SESSION_KEY: optionalString.pipe(sessionKey.optional()),
    // Keys sessions were sealed with before a rotation, comma-separated: read with them,
    // re-sealed with TELEGRAM_SESSION_KEY (docs/decisions/session-key-rotation.md).
    TELEGRAM_SESSION_KEY_PREVIOUS: optionalString
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(z.array(sessionKey)),
    SANDBOX_DIR: z.string(),
    SANDBOX_HOST: z.preprocess(blankToUndefined, z.string().default("127.0.0.1")),
    // GramJS keeps ports in an int16, and DC n listens on SANDBOX_PORT + n - 1.
    SANDBOX_PORT: port(12001).refine((value) => value + 4 <= 32767, {
      error: "must leave room for five DCs below 32768 (GramJS stores ports as int16)",
    }),
    SANDBOX_CONTROL_PORT: port(12000),
    LOG_LEVEL: z.preprocess(
      blankToUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
    // Build-time knobs read by next.config.js: the e2e harness builds into its own
    // folder and leaves type checking to `npm run typecheck`.
    NEXT_DIST_DIR: optionalString,
    // Next writes its type globs for the dist dir into this file; without it, next.config.js
    // generates one inside a custom dist dir so the shared tsconfig.json is never rewritten.
    NEXT_TSCONFIG_PATH: optionalString,
    NEXT_IGNORE_TYPE_ERRORS: z
      .preprocess(blankToUndefined, z.enum(["0", "1"]).default("0"))
      .transform((v) => v === "1"),
    // Largest file (MiB) a person may send through the site; Telegram's own limit (2,000
    // MiB) applies above it. Checked before an upload starts (app/api/telegram/chats/[peer]/files).
    MAX_UPLOAD_MB: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: "must be a number" })
        .int({ error: "must be an integer" })
        .min(1, { error: "must be at least 1" })
        .max(2000, { error: "must be at most 2000 (Telegram's limit)" })
        .default(512),
    ),
    // Audit entries older than this many days are deleted (lib/admin/audit.ts).
    AUDIT_RETENTION_DAYS: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: "must be a number" })
        .int({ error: "must be an integer" })
        .min(1, { error: "must be at least 1" })
        .max(36_500, { error: "must be at most 36500" })
        .default(365),
    ),
    // Name of the header a trusted reverse proxy sets to the client's address (e.g.
    // x-real-ip, or x-forwarded-for, of which the last entry is taken: the one the proxy
    // appended). Unset: requests carry no address anyone can trust, and sign-in limits
    // apply per email only. Never set it without such a proxy: clients could then pick
    // their own address.
    TRUSTED_PROXY_HEADER: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, { error: "must be a header name such as x-real-ip" })
        .transform((v) => v.toLowerCase())
        .optional(),
    ),
    // Finished login attempts (AuthAttempt rows) older than this are deleted by a periodic sweep.
    AUTH_ATTEMPT_RETENTION_DAYS: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: "must be a number" })
        .int({ error: "must be an integer" })
        .min(1, { error: "must be at least 1" })
        .default(30),
    ),
    // Webhook URLs may point at loopback, link-local and private addresses (checked after DNS
    // resolution on every delivery). Refused in production unless the administrator sets 1;
    // development and tests always allow them (receivers on the same machine).
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: z
      .preprocess(blankToUndefined, z.enum(["0", "1"]).default("0"))
      .transform((v) => v === "1"),
    // Web Push (notifications while the site is closed): on by default in development and
    // tests (with generated or fixed keys), off in production unless switched on, and then
    // the VAPID pair and subject are required (docs/decisions/web-push.md).
    WEB_PUSH: z.preprocess(blankToUndefined, z.enum(["on", "off"], { error: 'must be "on" or "off"' }).optional()),
    VAPID_PUBLIC_KEY: optionalString.pipe(
      z
        .string()
        .refine((v) => /^[A-Za-z0-9_-]+$/.test(v) && Buffer.from(v, "base64url").length === 65, {
          error: `must be a base64url P-256 public key (65 bytes; ${VAPID_HELP})`,
        })
        .optional(),
    ),
    VAPID_PRIVATE_KEY: optionalString.pipe(
      z
        .string()
        .refine((v) => /^[A-Za-z0-9_-]+$/.test(v) && Buffer.from(v, "base64url").length === 32, {
          error: `must be a base64url P-256 private key (32 bytes; ${VAPID_HELP})`,
        })
        .optional(),
    ),
    // Who the push services may contact about this sender: mailto: or https:.
    VAPID_SUBJECT: optionalString.pipe(
      z
        .string()
        .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, {
          error: "must be a mailto: address or an https: URL (e.g. mailto:admin@example.com)",
        })
        .optional(),
    ),
    GITHUB_ID: optionalString,
    GITHUB_SECRET: optionalString,
    GOOGLE_CLIENT_ID: optionalString,
    GOOGLE_CLIENT_SECRET: optionalString,
  })
  .superRefine(
    (value, ctx) => {
      const need = (key: keyof typeof value, why: string) => {
        if (value[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: `is required ${why}` });
      };
      if (value.NODE_ENV === "production") {
        need("AUTH_SECRET", `in production (${SECRET_HELP}; NEXTAUTH_SECRET is accepted too)`);
        need("TELEGRAM_SESSION_KEY", `in production (${SECRET_HELP})`);
      } else if (value.NODE_ENV === "development") {
        const hint = "in development; `npm run dev` generates it into .env.local";
        need("AUTH_SECRET", hint);
        need("TELEGRAM_SESSION_KEY", hint);
      }
      const mode = value.TELEGRAM_MODE ?? (value.TELEGRAM_API_ID === undefined ? "sandbox" : "production");
      if (mode === "production") {
        need("TELEGRAM_API_ID", 'when TELEGRAM_MODE is "production" (from https://my.telegram.org)');
        need("TELEGRAM_API_HASH", 'when TELEGRAM_MODE is "production" (from https://my.telegram.org)');
      }
      const push = value.WEB_PUSH ?? (value.NODE_ENV === "production" ? "off" : "on");
      if (push === "on" && value.NODE_ENV !== "test") {
        const why =
          value.NODE_ENV === "production"
            ? `when WEB_PUSH is "on" (${VAPID_HELP})`
            : "in development while WEB_PUSH is on; `npm run dev` generates it into .env.local";
        need("VAPID_PUBLIC_KEY", why);
        need("VAPID_PRIVATE_KEY", why);
        if (value.NODE_ENV === "production") need("VAPID_SUBJECT", 'when WEB_PUSH is "on" (mailto: or https:)');
      }
      if (
        value.VAPID_PUBLIC_KEY !== undefined &&
        value.VAPID_PRIVATE_KEY !== undefined &&
        !isVapidPair(value.VAPID_PUBLIC_KEY, value.VAPID_PRIVATE_KEY)
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["VAPID_PUBLIC_KEY"],
          message: "does not belong to VAPID_PRIVATE_KEY (they must be one key pair)",
        });
      }
      for (const [id, secret] of [
        ["GITHUB_ID", "GITHUB_SECRET"],
        ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
      ] as const) {
        if ((value[id] === undefined) !== (value[secret] === undefined)) {
          ctx.addIssue({
            code: "custom",
            path: [value[id] ? secret : id],
            message: `is required together with ${value[id] ? id : secret}`,
          });
        }
      }
      // Run even when other variables are already invalid, so one start names every problem
      // (the checks above only look at presence, which stays meaningful).
    },
    { when: () => true },
  )
  .transform((value) => {
    const testing = value.NODE_ENV === "test";
    const webPush = (value.WEB_PUSH ?? (value.NODE_ENV === "production" ? "off" : "on")) === "on";
    return {
      ...value,
      WEB_PUSH: webPush,
      VAPID_PUBLIC_KEY: value.VAPID_PUBLIC_KEY ?? (testing ? TEST_VAPID_PUBLIC_KEY : ""),
      VAPID_PRIVATE_KEY: value.VAPID_PRIVATE_KEY ?? (testing ? TEST_VAPID_PRIVATE_KEY : ""),
      VAPID_SUBJECT: value.VAPID_SUBJECT ?? DEV_VAPID_SUBJECT,
      TELEGRAM_MODE: value.TELEGRAM_MODE ?? (value.TELEGRAM_API_ID === undefined ? "sandbox" : "production"),
      // Refinement above guarantees both exist outside tests.
      AUTH_SECRET: value.AUTH_SECRET ?? (testing ? TEST_AUTH_SECRET : ""),
      TELEGRAM_SESSION_KEY: value.TELEGRAM_SESSION_KEY ?? (testing ? TEST_SESSION_KEY : ""),
    } as const;
  });

export type Env = z.output<typeof schema>;

/** Validates a source (normally process.env). Throws EnvError naming every bad variable. */
export function parseEnv(source: Source, cwd: string = process.cwd()): Env {
  const dataDir = resolveDataDir(source, cwd);
  const result = schema.safeParse({
    ...source,
    AUTH_SECRET: source.AUTH_SECRET?.trim() ? source.AUTH_SECRET : source.NEXTAUTH_SECRET,
    DATA_DIR: dataDir,
    DATABASE_URL: resolveDatabaseUrl(source, cwd),
    SANDBOX_DIR: source.SANDBOX_DIR?.trim() ? source.SANDBOX_DIR.trim() : `${dataDir}/sandbox`,
  });
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`));
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
