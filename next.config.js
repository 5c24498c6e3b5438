// @ts-check
// ESM because package.json has "type": "module" (the generated Prisma client needs it).
import { createJiti } from "jiti";
import createNextIntlPlugin from "next-intl/plugin";

// Loading the validated environment here makes a bad or incomplete environment fail
// `next build` and `next start` at once, with a message naming the variable, instead of
// on the first request. jiti lets this plain-JS config import the TypeScript module.
const jiti = createJiti(import.meta.url);
const { env } = /** @type {typeof import("./lib/env")} */ (await jiti.import("./lib/env.ts"));

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  ...(env.NEXT_DIST_DIR ? { distDir: env.NEXT_DIST_DIR } : {}),
  typescript: {
    ignoreBuildErrors: env.NEXT_IGNORE_TYPE_ERRORS,
    ...(env.NEXT_TSCONFIG_PATH ? { tsconfigPath: env.NEXT_TSCONFIG_PATH } : {}),
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
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
