import "server-only";

import type { MessageDto, PeerId } from "./dto";
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

export async function forwardChatMessages(
  userId: string,
  fromPeerId: PeerId,
  ids: number[],
  toPeerId: PeerId,
  randomIds: string[],
): Promise<MessageDto[]> {
  return withAccount(userId, (session) => forwardMessages(session, fromPeerId, ids, toPeerId, randomIds));
}
