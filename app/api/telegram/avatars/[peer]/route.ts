// GET /api/telegram/avatars/:peer?v=photoId: a chat's or contact's small avatar, privately cached.
import { withUser } from "@/lib/auth/api";
import { getAvatarFor } from "@/lib/telegram/dashboard";
import { telegramCall } from "@/lib/telegram/route-errors";
import { parsePeerId } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const GET = withUser<{ peer: string }>(async (request, { user, params }) => {
  const peerId = parsePeerId((await params).peer);
  const avatar = peerId ? await telegramCall(() => getAvatarFor(user.id, peerId)) : null;
  if (!avatar) return new Response(null, { status: 404, headers: { "cache-control": "private, max-age=300" } });
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
