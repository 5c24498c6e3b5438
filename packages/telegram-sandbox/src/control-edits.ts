// The control API's routes for changing messages as the other side would: edit, delete
// (for me or for both) and reply, each through the same MTProto method a client calls, so
// the linked account sees the live update and getDifference can replay it.
import { randomBytes } from "node:crypto";
import { Api } from "telegram";
import { asPhone, HttpError, mustUser } from "./control-common";
import type { Sandbox } from "./sandbox";
import { toBI } from "./tl";
import { peerKey, type Channel, type User } from "./world";

function mustChannel(s: Sandbox, key: unknown): Channel {
  const k = typeof key === "string" || typeof key === "number" ? String(key) : "";
  const ch = /^\d+$/.test(k) ? s.world.channel(Number(k)) : s.world.channelByUsername(k.replace(/^@/, ""));
  if (!ch) throw new HttpError(404, `no such channel: ${k}`);
  return ch;
}

function inputPeerOf(s: Sandbox, b: Record<string, unknown>): Api.TypeInputPeer {
  if (b.channel !== undefined) {
    const ch = mustChannel(s, b.channel);
    return new Api.InputPeerChannel({ channelId: toBI(ch.id), accessHash: toBI(ch.accessHash) });
  }
  const peer: User = mustUser(s, b.peer);
  return new Api.InputPeerUser({ userId: toBI(peer.id), accessHash: toBI(peer.accessHash) });
}

function messageIds(v: unknown): number[] {
  const list = Array.isArray(v) ? v : [v];
  if (!list.length || !list.every((x) => Number.isInteger(x) && (x as number) > 0))
    throw new HttpError(400, "ids must be positive integers");
  return list as number[];
}

export function controlEditRoutes(
  s: Sandbox,
): Record<string, (body: Record<string, unknown>, q: URLSearchParams) => unknown> {
  return {
    // {as, peer | channel, id, text}: `as` edits their message `id` (an id of their own
    // box, as POST /messages answers it; a channel's post id).
    "POST /messages/edit": async (b) => {
      const as = mustUser(s, b.as);
      const [id] = messageIds(b.id);
      if (typeof b.text !== "string") throw new HttpError(400, "text is required");
      await asPhone(s, as, new Api.messages.EditMessage({ peer: inputPeerOf(s, b), id: id!, message: b.text }));
      return { ok: true };
    },
    // {as, ids, revoke?} for `as`'s box (private chats, groups); {as, channel, ids} for a channel.
    "POST /messages/delete": async (b) => {
      const as = mustUser(s, b.as);
      const ids = messageIds(b.ids ?? b.id);
      if (b.channel !== undefined) {
        const ch = mustChannel(s, b.channel);
        await asPhone(
          s,
          as,
          new Api.channels.DeleteMessages({
            channel: new Api.InputChannel({ channelId: toBI(ch.id), accessHash: toBI(ch.accessHash) }),
            id: ids,
          }),
        );
        return { ok: true, pts: ch.pts };
      }
      await asPhone(s, as, new Api.messages.DeleteMessages({ id: ids, revoke: b.revoke === true }));
      return { ok: true, pts: s.world.box(as.id).pts };
    },
    // {from, to, text, replyTo}: a reply in a private chat (`replyTo`: an id of `from`'s box).
    "POST /messages/reply": async (b) => {
      const from = mustUser(s, b.from);
      const to = mustUser(s, b.to);
      if (typeof b.text !== "string" || !b.text) throw new HttpError(400, "text is required");
      const [replyTo] = messageIds(b.replyTo);
      const randomId = randomBytes(8).readBigInt64LE().toString();
      await asPhone(
        s,
        from,
        new Api.messages.SendMessage({
          peer: new Api.InputPeerUser({ userId: toBI(to.id), accessHash: toBI(to.accessHash) }),
          message: b.text,
          randomId: toBI(randomId),
          replyTo: new Api.InputReplyToMessage({ replyToMsgId: replyTo! }),
        }),
      );
      const sent = s.world.box(from.id).randomIds[randomId];
      return { ok: true, id: sent?.id ?? null, peer: peerKey.user(to.id) };
    },
  };
}
