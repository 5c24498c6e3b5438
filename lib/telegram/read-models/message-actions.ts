import "server-only";

import { randomBytes } from "node:crypto";
import { Api } from "telegram";

import { long } from "../gramjs/long";
import { reshapeMessage } from "../gramjs/mappers";
import type { MessageDto, PeerId } from "../dto";
import { TelegramError } from "../errors";
import type { AccountSession } from "../runtime/session";
import { requirePeer } from "./history";
import { publishDelete, publishEdit } from "./live-updates";

/**
 * Edits one of the account's own messages (messages.editMessage). The edit is shown here
 * at once (the live stream and the webhooks hear of it as of any edit); Telegram's
 * refusals come back as TelegramError with its code (MESSAGE_NOT_MODIFIED for a repeat).
 */
export async function editMessage(
  session: AccountSession,
  peerId: PeerId,
  id: number,
  text: string,
): Promise<MessageDto> {
  const input = await requirePeer(session, peerId);
  const result = await session.invoke(
    new Api.messages.EditMessage({ peer: input, id, message: text, noWebpage: true }),
  );
  const edited = editedMessageOf(result, session);
  if (!edited) throw new TelegramError("EDIT_UNCONFIRMED");
  publishEdit(session, edited);
  return edited;
}

function editedMessageOf(result: Api.TypeUpdates, session: AccountSession): MessageDto | null {
  if (!(result instanceof Api.Updates || result instanceof Api.UpdatesCombined)) return null;
  const lookup = session.entityLookup(session.rememberEntities(result.users, result.chats));
  for (const update of result.updates) {
    if (update instanceof Api.UpdateEditMessage || update instanceof Api.UpdateEditChannelMessage) {
      const message = reshapeMessage(update.message, lookup, session.account.id);
      if (message) return message;
    }
  }
  return null;
}

/**
 * Deletes messages of one chat. Channels and supergroups always delete for everyone
 * (channels.deleteMessages); elsewhere `revoke` says whether the other side loses them
 * too. Ids already gone are no error, so a repeat succeeds and changes nothing.
 */
export async function deleteMessages(
  session: AccountSession,
  peerId: PeerId,
  ids: number[],
  revoke: boolean,
): Promise<void> {
  const input = await requirePeer(session, peerId);
  if (input instanceof Api.InputPeerChannel) {
    await session.invoke(
      new Api.channels.DeleteMessages({
        channel: new Api.InputChannel({ channelId: input.channelId, accessHash: input.accessHash }),
        id: ids,
      }),
    );
  } else {
    await session.invoke(new Api.messages.DeleteMessages({ id: ids, revoke }));
  }
  publishDelete(session, peerId, ids);
}

/**
 * Forwards messages of one chat to another chat of the same account. `randomIds` (one per
 * message, chosen by the browser) make a retry deliver nothing twice. The copies are
 * shown in the target chat like sent messages.
 */
export async function forwardMessages(
  session: AccountSession,
  fromPeerId: PeerId,
  ids: number[],
  toPeerId: PeerId,
  randomIds: string[] = ids.map(() => randomBytes(8).readBigInt64LE().toString()),
): Promise<MessageDto[]> {
  const [from, to] = await Promise.all([requirePeer(session, fromPeerId), requirePeer(session, toPeerId)]);
  const result = await session.invoke(
    new Api.messages.ForwardMessages({ fromPeer: from, toPeer: to, id: ids, randomId: randomIds.map((r) => long(r)) }),
  );
  if (!(result instanceof Api.Updates || result instanceof Api.UpdatesCombined)) return [];
  const lookup = session.entityLookup(session.rememberEntities(result.users, result.chats));
  const sent: MessageDto[] = [];
  for (const update of result.updates) {
    if (!(update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage)) continue;
    const message = reshapeMessage(update.message, lookup, session.account.id);
    if (!message) continue;
    sent.push({ ...message, read: false });
    // A getDifference that ran meanwhile may have published it already.
    if (session.updateGate && !session.updateGate.claim(message.peerId, message.id)) continue;
    const dialog = session.dialogs.applyMessage(message);
    session.emit({ type: "message", peerId: message.peerId, message, dialog });
    if (!dialog) session.emit({ type: "dialogs" });
  }
  return sent;
}
