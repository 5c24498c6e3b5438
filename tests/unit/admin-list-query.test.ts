// The admin list pages share one query parse and one set of table primitives; these keep
// them shared (a page that grows its own prologue or a native confirm() fails here).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { auditQuerySchema, userListQuerySchema } from "@/lib/validations/admin";
import { flatParams, parseListQuery } from "@/lib/validations/list-query";
import { REPO_ROOT } from "../support/app";

describe("parseListQuery", () => {
  test("parses filters, sort and page, and keeps the raw params for links", () => {
    const { params, query, ignored } = parseListQuery(userListQuerySchema, {
      q: "ada",
      role: "admin",
      sort: "email",
      dir: "desc",
      page: "3",
    });
    expect(query).toEqual({ q: "ada", role: "admin", sort: "email", dir: "desc", page: 3 });
    expect(params).toEqual({ q: "ada", role: "admin", sort: "email", dir: "desc", page: "3" });
    expect(ignored).toEqual([]);
  });

  test("a bad field is dropped on its own; the rest of the view survives", () => {
    const { query, ignored } = parseListQuery(userListQuerySchema, {
      role: "emperor",
      status: "active",
      page: "-4",
      sort: "passwordHash",
    });
    expect(query).toEqual({ status: "active", page: 1 });
    expect(ignored.sort()).toEqual(["page", "role", "sort"]);
  });

  test("dates become UTC midnights; a malformed one is ignored", () => {
    const { query, ignored } = parseListQuery(auditQuerySchema, { from: "2026-12-01", to: "yesterday" });
    expect(query.from).toEqual(new Date("2026-12-01T00:00:00Z"));
    expect(query.to).toBeUndefined();
    expect(ignored).toEqual(["to"]);
  });

  test("a repeated key counts once, by its first value", () => {
    expect(flatParams({ q: ["a", "b"], page: undefined })).toEqual({ q: "a", page: undefined });
    expect(parseListQuery(userListQuerySchema, { q: ["a", "b"] }).query.q).toBe("a");
  });
});

describe("admin pages share the primitives", () => {
  const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
  const lists = ["users", "accounts", "attempts", "audit"].map((name) => `app/admin/${name}/page.tsx`);

  test("every list page parses with parseListQuery and renders in AdminListPage", () => {
    for (const file of lists) {
      const source = read(file);
      expect(source, file).toMatch(/\bparseListQuery\(/);
      expect(source, file).toMatch(/<AdminListPage\b/);
      expect(source, file).not.toMatch(/<table\b|flatParams|safeParse/);
    }
  });

  test("the old admin-only table parts are gone and nothing asks with window.confirm", () => {
    expect(fs.existsSync(path.join(REPO_ROOT, "components/admin/table-parts.tsx"))).toBe(false);
    for (const dir of ["components/admin", "app/admin"]) {
      for (const file of fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: "utf8" })) {
        if (!/\.tsx?$/.test(file)) continue;
        expect(read(path.join(dir, file)), file).not.toMatch(/\bwindow\.confirm\b|[^.\w]confirm\(/);
      }
    }
  });

  test("sortable headers carry aria-sort", () => {
    expect(read("components/ui/data-table.tsx")).toMatch(/aria-sort=\{/);
  });
});
