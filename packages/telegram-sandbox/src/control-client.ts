// A typed client for the sandbox control API. No dependencies beyond fetch and node:fs, so
// tests, scripts and the app's "Scan as demo user" route can all use it.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Where a running sandbox keeps its control API token (rewritten at every start). */
export function controlTokenPath(dir: string): string {
  return join(dir, "control-token");
}

/** The control token of the sandbox whose state directory is `dir`; throws when it never started there. */
export function readControlToken(dir: string): string {
  return readFileSync(controlTokenPath(dir), "utf8").trim();
}

export interface SandboxInfo {
  dcs: Array<{ id: number; host: string; port: number }>;
  publicKeyPem: string;
  fingerprint: string;
  tokenTtlSeconds: number;
}

export interface SandboxUser {
  id: number;
  username: string | null;
  firstName: string;
  lastName: string | null;
  phone: string;
  homeDc: number;
  code: string;
  has2fa: boolean;
  hint: string | null;
  sessions: number;
}

export interface SandboxSession {
  keyId: string;
  userId: number | null;
  dcId: number;
  hash: string | null;
  internal: boolean;
  revoked: boolean;
  deviceModel: string | null;
  appVersion: string | null;
  createdAt: number;
  activeAt: number | null;
  connections: number;
}

export interface SandboxMessage {
  id: number;
  date: number;
  out: boolean;
  fromId: number;
  text: string;
}

export interface Counters {
  total: number;
  byMethod: Record<string, number>;
  bySession: Record<string, Record<string, number>>;
}

export interface FaultSpec {
  /** TL method name ("auth.checkPassword") or "*" */
  method: string;
  /** rpc_error to answer, e.g. "FLOOD_WAIT_30" */
  error?: string;
  code?: number;
  delayMs?: number;
  /** only for this user (username or id) */
  user?: string | number;
  times?: number;
}

/** Selects sessions: all of a user (username or id), or one auth key. */
export interface SessionSelector {
  user?: string | number;
  keyId?: string;
}

export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code?: number,
  ) {
    super(`sandbox control: ${status} ${error}`);
  }
}

export class SandboxControlClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** A client for the sandbox whose state directory is `dir`, with the token it wrote there. */
  static forDir(baseUrl: string, dir: string, timeoutMs?: number): SandboxControlClient {
    return new SandboxControlClient(baseUrl, readControlToken(dir), timeoutMs);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    // The server insists on a JSON content type for every call that may change state.
    const sendsBody = method !== "GET" && method !== "HEAD";
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(sendsBody ? { "content-type": "application/json" } : {}),
      },
      body: sendsBody ? JSON.stringify(body ?? {}) : undefined,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok)
      throw new SandboxControlError(
        res.status,
        typeof json.error === "string" ? json.error : res.statusText,
        typeof json.code === "number" ? json.code : undefined,
      );
    return json as T;
  }

  private qs(sel: Record<string, string | number | boolean | null | undefined>): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(sel)) if (v !== undefined && v !== null) p.set(k, String(v));
    const s = p.toString();
    return s ? `?${s}` : "";
  }

  info(): Promise<SandboxInfo> {
    return this.call("GET", "/info");
  }
  listUsers(): Promise<SandboxUser[]> {
    return this.call("GET", "/users");
  }
  /** Accepts a QR login token (tg://login?token=… or the bare token) as the user's phone would. */
  scan(tokenOrUrl: string, asUser: string | number): Promise<{ ok: true; user: SandboxUser }> {
    return this.call("POST", "/scan", { token: tokenOrUrl, as: asUser });
  }
  sendMessage(
    from: string | number,
    to: string | number,
    text: string,
    randomId?: string,
  ): Promise<{ ok: true; id: number | null }> {
    return this.call("POST", "/messages", { from, to, text, randomId });
  }
  /** `as` opens the private chat with `peer` on the phone: `peer`'s messages there become read (✓✓). */
  readHistory(as: string | number, peer: string | number): Promise<{ ok: true; readInboxMaxId: number }> {
    return this.call("POST", "/read", { as, peer });
  }
  /** Latest messages of `user`'s private chat with `peer`, newest first. */
  messages(user: string | number, peer: string | number, limit = 20): Promise<SandboxMessage[]> {
    return this.call("GET", `/messages${this.qs({ user, peer, limit })}`);
  }
  sessions(sel: SessionSelector = {}): Promise<SandboxSession[]> {
    return this.call("GET", `/sessions${this.qs({ ...sel })}`);
  }
  /** Terminates sessions as another device of the user would (not the sandbox's own phone sessions); they then get SESSION_REVOKED. */
  revoke(sel: SessionSelector & { hash?: string }): Promise<{ revoked: string[] }> {
    return this.call("POST", "/sessions/revoke", sel);
  }
  /** Closes the TCP connections of the selected sessions (clients reconnect). */
  dropConnections(sel: SessionSelector = {}): Promise<{ dropped: number }> {
    return this.call("POST", "/sessions/drop", sel);
  }
  setFault(f: FaultSpec): Promise<FaultSpec & { id: number }> {
    return this.call("POST", "/faults", f);
  }
  clearFaults(id?: number): Promise<{ ok: true }> {
    return this.call("DELETE", `/faults${this.qs({ id })}`);
  }
  faults(): Promise<Array<FaultSpec & { id: number }>> {
    return this.call("GET", "/faults");
  }
  setTokenTtl(seconds: number): Promise<{ tokenTtlSeconds: number }> {
    return this.call("POST", "/config", { tokenTtlSeconds: seconds });
  }
  counters(sel: SessionSelector = {}): Promise<Counters> {
    return this.call("GET", `/counters${this.qs({ ...sel })}`);
  }
  resetCounters(sel: SessionSelector = {}): Promise<{ reset: number }> {
    return this.call("POST", "/counters/reset", sel);
  }
  seedBench(): Promise<{ user: SandboxUser }> {
    return this.call("POST", "/bench/seed", {});
  }
}
