// @ts-check
// ESM because package.json has "type": "module" (the generated Prisma client needs it).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants.js";
import createNextIntlPlugin from "next-intl/plugin";

// Loading the validated environment here makes a bad or incomplete environment fail
// `next build` and `next start` at once, with a message naming the variable, instead of
// on the first request. jiti lets this plain-JS config import the TypeScript module.
const jiti = createJiti(import.meta.url);
const { env } = /** @type {typeof import("./lib/env")} */ (await jiti.import("./lib/env.ts"));

const { staticSecurityHeaders } = /** @type {typeof import("./lib/http/security-headers")} */ (
  await jiti.import("./lib/http/security-headers.ts")
);

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const root = path.dirname(fileURLToPath(import.meta.url));
const GENERATED_TSCONFIG_DIR = ".next-tsconfig";

/**
 * `next build` and `next dev` add "<distDir>/types/**" to the include list of the tsconfig
 * they use and write the file back. For the default .next, tsconfig.json already lists it;
 * any other dist dir gets its own generated tsconfig in .next-tsconfig/ (extending
 * tsconfig.json, its include and exclude re-rooted there), so the tracked file is never
 * rewritten (docs/decisions/tsconfig-never-rewritten.md). Not inside the dist dir itself:
 * Turbopack does not read files there.
 * @param {string} distDir
 */
function generatedTsconfig(distDir) {
  const dir = path.join(root, GENERATED_TSCONFIG_DIR);
  const rel = (/** @type {string} */ entry) => path.relative(dir, path.resolve(root, entry)).split(path.sep).join("/");
  const base = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"));
  const posixDist = distDir.split(path.sep).join("/").replace(/\/$/, "");
  const distTypes = [`${posixDist}/types/**/*.ts`, `${posixDist}/dev/types/**/*.ts`];
  const config = {
    extends: rel("tsconfig.json"),
    // The re-rooted entries are what TypeScript reads; the literal dist-dir entries are
    // what Next compares (as strings) before deciding to rewrite the file.
    include: [...new Set([...base.include.map(rel), ...distTypes.map(rel), ...distTypes])],
    exclude: base.exclude.map(rel),
  };
  const file = path.join(
    dir,
    `${path.relative(root, path.resolve(root, distDir)).replace(/[^A-Za-z0-9_-]+/g, "_")}.json`,
  );
  const text = `${JSON.stringify(config, null, 2)}\n`;
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
  return path.relative(root, file);
}

/** @param {string} phase */
function tsconfigPathFor(phase) {
  if (env.NEXT_TSCONFIG_PATH) return env.NEXT_TSCONFIG_PATH;
  if (!env.NEXT_DIST_DIR || path.normalize(env.NEXT_DIST_DIR) === ".next") return undefined;
  if (phase !== PHASE_PRODUCTION_BUILD && phase !== PHASE_DEVELOPMENT_SERVER) return undefined;
  return generatedTsconfig(env.NEXT_DIST_DIR);
}

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  ...(env.NEXT_DIST_DIR ? { distDir: env.NEXT_DIST_DIR } : {}),
  typescript: {
    ignoreBuildErrors: env.NEXT_IGNORE_TYPE_ERRORS,
  },
  experimental: {
    // Where proxy.ts runs, Next buffers a copy of each request body up to this size (10 MB
    // by default) and passes the route only that much. Every route's own limit is far
    // below (lib/http/body.ts, at most 32 KB), so a larger body still reaches the route as
    // "too large" and is answered 413, and no request holds more than this in memory.
    proxyClientMaxBodySize: "1mb",
  },
  // Native addons are loaded by Node, not bundled. GramJS must be one copy, loaded by
  // Node: lib/telegram/connect-core registers the sandbox key in the module instance
  // that the app's clients use, and bundling would make a second one.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "telegram", "pino"],
  // The sandbox workspace package ships TypeScript source; the app imports only its
  // control client (docs/decisions/sandbox-workspace-package.md).
  transpilePackages: ["@tgdesk/telegram-sandbox"],
  async headers() {
    return [
      {
        source: "/:path*",
        // The CSP (a nonce per request) and HSTS (decided by the running server's
        // NEXTAUTH_URL, not the build's) are set in proxy.ts.
        headers: staticSecurityHeaders(),
      },
    ];
  },
};

/** @param {string} phase */
export default function config(phase) {
  const tsconfigPath = tsconfigPathFor(phase);
  return withNextIntl({
    ...nextConfig,
    typescript: { ...nextConfig.typescript, ...(tsconfigPath ? { tsconfigPath } : {}) },
  });
}
