// @ts-check
// Flat config. Type-checked rules run on every TypeScript file through the project
// service; `npm run lint` (part of `npm test`) fails on any warning. The import
// boundaries below are the architecture's rules (docs/decisions/lint-and-format.md):
// app/ and components/ reach Telegram only through lib/telegram/index.ts, and nothing
// outside tests, scripts and benchmarks imports the sandbox's server.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** The sandbox's server, by package name or by path; its control client is not in it. */
const sandboxServer = {
  regex: "^@tgdesk/telegram-sandbox(?!/control-client$)(/.*)?$|(^|/)packages/telegram-sandbox(/|$)",
  message: "Only the sandbox's control client may be imported here (and only by lib/telegram/login/sandbox-bridge.ts).",
};

/** Anything of the sandbox, its control client included: lib/ talks to it through the bridge alone. */
const anySandbox = {
  regex: "^@tgdesk/telegram-sandbox(/.*)?$|(^|/)packages/telegram-sandbox(/|$)",
  message: "Only lib/telegram/login/sandbox-bridge.ts talks to the sandbox (through its control client).",
};

/**
 * Pages and components see Telegram only through the entry point and the client-safe types,
 * whether the import is spelled with the `@/` alias or as a relative path.
 */
const telegramInternals = {
  regex: "^(@/|(\\.\\./)+)lib/telegram/(?!(index|dto|limits|login/types)$).+",
  message: "Import from @/lib/telegram (the entry point); types from @/lib/telegram/dto, limits or login/types.",
};

const gramJs = { regex: "^telegram(/.*)?$", message: "GramJS lives only in lib/telegram." };

export default tseslint.config(
  {
    ignores: ["node_modules/", ".next/", ".next-*/", ".tmp/", "lib/generated/", "data/", "next-env.d.ts"],
  },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // React ignores what an event handler returns, so an async onSubmit/onClick is fine
      // there; promises elsewhere are still checked (no-floating-promises included).
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  reactHooks.configs.flat["recommended-latest"],
  {
    plugins: { "@next/next": nextPlugin },
    rules: { ...nextPlugin.configs.recommended.rules, ...nextPlugin.configs["core-web-vitals"].rules },
  },
  {
    plugins: { "import-x": importX },
    // import-x follows only .js files unless told about TypeScript's extensions and parser,
    // and the TypeScript resolver follows tsconfig's `@/` paths: without both, no-cycle
    // would see no cycle in this code base at all.
    settings: {
      "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
      "import-x/external-module-folders": importX.flatConfigs.typescript.settings["import-x/external-module-folders"],
      "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: { "import-x/no-cycle": "error" },
  },
  {
    // Test fakes implement async interfaces (GramJS clients, pools, route contexts) with
    // bodies that have nothing to await; `async` keeps their signatures honest.
    files: ["tests/**", "packages/*/tests/**"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
  {
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [anySandbox, telegramInternals, gramJs] }],
    },
  },
  {
    files: ["lib/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/telegram/login/sandbox-bridge.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [anySandbox] }],
    },
  },
  {
    files: ["lib/telegram/login/sandbox-bridge.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [sandboxServer] }] },
  },
);
