// Tests and the dev command pick ports at random and retry when one is taken; a start that
// fails half-way must give back what it had bound, or a retry shares the state directory
// with a sandbox nobody can stop.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { startSandbox } from "@tgdesk/telegram-sandbox";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(port, "127.0.0.1", () => resolve(s));
  });
}

async function freeBase(): Promise<number> {
  for (;;) {
    const base = 20000 + Math.floor(Math.random() * 12000);
    const held: Server[] = [];
    try {
      for (let i = 0; i < 5; i++) held.push(await listenOn(base + i));
      return base;
    } catch {
      // taken: try another base
    } finally {
      await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
    }
  }
}

it("a start that finds a DC's port taken frees the ports it had bound and can be retried in the same directory", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tgdesk-sandbox-start-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const base = await freeBase();
  const blocker = await listenOn(base + 2); // DC 3
  cleanups.push(() => new Promise<void>((r) => blocker.close(() => r())));

  await expect(startSandbox({ dir, port: base, controlPort: 0, logger: () => {} })).rejects.toMatchObject({
    code: "EADDRINUSE",
  });
  // DC 1 and DC 2 were bound before DC 3 failed: both must be free again.
  for (const port of [base, base + 1]) {
    const s = await listenOn(port);
    await new Promise((r) => s.close(r));
  }

  await new Promise<void>((r) => blocker.close(() => r()));
  const running = await startSandbox({ dir, port: base, controlPort: 0, logger: () => {} });
  cleanups.push(() => running.stop());
  expect(running.dcs.map((d) => d.port)).toEqual(
    [base, base + 1, base + 2, base + 3, base + 4].slice(0, running.dcs.length),
  );
});
