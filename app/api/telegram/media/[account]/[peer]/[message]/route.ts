// GET /api/telegram/media/:account/:peer/:message[?v=fileId][&thumb=x][&download=1]: one
// message's file (or a thumbnail of it), streamed from Telegram with HTTP Range support.
import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { serveMedia } from "@/lib/http/media-response";
import { openMessageMedia } from "@/lib/telegram";
import { parsePeerId } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

const notFound = () => new Response(null, { status: 404, headers: { "cache-control": "private, no-store" } });

const params = z.object({ account: z.string(), peer: z.string(), message: z.string() });

export const GET = withUser({ params }, async (request, { user, params }) => {
  const peerId = parsePeerId(params.peer);
  const messageId = /^[1-9]\d{0,9}$/.test(params.message) ? Number(params.message) : null;
  const search = new URL(request.url).searchParams;
  const thumb = search.get("thumb");
  if (!peerId || messageId === null || messageId > 2 ** 31 - 1 || (thumb !== null && !/^[a-z]$/.test(thumb))) {
    return notFound();
  }
  const media = await openMessageMedia(user.id, { accountId: params.account, peerId, messageId, thumb });
  return serveMedia(request, media, {
    thumb,
    inline: search.get("download") !== "1",
    immutable: search.get("v") === media.fileId,
  });
});
