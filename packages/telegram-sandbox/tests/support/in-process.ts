// A sandbox driven in-process (its dispatch, no sockets) for one test file: created in a
// fresh directory before the file's tests, closed and removed after them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createSandbox } from "../../src/index";
import type { CallContext, Sandbox } from "../../src/sandbox";
import { readObject } from "../../src/tl";
import type { User } from "../../src/world";

export interface InProcessSandbox {
  /** The sandbox of the running file (set before its tests). */
  readonly current: Sandbox;
  /** A seeded user by username. */
  user: (name: string) => User;
  /** The user's own authorised phone session. */
  as: (name: string) => CallContext;
  /** Dispatches a request in `ctx` and reads the answer back as a client would. */
  call: <T>(ctx: CallContext, req: unknown) => Promise<T>;
}

export function inProcessSandbox(dirPrefix: string): InProcessSandbox {
  let s: Sandbox | undefined;
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), dirPrefix));
    s = createSandbox({ dir, port: 20001, logger: () => {} });
  });
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const current = () => {
    if (!s) throw new Error("the sandbox starts before the file's tests");
    return s;
  };
  const user = (name: string) => current().world.userByKey(name)!;
  return {
    get current() {
      return current();
    },
    user,
    as: (name) => current().phoneSession(user(name).id),
    call: async <T>(ctx: CallContext, req: unknown) => readObject(await current().dispatch(req, ctx)) as T,
  };
}
