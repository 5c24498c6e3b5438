// The control API's routes for changing messages as the other side would: edit, delete
// (for me or for both) and reply, each through the same MTProto method a client calls, so
// the linked account sees the live update and getDifference can replay it.
import { Api } from "telegram";
import {
  asPhone,
  HttpError,
  inputChannel,
  inputUser,
  mustChannel,
  mustText,
  mustUser,
  sendTextAs,
  type ControlRoutes,
} from "./control-common";
import type { Sandbox } from "./sandbox";
import { toBI } from "./tl";
import { peerKey } from "./world";

function inputPeerOf(s: Sandbox, b: Record<string, unknown>): Api.TypeInputPeer {
  return b.channel !== undefined ? inputChannel(mustChannel(s, b.channel)) : inputUser(mustUser(s, b.peer));
}

function messageIds(v: unknown): number[] {
  const list = Array.isArray(v) ? v : [v];
  if (!list.length || !list.every((x) => Number.isInteger(x) && (x as number) > 0))
    throw new HttpError(400, "ids must be positive integers");
  return list as number[];
}

export function controlEditRoutes(s: Sandbox): ControlRoutes {
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
      const text = mustText(b.text);
      const [replyTo] = messageIds(b.replyTo);
      const randomId = await sendTextAs(s, from, inputUser(to), text, { replyTo });
      const sent = s.world.box(from.id).randomIds[randomId];
      return { ok: true, id: sent?.id ?? null, peer: peerKey.user(to.id) };
    },
  };
}
