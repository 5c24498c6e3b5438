// GET /api/telegram/media/:account/:peer/:message[?v=fileId][&thumb=x][&download=1]: one
// message's file (or a thumbnail of it), streamed from Telegram with HTTP Range support.
import { z } from "zod";
import { withUser } from "@/lib/http/with-user";
import { contentDisposition, parseRange } from "@/lib/http/range";
import { openMessageMedia } from "@/lib/telegram";
import { parsePeerId } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

/**
 * Types a browser shows by itself without running anything of ours: these open inline (the
 * PDF viewer, an image, a player); anything else (HTML, SVG, scripts a sender could label
 * as they like) is only ever downloaded, so a file can never act as a page of this site.
 */
const INLINE_TYPES = /^(application\/pdf|image\/(jpeg|png|gif|webp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/i;

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
  const etag = `"${media.fileId}${thumb ? `-${thumb}` : ""}"`;
  // A file id names immutable bytes, so a URL carrying the right one can be kept for good.
  // "private": it is this signed-in user's Telegram, never a shared cache's.
  // "no-transform": the server's gzip would drop Content-Length and break byte ranges.
  const cacheControl =
    search.get("v") === media.fileId
      ? "private, max-age=31536000, immutable, no-transform"
      : "private, max-age=300, no-transform";
  const inline = search.get("download") !== "1" && INLINE_TYPES.test(media.mimeType);
  const headers = new Headers({
    "content-type": media.mimeType,
    "accept-ranges": "bytes",
    "cache-control": cacheControl,
    etag,
    "content-disposition": contentDisposition(inline ? "inline" : "attachment", media.fileName),
    "x-content-type-options": "nosniff",
  });
  if (!inline) headers.set("content-security-policy", "default-src 'none'; sandbox");

  if (request.headers.get("if-none-match") === etag) {
    media.close();
    return new Response(null, { status: 304, headers });
  }
  const ifRange = request.headers.get("if-range");
  const range =
    ifRange && ifRange !== etag ? { kind: "full" as const } : parseRange(request.headers.get("range"), media.size);
  if (range.kind === "unsatisfiable") {
    media.close();
    headers.set("content-range", `bytes */${media.size}`);
    return new Response(null, { status: 416, headers });
  }
  const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, media.size - 1];
  // Next 16 drops Content-Length from route handler responses (its send-response.js), so the
  // browser's download bar shows bytes without a total; kept for any server that passes it on.
  headers.set("content-length", String(Math.max(0, end - start + 1)));
  if (range.kind === "partial") headers.set("content-range", `bytes ${start}-${end}/${media.size}`);
  if (request.method === "HEAD" || media.size === 0) {
    media.close();
    return new Response(null, { status: range.kind === "partial" ? 206 : 200, headers });
  }
  // The browser going away cancels the body, which stops asking Telegram for more.
  return new Response(media.stream(start, end), { status: range.kind === "partial" ? 206 : 200, headers });
});
