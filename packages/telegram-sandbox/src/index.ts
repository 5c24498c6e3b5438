import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { startControlServer } from "./control-server";
import { controlTokenPath } from "./control-client";
import { registerMethods } from "./methods";
import type { ConnectionTimeouts } from "./connection";
import { Sandbox, type DcAddress } from "./sandbox";
import type { DifferenceLimits } from "./methods/updates";

export * from "./control-client";
export { generateRsaKey } from "./crypto";
export type { DcAddress } from "./sandbox";
export type { DifferenceLimits } from "./methods/updates";

export interface StartSandboxOptions {
  /** state directory: RSA key, auth keys, world (created if missing) */
  dir: string;
  host?: string;
  /** DC n listens on port + n - 1; keep every port <= 32767 (GramJS stores ports as int16) */
  port: number;
  /** control HTTP API port; 0 picks a free one */
  controlPort?: number;
  dcCount?: number;
  /** login token lifetime (auth.exportLoginToken), default 30 s */
  tokenTtlSeconds?: number;
  /** also build the benchmark world (user "bench": 1,000 dialogs, a 10,000-message chat) */
  benchSeed?: boolean;
  logger?: (line: string) => void;
  /** limits on clients that stall: an unfinished frame, an idle unauthenticated connection */
  timeouts?: Partial<ConnectionTimeouts>;
  /** updates.getDifference slice size and channel too-long gap (default 100 and 5,000) */
  differenceLimits?: Partial<DifferenceLimits>;
}

export interface RunningSandbox {
  dcs: DcAddress[];
  controlUrl: string;
  /** bearer token of the control API, also in <dir>/control-token (see SandboxControlClient.forDir) */
  controlToken: string;
  publicKeyPem: string;
  /** the server object itself, for in-process tests */
  sandbox: Sandbox;
  stop(): Promise<void>;
}

export function createSandbox(opts: Omit<StartSandboxOptions, "controlPort">): Sandbox {
  if (opts.port + (opts.dcCount ?? 3) - 1 > 32767)
    throw new Error("sandbox DC ports must stay <= 32767 (GramJS stores them as int16)");
  const s = new Sandbox(opts);
  registerMethods(s);
  if (opts.benchSeed) s.world.seedBench();
  return s;
}

export async function startSandbox(opts: StartSandboxOptions): Promise<RunningSandbox> {
  const s = createSandbox(opts);
  const dcs = await s.listen();
  // A fresh token per start, readable only by this OS user: whoever may drive the sandbox
  // (the CLI, the app's bridge, tests) reads it from the state directory.
  const controlToken = randomBytes(32).toString("base64url");
  writeFileSync(controlTokenPath(opts.dir), `${controlToken}\n`, { mode: 0o600 });
  const control = await startControlServer(s, s.host, opts.controlPort ?? 0, controlToken);
  return {
    dcs,
    controlUrl: control.url,
    controlToken,
    publicKeyPem: s.rsa.publicKeyPem,
    sandbox: s,
    async stop() {
      await control.close();
      await s.close();
    },
  };
}
