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

export interface NewSandboxUser {
  firstName: string;
  lastName?: string;
  username?: string;
  /** digits; default 99966<dc><id % 10000> */
  phone?: string;
  homeDc?: number;
  findByPhone?: "everybody" | "contacts";
  newChatsFrom?: "everybody" | "contacts";
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
  editDate: number | null;
  replyTo: number | null;
  forwarded: boolean;
}

/** A file in a private chat or a channel, as the control API lists it (GET /files). */
export interface SandboxFile {
  messageId: number;
  date: number;
  out: boolean;
  fromId: number;
  caption: string;
  fileId: string;
  kind: "document" | "photo";
  /** "photo", "voice", "audio", "video", "sticker" or "document" */
  type: string;
  fileName: string | null;
  mimeType: string;
  /** bytes of a document, or of a photo's largest size */
  size: number;
  dcId: number;
  sizes: Array<{ type: string; w: number; h: number; size: number }>;
  duration: number | null;
}

export interface SendFileOptions {
  from: string | number;
  to: string | number;
  /** a file on this machine; the sandbox reads it */
  path: string;
  caption?: string;
  /** default: the path's base name */
  fileName?: string;
  /** default: from the file name's extension */
  mimeType?: string;
  /** "document" (default), "photo" (sent as a photo: Telegram's sizes are made) or "voice" */
  kind?: "document" | "photo" | "voice";
  /** seconds, for a voice note */
  duration?: number;
  randomId?: string;
}

/** Which file to read back: by file id, or the file of a message in `user`'s chat with `peer`. */
export type FileSelector =
  | { fileId: string; thumb?: string }
  | { user: string | number; peer: string | number; messageId: number; thumb?: string };

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

  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    // The server insists on a JSON content type for every call that may change state.
    const sendsBody = method !== "GET" && method !== "HEAD";
    return fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(sendsBody ? { "content-type": "application/json" } : {}),
      },
      body: sendsBody ? JSON.stringify(body ?? {}) : undefined,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(method, path, body);
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
  /**
   * Adds a person nobody knows yet (no contacts, no chats). `findByPhone: "contacts"` hides
   * them from strangers' importContacts/resolvePhone; `newChatsFrom: "contacts"` refuses a
   * stranger's first message (PRIVACY_PREMIUM_REQUIRED).
   */
  addUser(u: NewSandboxUser): Promise<SandboxUser> {
    return this.call("POST", "/users", u);
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
  /** Posts in a channel (username or id) as `from`'s phone; `from` must be allowed to post there. */
  postToChannel(
    from: string | number,
    channel: string | number,
    text: string,
  ): Promise<{ ok: true; id: number | null; pts: number }> {
    return this.call("POST", "/posts", { from, channel, text });
  }
  /** `as` edits their own message `id` (an id of their box, as sendMessage answers) in the private chat with `peer`. */
  editMessage(as: string | number, peer: string | number, id: number, text: string): Promise<{ ok: true }> {
    return this.call("POST", "/messages/edit", { as, peer, id, text });
  }
  /** `as` edits a post of a channel (username or id) they may edit. */
  editPost(as: string | number, channel: string | number, id: number, text: string): Promise<{ ok: true }> {
    return this.call("POST", "/messages/edit", { as, channel, id, text });
  }
  /**
   * `as` deletes messages of their box (ids as sendMessage/messages answer them): only for
   * themselves, or with `revoke` for the other side too.
   */
  deleteMessages(as: string | number, ids: number[], revoke: boolean): Promise<{ ok: true; pts: number }> {
    return this.call("POST", "/messages/delete", { as, ids, revoke });
  }
  /** `as` deletes posts of a channel (for everyone, as channels do). */
  deletePosts(as: string | number, channel: string | number, ids: number[]): Promise<{ ok: true; pts: number }> {
    return this.call("POST", "/messages/delete", { as, channel, ids });
  }
  /** `from` replies to their message `replyTo` (an id of their box) in the private chat with `to`. */
  reply(
    from: string | number,
    to: string | number,
    text: string,
    replyTo: number,
  ): Promise<{ ok: true; id: number | null }> {
    return this.call("POST", "/messages/reply", { from, to, text, replyTo });
  }
  /** `as` opens the private chat with `peer` on the phone: `peer`'s messages there become read (✓✓). */
  readHistory(as: string | number, peer: string | number): Promise<{ ok: true; readInboxMaxId: number }> {
    return this.call("POST", "/read", { as, peer });
  }
  /** `as` mutes its chat with `peer` (user, channel username or id) until `until` (default forever; 0 unmutes). */
  mute(as: string | number, peer: string | number, until?: number): Promise<{ ok: true; mutedUntil: number }> {
    return this.call("POST", "/mute", { as, peer, until });
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
  /**
   * Sends a file as `from` to `to` (as the sender's phone: saveFilePart, or saveBigFilePart
   * above 10 MB, then messages.sendMedia). `id` is the sender's message id.
   */
  sendFile(o: SendFileOptions): Promise<{ ok: true; id: number | null; file: SandboxFile | null }> {
    return this.call("POST", "/files/send", o);
  }
  /** The files of `user`'s private chat with `peer` (or of a channel, by its username), newest first. */
  files(user: string | number, peer: string | number, limit = 20): Promise<SandboxFile[]> {
    return this.call("GET", `/files${this.qs({ user, peer, limit })}`);
  }
  /** The stored bytes of a file (a photo: its largest size, or `thumb`), for comparing with what a client got. */
  async fileBytes(sel: FileSelector): Promise<Buffer> {
    const q =
      "fileId" in sel
        ? this.qs({ id: sel.fileId, thumb: sel.thumb })
        : this.qs({ user: sel.user, peer: sel.peer, message: sel.messageId, thumb: sel.thumb });
    const res = await this.fetch("GET", `/files/bytes${q}`);
    if (!res.ok) {
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      throw new SandboxControlError(res.status, typeof json.error === "string" ? json.error : res.statusText);
    }
    return Buffer.from(await res.arrayBuffer());
  }
  /** Expires the file references handed out so far (one file's, or every file's): clients then get FILE_REFERENCE_EXPIRED until they refetch the message. */
  expireFileReferences(fileId?: string): Promise<{ expired: number }> {
    return this.call("POST", "/files/expire-references", fileId === undefined ? {} : { fileId });
  }
  /** New files are stored on `dcId` (null: on the DC they were uploaded to, the default). */
  setFileDc(dcId: number | null): Promise<{ fileDc: number | null }> {
    return this.call("POST", "/files/dc", { dcId });
  }
  /** Moves a stored file to another DC: a client still asking the old one gets FILE_MIGRATE_X. */
  moveFile(fileId: string, dcId: number): Promise<{ fileId: string; dcId: number }> {
    return this.call("POST", "/files/dc", { fileId, dcId });
  }
}
