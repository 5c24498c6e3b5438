// GET /api/v1/accounts/:accountId/chats?cursor=&limit=: the chat list, most recent first.
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { requireOwnAccount } from "@/lib/api/v1/accounts";
import { decodeOffsetCursor, encodeOffsetCursor, toApiChat } from "@/lib/api/v1/mappers";
import { getChats } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const GET = withToken(v1Routes.chats, async (_request, { principal, params, query }) => {
  await requireOwnAccount(principal.user.id, params.accountId);
  const offset = decodeOffsetCursor(query.cursor);
  const page = await getChats(principal.user.id, { offset, limit: query.limit });
  return {
    body: {
      data: page.dialogs.map(toApiChat),
      nextCursor: page.nextCursor === null ? null : encodeOffsetCursor(offset + query.limit),
    },
  };
});
