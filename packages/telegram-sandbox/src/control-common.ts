// What the control API's route modules share: errors with an HTTP status, byte replies,
// reading the names and fields of a request, and running a method as a user's phone.
import { randomBytes } from "node:crypto";
import { Api } from "telegram";
import { RpcError } from "./rpc";
import type { Sandbox } from "./sandbox";
import { toBI } from "./tl";
import type { Channel, User } from "./world";

/** A route table: "METHOD /path" → handler of the JSON body and the query. */
export type ControlRoutes = Record<string, (body: Record<string, unknown>, q: URLSearchParams) => unknown>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A reply that is bytes, not JSON (a file read back through the control API). */
export class RawBody {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

export function mustUser(s: Sandbox, key: unknown): User {
  if (typeof key !== "string" && typeof key !== "number") throw new HttpError(400, "user is required");
  const u = s.world.userByKey(String(key));
  if (!u) throw new HttpError(404, `no such user: ${String(key)}`);
  return u;
}

const channelKey = (key: unknown) => (typeof key === "string" || typeof key === "number" ? String(key) : "");

/** A channel by id or username (with or without "@"), if there is one. */
export function findChannel(s: Sandbox, key: unknown): Channel | undefined {
  const k = channelKey(key);
  return /^\d+$/.test(k) ? s.world.channel(Number(k)) : s.world.channelByUsername(k.replace(/^@/, ""));
}

export function mustChannel(s: Sandbox, key: unknown): Channel {
  const ch = findChannel(s, key);
  if (!ch) throw new HttpError(404, `no such channel: ${channelKey(key)}`);
  return ch;
}

/** The two users of a private chat named in a query: `user`'s box, its chat with `peer`. */
export function chatOfQuery(s: Sandbox, q: URLSearchParams): { user: User; peer: User } {
  return { user: mustUser(s, q.get("user")), peer: mustUser(s, q.get("peer")) };
}

/** A message text that must be there and not be empty. */
export function mustText(v: unknown): string {
  if (typeof v !== "string" || !v) throw new HttpError(400, "text is required");
  return v;
}

/**
 * 64 random bits, as clients make them: a clock-based id can repeat within a millisecond,
 * and the sandbox would then rightly drop the second message as a retry.
 */
export function newRandomId(): string {
  return randomBytes(8).readBigInt64LE().toString();
}

export function inputUser(u: User): Api.InputPeerUser {
  return new Api.InputPeerUser({ userId: toBI(u.id), accessHash: toBI(u.accessHash) });
}

export function inputChannel(ch: Channel): Api.InputPeerChannel {
  return new Api.InputPeerChannel({ channelId: toBI(ch.id), accessHash: toBI(ch.accessHash) });
}

/** Sends a text as `from`'s phone (messages.sendMessage); answers the random id it went with. */
export async function sendTextAs(
  s: Sandbox,
  from: User,
  peer: Api.TypeInputPeer,
  text: string,
  options: { randomId?: string; replyTo?: number } = {},
): Promise<string> {
  const randomId = options.randomId ?? newRandomId();
  await asPhone(
    s,
    from,
    new Api.messages.SendMessage({
      peer,
      message: text,
      randomId: toBI(randomId),
      ...(options.replyTo !== undefined && { replyTo: new Api.InputReplyToMessage({ replyToMsgId: options.replyTo }) }),
    }),
  );
  return randomId;
}

/** Runs an MTProto method as the sandbox's own authorised phone session of a user. */
export async function asPhone(s: Sandbox, u: User, req: unknown): Promise<void> {
  try {
    await s.dispatch(req, s.phoneSession(u.id));
  } catch (e) {
    if (e instanceof RpcError) throw new HttpError(409, e.errorMessage, { code: e.code, error: e.errorMessage });
    throw e;
  }
}
