import "server-only";

import { contentDisposition, parseRange } from "./range";

/** What serveMedia needs of an opened file (lib/telegram's OpenedMedia). */
export interface ServableMedia {
  fileId: string;
  size: number;
  mimeType: string;
  fileName: string | null;
  stream(start: number, end: number): ReadableStream<Uint8Array>;
  close(): void;
}

/**
 * Types a browser shows by itself without running anything of ours: these open inline (the
 * PDF viewer, an image, a player); anything else (HTML, SVG, scripts a sender could label
 * as they like) is only ever downloaded, so a file can never act as a page of this site.
 */
const INLINE_TYPES = /^(application\/pdf|image\/(jpeg|png|gif|webp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/i;

/**
 * One message's file as an HTTP answer: ETag/If-None-Match and If-Range on the file id, one
 * Range (206 + Content-Range, 416), HEAD, Content-Disposition with the original name, and the
 * bytes streamed from Telegram as the client reads them. Shared by the app's media route and
 * API v1's, so both answer alike. `media` is closed here whenever no body is streamed.
 */
export function serveMedia(
  request: Request,
  media: ServableMedia,
  options: { thumb: string | null; inline: boolean; immutable: boolean },
): Response {
  const etag = `"${media.fileId}${options.thumb ? `-${options.thumb}` : ""}"`;
  // A file id names immutable bytes, so a URL carrying the right one can be kept for good.
  // "private": it is this signed-in user's Telegram, never a shared cache's.
  // "no-transform": the server's gzip would drop Content-Length and break byte ranges.
  const cacheControl = options.immutable
    ? "private, max-age=31536000, immutable, no-transform"
    : "private, max-age=300, no-transform";
  const inline = options.inline && INLINE_TYPES.test(media.mimeType);
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
  // Next 16 drops Content-Length from route handler responses (its send-response.js); kept for
  // any server that passes it on. X-File-Size carries the total: the site's service worker
  // puts it back as Content-Length on downloads, so the browser's download bar has a total
  // (docs/decisions/download-progress-worker.md), and API clients read it.
  headers.set("content-length", String(Math.max(0, end - start + 1)));
  headers.set("x-file-size", String(media.size));
  if (range.kind === "partial") headers.set("content-range", `bytes ${start}-${end}/${media.size}`);
  if (request.method === "HEAD" || media.size === 0) {
    media.close();
    return new Response(null, { status: range.kind === "partial" ? 206 : 200, headers });
  }
  // The client going away cancels the body, which stops asking Telegram for more.
  return new Response(media.stream(start, end), { status: range.kind === "partial" ? 206 : 200, headers });
}
