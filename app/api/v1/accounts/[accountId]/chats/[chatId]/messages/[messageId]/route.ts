// PATCH /api/v1/accounts/:accountId/chats/:chatId/messages/:messageId {text}: edit one's own message.
// DELETE …/messages/:messageId?revoke=: delete it for the account, or for both sides.
// The dashboard's edit and delete do the same through the same lib/telegram functions.
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { requireOwnAccount } from "@/lib/api/v1/accounts";
import { toApiMessage } from "@/lib/api/v1/mappers";
import { deleteChatMessage, editChatMessage } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const PATCH = withToken(v1Routes.editMessage, async (_request, { principal, params, body }) => {
  await requireOwnAccount(principal.user.id, params.accountId);
  const message = await editChatMessage(principal.user.id, params.chatId, Number(params.messageId), body.text);
  return { body: { message: toApiMessage(message) } };
});

export const DELETE = withToken(v1Routes.deleteMessage, async (_request, { principal, params, query }) => {
  await requireOwnAccount(principal.user.id, params.accountId);
  await deleteChatMessage(principal.user.id, params.chatId, Number(params.messageId), query.revoke === "true");
  return { body: { ok: true as const } };
});
