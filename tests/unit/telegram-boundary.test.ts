// app/ and components/ reach Telegram only through lib/telegram/index.ts, plus the two
// client-safe type modules. A lint rule will say the same later; until then, this does.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { REPO_ROOT } from "../support/app";

const ALLOWED = new Set(["@/lib/telegram", "@/lib/telegram/dto", "@/lib/telegram/login/types", "@/lib/telegram/limits"]);

function sources(dir: string): string[] {
  const root = path.join(REPO_ROOT, dir);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|tsx|js|jsx|mjs)$/.test(file))
    .map((file) => path.join(dir, file));
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function specifiers(source: string): string[] {
  const found = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)].map(([, spec]) => spec!);
  return found;
}

function telegramModuleOf(file: string, spec: string): string | null {
  if (spec.startsWith("@/lib/telegram")) return spec.replace(/\/index$/, "").replace(/\.(ts|tsx)$/, "");
  if (!spec.startsWith(".")) return null;
  const resolved = path.relative(REPO_ROOT, path.resolve(REPO_ROOT, path.dirname(file), spec));
  if (!resolved.startsWith(path.join("lib", "telegram"))) return null;
  return `@/${resolved.split(path.sep).join("/")}`.replace(/\/index$/, "").replace(/\.(ts|tsx)$/, "");
}

test("app/ and components/ import lib/telegram only through index and the client-safe dto, login/types and limits", () => {
  const files = [...sources("app"), ...sources("components")];
  expect(files.length).toBeGreaterThan(0);
  const offending = files.flatMap((file) =>
    specifiers(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"))
      .map((spec) => telegramModuleOf(file, spec))
      .filter((module): module is string => module !== null && !ALLOWED.has(module))
      .map((module) => `${file} → ${module}`),
  );
  expect(offending).toEqual([]);
});

test("the scan sees a forbidden import", () => {
  const spec = specifiers('import { x } from "@/lib/telegram/runtime/pool";\nconst y = await import("../../lib/telegram/dashboard");');
  expect(spec.map((s) => telegramModuleOf("app/a/b.ts", s))).toEqual(["@/lib/telegram/runtime/pool", "@/lib/telegram/dashboard"]);
});
