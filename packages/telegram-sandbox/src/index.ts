import { startControlServer } from "./control-server";
import { registerMethods } from "./methods";
import { Sandbox, type DcAddress } from "./sandbox";

export * from "./control-client";
export { generateRsaKey } from "./crypto";
export type { DcAddress } from "./sandbox";

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
}

export interface RunningSandbox {
  dcs: DcAddress[];
  controlUrl: string;
  publicKeyPem: string;
  /** the server object itself, for in-process tests */
  sandbox: Sandbox;
  stop(): Promise<void>;
}

export function createSandbox(opts: Omit<StartSandboxOptions, "controlPort">): Sandbox {
  if (opts.port + (opts.dcCount ?? 3) - 1 > 32767) throw new Error("sandbox DC ports must stay <= 32767 (GramJS stores them as int16)");
  const s = new Sandbox(opts);
  registerMethods(s);
  if (opts.benchSeed) s.world.seedBench();
  return s;
}

export async function startSandbox(opts: StartSandboxOptions): Promise<RunningSandbox> {
  const s = createSandbox(opts);
  const dcs = await s.listen();
  const control = await startControlServer(s, s.host, opts.controlPort ?? 0);
  return {
    dcs,
    controlUrl: control.url,
    publicKeyPem: s.rsa.publicKeyPem,
    sandbox: s,
    async stop() {
      await control.close();
      await s.close();
    },
  };
}
