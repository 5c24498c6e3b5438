// The README's list of implemented methods is what clients and tests rely on; it must
// name exactly what methods/index.ts registers.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createSandbox } from "../../src/index";

it("the README lists exactly the registered methods", async () => {
  const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
  const section = readme.split("## Implemented methods")[1]!.split("Anything else")[0]!;
  const documented = [...section.matchAll(/\b([a-z]+\.[a-zA-Z]+)\b/g)].map((m) => m[1]!.toLowerCase());
  const dir = mkdtempSync(join(tmpdir(), "tgdesk-sandbox-doc-"));
  const s = createSandbox({ dir, port: 20001, logger: () => {} });
  try {
    expect([...new Set(documented.filter((m) => !m.endsWith(".ts")))].sort()).toEqual(s.methods());
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
