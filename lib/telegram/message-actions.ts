import "server-only";

import type { MessageDto, PeerId } from "./dto";
import { TelegramError } from "./errors";
import { fetchMessage } from "./media/download";
import { requirePeer } from "./read-models/history";
import { deleteMessages, editMessage, forwardMessages } from "./read-models/message-actions";
import { withAccount } from "./runtime/lifecycle";

// Acting on messages after they were sent (edit, delete, forward), keyed by the signed-in
// site user like the rest of ./dashboard.ts.

export async function editChatMessage(userId: string, peerId: PeerId, id: number, text: string): Promise<MessageDto> {
  return withAccount(userId, (session) => editMessage(session, peerId, id, text));
}

export async function deleteChatMessages(
  userId: string,
  peerId: PeerId,
  ids: number[],
  revoke: boolean,
): Promise<void> {
  return withAccount(userId, (session) => deleteMessages(session, peerId, ids, revoke));
}

/**
 * Deletes one message that must be in this chat. Outside channels messages.deleteMessages
 * takes ids of the whole account, so the message is read first: one of another chat, or
 * one already gone, is MESSAGE_ID_INVALID (404) and nothing is deleted (API v1's DELETE).
 */
export async function deleteChatMessage(userId: string, peerId: PeerId, id: number, revoke: boolean): Promise<void> {
  return withAccount(userId, async (session) => {
    const input = await requirePeer(session, peerId);
    if (!(await fetchMessage(session, input, peerId, id))) throw new TelegramError("MESSAGE_ID_INVALID");
    await deleteMessages(session, peerId, [id], revoke);
  });
}

export async function forwardChatMessages(
  userId: string,
  fromPeerId: PeerId,
  ids: number[],
  toPeerId: PeerId,
  randomIds: string[],
): Promise<MessageDto[]> {
  return withAccount(userId, (session) => forwardMessages(session, fromPeerId, ids, toPeerId, randomIds));
}
