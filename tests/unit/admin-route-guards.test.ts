// Every admin page and admin API route checks the role where it reads data (not only in
// proxy.ts). This catches a new page or route that forgets to.
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

function unwrappedHandlers(routes: string[], wrapper: string): string[] {
  return routes.flatMap((file) => {
    const source = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    const handlers = [
      ...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b([^\n]*)/g),
    ];
    const reexported = [...source.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map(
      ([, m]) => `${file} ${m} (re-export)`,
    );
    return handlers
      .filter(([, , rest]) => !new RegExp(`=\\s*${wrapper}\\b`).test(rest ?? ""))
      .map(([, method]) => `${file} ${method}`)
      .concat(reexported);
  });
}

test("every page under app/admin calls requireAdmin()", () => {
  const pages = files("app/admin", "page.tsx");
  expect(pages.length).toBeGreaterThanOrEqual(5);
  const unguarded = pages.filter(
    (file) => !/\brequireAdmin\(/.test(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")),
  );
  expect(unguarded).toEqual([]);
});

test("every handler under app/api/admin is wrapped in withAdmin()", () => {
  const routes = files("app/api/admin", "route.ts");
  expect(routes.length).toBeGreaterThanOrEqual(8);
  expect(unwrappedHandlers(routes, "withAdmin")).toEqual([]);
});

test("every handler under app/api/profile is wrapped in withUser(), and the profile page calls requireUser()", () => {
  const routes = files("app/api/profile", "route.ts");
  expect(routes.length).toBeGreaterThanOrEqual(3);
  expect(unwrappedHandlers(routes, "withUser")).toEqual([]);
  for (const page of files("app/profile", "page.tsx")) {
    expect(fs.readFileSync(path.join(REPO_ROOT, page), "utf8")).toMatch(/\brequireUser\(/);
  }
});

test("the proxy covers the admin and profile areas", () => {
  const proxy = fs.readFileSync(path.join(REPO_ROOT, "proxy.ts"), "utf8");
  for (const matcher of ['"/admin/:path*"', '"/api/admin/:path*"', '"/profile"', '"/api/profile/:path*"'])
    expect(proxy).toContain(matcher);
});
