// GET /api/v1/accounts/:accountId/chats/:chatId/messages/:messageId/media[?thumb=x]: the
// message's file, streamed from Telegram with Range support, as the app's media route serves it.
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { requireOwnAccount } from "@/lib/api/v1/accounts";
import { serveMedia } from "@/lib/http/media-response";
import { openMessageMedia } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const GET = withToken(v1Routes.messageMedia, async (request, { principal, params, query }) => {
  await requireOwnAccount(principal.user.id, params.accountId);
  const thumb = query.thumb ?? null;
  const media = await openMessageMedia(principal.user.id, {
    accountId: params.accountId,
    peerId: params.chatId,
    messageId: Number(params.messageId),
    thumb,
  });
  // Always an attachment: an API client saves bytes, it never renders them in our origin.
  return serveMedia(request, media, { thumb, inline: false, immutable: false });
});
