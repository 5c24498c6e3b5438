// GET /api/telegram/avatars/:peer?v=photoId: a chat's or contact's small avatar, privately cached.
import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { getAvatarFor } from "@/lib/telegram";
import { parsePeerId } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

const notFound = () => new Response(null, { status: 404, headers: { "cache-control": "private, max-age=300" } });

// The peer is parsed here, not by withUser: an <img> is answered with an empty, cacheable
// 404 rather than JSON.
export const GET = withUser({ params: z.object({ peer: z.string() }) }, async (request, { user, params }) => {
  const peerId = parsePeerId(params.peer);
  const avatar = peerId ? await getAvatarFor(user.id, peerId) : null;
  if (!avatar) return notFound();
  const requested = new URL(request.url).searchParams.get("v");
  // The photo id is part of the URL, so a matching one never changes: cache it for good.
  // "private": the image belongs to this signed-in user's Telegram, never a shared cache.
  const cacheControl = requested === avatar.photoId ? "private, max-age=31536000, immutable" : "private, max-age=300";
  return new Response(new Uint8Array(avatar.bytes), {
    headers: {
      "content-type": avatar.contentType,
      "content-length": String(avatar.bytes.length),
      "cache-control": cacheControl,
      etag: `"${avatar.photoId}"`,
      "x-content-type-options": "nosniff",
    },
  });
});
