// The app may reach the sandbox only through its control client; the server half (sockets,
// SQLite, the whole MTProto server) must never be imported by app code. An ESLint
// no-restricted-imports rule will take over this check when ESLint lands.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const APP_DIRS = ["app", "components", "lib"];
const PACKAGE = "@tgdesk/telegram-sandbox";
const ALLOWED = new Set([`${PACKAGE}/control-client`]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "generated") out.push(...sourceFiles(p));
    } else if (/\.(ts|tsx|js|jsx|mjs|cjs)$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
function specifiers(source: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'`]([^"'`]+)["'`]/gm;
  return [...source.matchAll(re)].map((m) => m[1]!);
}

function isSandboxServer(spec: string): boolean {
  if (ALLOWED.has(spec)) return false;
  return spec === PACKAGE || spec.startsWith(`${PACKAGE}/`) || /(^|\/)(packages\/telegram-sandbox|lib\/sandbox)(\/|$)/.test(spec);
}

describe("sandbox import boundary", () => {
  it("recognises every form of import", () => {
    const sample = [
      `import { startSandbox } from "${PACKAGE}";`,
      `export * from "${PACKAGE}/server";`,
      `const m = await import("../../packages/telegram-sandbox/src/sandbox");`,
      `const r = require("@/lib/sandbox");`,
      `import "${PACKAGE}/server";`,
      `import { SandboxControlClient } from "${PACKAGE}/control-client";`,
    ].join("\n");
    expect(specifiers(sample).filter(isSandboxServer)).toHaveLength(5);
  });

  it("app/, components/ and lib/ import at most the control client", () => {
    const offenders: string[] = [];
    for (const dir of APP_DIRS) {
      for (const file of sourceFiles(path.join(root, dir))) {
        for (const spec of specifiers(readFileSync(file, "utf8"))) {
          if (isSandboxServer(spec)) offenders.push(`${path.relative(root, file)}: ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
