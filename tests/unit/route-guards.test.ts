// Every Telegram page and API route must check the session where it reads data, not
// only in proxy.ts. This catches a new page or route that forgets to.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { REPO_ROOT } from "../support/app";

function files(dir: string, name: string): string[] {
  const root = path.join(REPO_ROOT, dir);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === name)
    .map((file) => path.join(dir, file));
}

test("every page under app/telegram calls requireUser()", () => {
  const pages = files("app/telegram", "page.tsx");
  expect(pages.length).toBeGreaterThan(0);
  const unguarded = pages.filter(
    (file) => !/\brequireUser\(/.test(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")),
  );
  expect(unguarded).toEqual([]);
});

test("every handler under app/api/telegram is wrapped in withUser()", () => {
  const routes = files("app/api/telegram", "route.ts");
  expect(routes).toContain(path.join("app/api/telegram", "me", "route.ts"));
  const unguarded = routes.flatMap((file) => {
    const source = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    const handlers = [
      ...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b([^\n]*)/g),
    ];
    // Re-exports (`export { handler as GET }`) hide the wrapper from this check: refuse them.
    const reexported = [...source.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map(
      ([, m]) => `${file} ${m} (re-export)`,
    );
    return handlers
      .filter(([, , rest]) => !/=\s*withUser\b/.test(rest ?? ""))
      .map(([, method]) => `${file} ${method}`)
      .concat(reexported);
  });
  expect(unguarded).toEqual([]);
});

test("the proxy covers both areas", () => {
  const proxy = fs.readFileSync(path.join(REPO_ROOT, "proxy.ts"), "utf8");
  for (const matcher of ['"/telegram/:path*"', '"/api/telegram/:path*"']) expect(proxy).toContain(matcher);
});
