// POST /api/v1/accounts/:accountId/chats/:chatId/read {maxId}: mark the chat read up to maxId.
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { requireOwnAccount } from "@/lib/api/v1/accounts";
import { markChatRead } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const POST = withToken(v1Routes.markRead, async (_request, { principal, params, body }) => {
  await requireOwnAccount(principal.user.id, params.accountId);
  await markChatRead(principal.user.id, params.chatId, Number(body.maxId));
  return { body: { ok: true as const } };
});
