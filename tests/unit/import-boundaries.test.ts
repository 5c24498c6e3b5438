// The architecture's import boundaries are ESLint rules (eslint.config.js); these tests lint
// small snippets with the project's own config to show that each rule fires where it must
// and stays quiet where the import is allowed. Type-aware rules are switched off so only the
// snippets are parsed, not the whole program, and import-x/no-cycle runs only in its own test
// (on a snippet whose imports reach two small files), since it walks every module reached.
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, test, vi } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const withoutCycles = new ESLint({
  cwd: root,
  overrideConfig: [tseslint.configs.disableTypeChecked, { rules: { "import-x/no-cycle": "off" } }],
});
const withCycles = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

// Loading the config (every plugin) takes seconds on a busy machine; the first lint pays it.
vi.setConfig({ testTimeout: 60_000 });

/** The rules that fired on `code` as if it were the file at `filePath`, fatal parse errors included. */
async function rulesFiring(filePath: string, code: string, eslint = withoutCycles): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? [])
    .map((message) => message.ruleId ?? `fatal: ${message.message}`)
    .filter((rule) => rule !== "@typescript-eslint/no-unused-vars");
}

describe("app/ and components/ reach Telegram only through the entry point", () => {
  test.each([
    ["app/telegram/snippet.tsx", 'import { pool } from "@/lib/telegram/runtime/pool";'],
    ["components/snippet.tsx", 'import { getDialogs } from "@/lib/telegram/read-models/dialogs";'],
    ["app/api/snippet/route.ts", 'import { pool } from "../../../lib/telegram/runtime/pool";'],
    ["app/snippet.tsx", 'import { TelegramClient } from "telegram";'],
  ])("%s: %s is refused", async (file, code) => {
    expect(await rulesFiring(file, code)).toEqual(["no-restricted-imports"]);
  });

  test.each([
    ["app/telegram/snippet.tsx", 'import { getContacts } from "@/lib/telegram";'],
    ["components/snippet.tsx", 'import type { DialogDto } from "@/lib/telegram/dto";'],
    ["components/snippet.tsx", 'import type { LoginState } from "@/lib/telegram/login/types";'],
    ["components/snippet.tsx", 'import { CHAT_PAGE_SIZE } from "@/lib/telegram/limits";'],
  ])("%s: %s is allowed", async (file, code) => {
    expect(await rulesFiring(file, code)).toEqual([]);
  });
});

describe("only the sandbox bridge talks to the sandbox, through its control client", () => {
  test.each([
    ["lib/telegram/snippet.ts", 'import { startSandbox } from "@tgdesk/telegram-sandbox";'],
    ["lib/snippet.ts", 'export * from "@tgdesk/telegram-sandbox/server";'],
    ["lib/snippet.ts", 'import { SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";'],
    ["lib/snippet.ts", 'import { Sandbox } from "../packages/telegram-sandbox/src/sandbox";'],
    ["app/snippet.tsx", 'import { SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";'],
    ["components/snippet.tsx", 'import { startSandbox } from "@tgdesk/telegram-sandbox";'],
    ["lib/telegram/login/sandbox-bridge.ts", 'import { startSandbox } from "@tgdesk/telegram-sandbox";'],
  ])("%s: %s is refused", async (file, code) => {
    expect(await rulesFiring(file, code)).toEqual(["no-restricted-imports"]);
  });

  test("the bridge may import the control client", async () => {
    const code = 'import { SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";';
    expect(await rulesFiring("lib/telegram/login/sandbox-bridge.ts", code)).toEqual([]);
  });
});

test("an import cycle is reported, also through the @/ alias", async () => {
  // lib/i18n/request.ts imports lib/i18n/config.ts; config importing request closes a cycle.
  const code = 'import request from "@/lib/i18n/request";\nexport const x = request;';
  expect(await rulesFiring("lib/i18n/config.ts", code, withCycles)).toContain("import-x/no-cycle");
});
