import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Api } from "telegram";
import type { AuthState, Sandbox } from "./sandbox";
import { peerKey, SEED_USERS, type User } from "./world";
import { apiMessage } from "./methods/common";
import { historySlice } from "./methods/history";
import { usernameValid } from "./methods/contacts";
import { controlFileRoutes } from "./control-files";
import { controlEditRoutes } from "./control-edits";
import {
  asPhone,
  chatOfQuery,
  findChannel,
  HttpError,
  inputChannel,
  inputUser,
  mustChannel,
  mustText,
  mustUser,
  RawBody,
  sendTextAs,
  type ControlRoutes,
} from "./control-common";

/** "tg://login?token=…" or the bare base64url token → token bytes. */
export function parseLoginToken(input: string): Buffer {
  const m = /[?&]token=([^&]+)/.exec(input);
  const b64 = decodeURIComponent(m ? m[1]! : input.trim());
  const buf = Buffer.from(b64, "base64url");
  if (!buf.length) throw new HttpError(400, "token is empty");
  return buf;
}

function userView(s: Sandbox, u: User) {
  return {
    id: u.id,
    username: u.username ?? null,
    firstName: u.firstName,
    lastName: u.lastName ?? null,
    phone: u.phone,
    homeDc: u.homeDc,
    code: u.code,
    has2fa: !!u.password,
    hint: u.password?.hint ?? null,
    sessions: s.allAuths().filter((a) => a.userId === u.id && !a.info.internal).length,
  };
}

function sessionView(s: Sandbox, a: AuthState) {
  return {
    keyId: a.primaryId,
    userId: a.userId,
    dcId: a.dcId,
    hash: a.info.hash ?? null,
    internal: !!a.info.internal,
    revoked: !!a.revoked,
    deviceModel: a.info.deviceModel ?? null,
    appVersion: a.info.appVersion ?? null,
    createdAt: a.createdAt,
    activeAt: a.info.activeAt ?? null,
    connections: s.connectionsOf((c) => c.key!.auth === a).length,
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) throw new HttpError(413, "body too large");
    chunks.push(c as Buffer);
  }
  if (!size) return {};
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("not an object");
    return v as Record<string, unknown>;
  } catch {
    throw new HttpError(400, "body must be a JSON object");
  }
}

function counterView(s: Sandbox, auths: AuthState[]) {
  const byMethod: Record<string, number> = {};
  const bySession: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const a of auths) {
    const m = s.counters.get(a.primaryId);
    if (!m) continue;
    bySession[a.primaryId] = Object.fromEntries(m);
    for (const [k, v] of m) {
      byMethod[k] = (byMethod[k] ?? 0) + v;
      total += v;
    }
  }
  return { total, byMethod, bySession };
}

function selectAuths(s: Sandbox, q: { user?: unknown; keyId?: unknown }): AuthState[] {
  let list = s.allAuths().filter((a) => !a.info.internal);
  if (q.user !== undefined && q.user !== null && q.user !== "") {
    const u = mustUser(s, q.user);
    list = list.filter((a) => a.userId === u.id);
  }
  if (typeof q.keyId === "string" && q.keyId) list = list.filter((a) => a.primaryId === q.keyId);
  return list;
}

function selectAuthsOfQuery(s: Sandbox, q: URLSearchParams): AuthState[] {
  return selectAuths(s, { user: q.get("user") ?? undefined, keyId: q.get("keyId") ?? undefined });
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/**
 * Refuses what a web page could make a browser send: a foreign Host (DNS rebinding makes a
 * page's own origin resolve to loopback, but the Host header still names the page's
 * domain), any Origin but the control server's own, a missing or wrong token, and a body
 * that is not declared as JSON (a no-cors text/plain POST or a plain HTML form).
 */
function checkRequest(req: IncomingMessage, port: number, token: Buffer): void {
  const allowedHosts = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  const hostHeader = (req.headers.host ?? "").toLowerCase();
  if (!allowedHosts.includes(hostHeader)) throw new HttpError(403, "FOREIGN_HOST");
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    throw new HttpError(403, "FOREIGN_ORIGIN");
  }
  const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
  const given = Buffer.from(auth?.[1] ?? "", "utf8");
  if (given.length !== token.length || !timingSafeEqual(given, token)) throw new HttpError(401, "UNAUTHORIZED");
  if (req.method !== "GET" && req.method !== "HEAD") {
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") throw new HttpError(415, "JSON_REQUIRED");
  }
}

/**
 * Serves the control API on loopback. Every call must carry `Authorization: Bearer <token>`;
 * the token is written to the sandbox's state directory by startSandbox (control-token file)
 * so only a process that can read that directory can drive the sandbox.
 */
export async function startControlServer(
  s: Sandbox,
  host: string,
  port: number,
  token: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const tokenBytes = Buffer.from(token, "utf8");
  const routes: ControlRoutes = {
    "GET /health": () => ({ ok: true }),
    "GET /info": () => ({
      dcs: s.dcs,
      publicKeyPem: s.rsa.publicKeyPem,
      fingerprint: s.rsa.fingerprint.toString(),
      tokenTtlSeconds: s.tokenTtlSeconds,
    }),
    "GET /users": () =>
      s.world.data.users.filter((u) => !u.username?.startsWith("bench_peer_")).map((u) => userView(s, u)),
    "POST /users": (b) => {
      // A person nobody knows yet (no contacts, no chats): for "new message" flows.
      if (typeof b.firstName !== "string" || !b.firstName) throw new HttpError(400, "firstName is required");
      const username = typeof b.username === "string" && b.username ? b.username : undefined;
      if (username && (!usernameValid(username) || s.world.userByKey(username)))
        throw new HttpError(409, "username is invalid or taken");
      const phone = typeof b.phone === "string" ? b.phone.replace(/\D/g, "") : undefined;
      if (phone !== undefined && (!/^\d{5,15}$/.test(phone) || s.world.userByPhone(phone)))
        throw new HttpError(409, "phone is invalid or taken");
      const privacy = (v: unknown) => (v === "contacts" ? "contacts" : undefined);
      const u = s.world.addUser({
        firstName: b.firstName,
        lastName: typeof b.lastName === "string" ? b.lastName : undefined,
        username,
        phone,
        homeDc: typeof b.homeDc === "number" ? b.homeDc : 2,
        findByPhone: privacy(b.findByPhone),
        newChatsFrom: privacy(b.newChatsFrom),
      });
      return userView(s, u);
    },
    "GET /seed": () =>
      SEED_USERS.map((u) => ({
        username: u.key,
        homeDc: u.homeDc,
        password: u.password ?? null,
        hint: u.hint ?? null,
      })),
    "POST /scan": async (b) => {
      const u = mustUser(s, b.as);
      const tokenInput = b.token ?? b.url;
      if (typeof tokenInput !== "string") throw new HttpError(400, "token (or url) is required");
      await asPhone(s, u, new Api.auth.AcceptLoginToken({ token: parseLoginToken(tokenInput) }));
      return { ok: true, user: userView(s, u) };
    },
    "POST /messages": async (b) => {
      const from = mustUser(s, b.from);
      const to = mustUser(s, b.to);
      const text = mustText(b.text);
      const randomId = await sendTextAs(s, from, inputUser(to), text, {
        randomId: typeof b.randomId === "string" ? b.randomId : undefined,
      });
      const box = s.world.box(from.id).randomIds[randomId];
      return { ok: true, id: box?.id ?? null };
    },
    "POST /posts": async (b) => {
      // A post in a channel (or a message in a supergroup) as a member's phone: members'
      // live sessions get updateNewChannelMessage, the channel's pts moves.
      const from = mustUser(s, b.from);
      const ch = mustChannel(s, b.channel);
      const randomId = await sendTextAs(s, from, inputChannel(ch), mustText(b.text));
      return { ok: true, id: ch.randomIds[`${from.id}:${randomId}`] ?? null, pts: ch.pts };
    },
    "POST /read": async (b) => {
      // `as` opens the private chat with `peer`: everything `peer` sent is read, and
      // `peer`'s outbox read mark moves (updateReadHistoryOutbox), as when a phone opens it.
      const u = mustUser(s, b.as);
      const peer = mustUser(s, b.peer);
      await asPhone(s, u, new Api.messages.ReadHistory({ peer: inputUser(peer), maxId: 0 }));
      return { ok: true, readInboxMaxId: s.world.box(u.id).dialogs[peerKey.user(peer.id)]?.readInboxMaxId ?? 0 };
    },
    "GET /messages": (_b, q) => {
      const { user: u, peer: other } = chatOfQuery(s, q);
      const limit = Math.min(Number(q.get("limit") ?? 20) || 20, 100);
      const peer = peerKey.user(other.id);
      const msgs = historySlice(s.world.history(u.id, peer), {
        offsetId: 0,
        offsetDate: 0,
        addOffset: 0,
        limit,
        maxId: 0,
        minId: 0,
      });
      return msgs.map((m) => {
        const am = apiMessage(s, u.id, peer, m) as Api.Message;
        return {
          id: m.id,
          date: m.date,
          out: m.out,
          fromId: m.fromId,
          text: am.message ?? "",
          editDate: m.editDate ?? null,
          replyTo: m.replyTo ?? null,
          forwarded: !!m.fwdFrom,
        };
      });
    },
    "GET /sessions": (_b, q) => selectAuthsOfQuery(s, q).map((a) => sessionView(s, a)),
    "POST /sessions/revoke": (b) => {
      if (b.user === undefined && b.keyId === undefined) throw new HttpError(400, "user or keyId is required");
      let list = selectAuths(s, b).filter((a) => a.userId !== null);
      if (typeof b.hash === "string") list = list.filter((a) => a.info.hash === b.hash);
      for (const a of list) s.revoke(a);
      return { revoked: list.map((a) => a.primaryId) };
    },
    "POST /sessions/drop": (b) => {
      const auths = new Set(selectAuths(s, b));
      const dropped = s.dropConnections((c) => auths.has(c.key!.auth));
      return { dropped };
    },
    "GET /faults": () => s.faults.all(),
    "POST /faults": (b) => {
      if (typeof b.method !== "string" || !b.method) throw new HttpError(400, "method is required");
      const userId = b.user !== undefined ? mustUser(s, b.user).id : undefined;
      return s.faults.add({
        method: b.method,
        error: typeof b.error === "string" ? b.error : undefined,
        code: typeof b.code === "number" ? b.code : undefined,
        delayMs: typeof b.delayMs === "number" ? b.delayMs : undefined,
        times: typeof b.times === "number" ? b.times : undefined,
        userId,
      });
    },
    "DELETE /faults": (b, q) => {
      const id = b.id ?? q.get("id");
      s.faults.clear(id === undefined || id === null ? undefined : Number(id));
      return { ok: true };
    },
    "POST /config": (b) => {
      if (b.tokenTtlSeconds !== undefined) {
        if (typeof b.tokenTtlSeconds !== "number" || b.tokenTtlSeconds < 1)
          throw new HttpError(400, "tokenTtlSeconds must be >= 1");
        s.tokenTtlSeconds = b.tokenTtlSeconds;
      }
      return { tokenTtlSeconds: s.tokenTtlSeconds };
    },
    "POST /mute": async (b) => {
      // Through account.updateNotifySettings as `as`'s phone, so the app's sessions hear
      // updateNotifySettings live, as when someone mutes a chat on their phone.
      const u = mustUser(s, b.as);
      const channel = findChannel(s, b.peer);
      const target = channel ? null : mustUser(s, b.peer);
      const until = b.until === undefined ? 2_147_483_647 : b.until;
      if (typeof until !== "number" || !Number.isInteger(until) || until < 0)
        throw new HttpError(400, "until must be a unix time (0 unmutes)");
      const peer = channel ? inputChannel(channel) : inputUser(target!);
      await asPhone(
        s,
        u,
        new Api.account.UpdateNotifySettings({
          peer: new Api.InputNotifyPeer({ peer }),
          settings: new Api.InputPeerNotifySettings({ muteUntil: until }),
        }),
      );
      const dialogKey = channel ? peerKey.channel(channel.id) : peerKey.user(target!.id);
      return { ok: true, mutedUntil: s.world.box(u.id).dialogs[dialogKey]?.mutedUntil ?? 0 };
    },
    "GET /counters": (_b, q) => counterView(s, selectAuthsOfQuery(s, q)),
    "POST /counters/reset": (b) => {
      const list = selectAuths(s, b);
      for (const a of list) s.counters.delete(a.primaryId);
      return { reset: list.length };
    },
    "POST /bench/seed": () => {
      const u = s.world.seedBench();
      return { user: userView(s, u) };
    },
    ...controlFileRoutes(s),
    ...controlEditRoutes(s),
  };

  const server = createServer((req, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const handler = routes[`${req.method} ${url.pathname}`];
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    try {
      checkRequest(req, (server.address() as AddressInfo).port, tokenBytes);
    } catch (e) {
      const err = e as HttpError;
      // Nothing of a refused body is read; closing stops a sender that keeps streaming.
      res.setHeader("connection", "close");
      return send(err.status, { error: err.message });
    }
    if (!handler) return send(404, { error: "NOT_FOUND", message: `${req.method} ${url.pathname}` });
    readJson(req)
      .then((body) => handler(body, url.searchParams))
      .then((out) => {
        if (!(out instanceof RawBody)) return send(200, out);
        res.writeHead(200, {
          "content-type": out.contentType,
          "content-length": out.bytes.length,
          "cache-control": "no-store",
        });
        res.end(out.bytes);
      })
      .catch((e: unknown) => {
        if (e instanceof HttpError) send(e.status, { error: e.message, ...e.extra });
        else {
          s.log(`control ${req.method} ${url.pathname} failed: ${(e as Error).stack ?? String(e)}`);
          send(500, { error: "INTERNAL", message: (e as Error).message });
        }
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
