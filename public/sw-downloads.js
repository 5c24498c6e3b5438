// What tgdesk's service worker decides about downloads, with no side effects: public/sw.js
// loads this file with importScripts, and tests/unit/sw-downloads.test.ts runs this very file
// against real Request and Response objects. A plain script, not a module: module workers are
// not in every browser this must work in (docs/decisions/download-progress-worker.md).
/* global URL, Headers, Response */

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- read by sw.js, which shares this script's global scope
var tgdeskDownloads = (() => {
  /** The app's own media route (app/api/telegram/media/[account]/[peer]/[message]). */
  const MEDIA_PATH = /^\/api\/telegram\/media\/[^/]+\/[^/]+\/[^/]+$/;
  /** Where the page and the worker talk about downloads the worker answered. */
  const CHANNEL = "tgdesk-downloads";

  /**
   * A whole-file download of a message's file from this site: the only request the worker
   * answers. A Range request (a player seeking, a resumed download) already has its total in
   * Content-Range, and anything else is none of the worker's business.
   */
  function wantsTotal(request, origin) {
    if (request.method !== "GET" || request.headers.has("range")) return false;
    const url = new URL(request.url);
    return url.origin === origin && MEDIA_PATH.test(url.pathname) && url.searchParams.get("download") === "1";
  }

  /**
   * The whole file's size (X-File-Size) when the answer is the whole file and nothing else;
   * null otherwise. A wrong Content-Length would make the browser cut the file short or
   * report it failed, so anything doubtful gets none.
   */
  function totalOf(response) {
    if (response.status !== 200) return null;
    // A compressed body is not the file's length (the route sends no-transform, but a proxy may not care).
    if (response.headers.has("content-encoding")) return null;
    const raw = response.headers.get("x-file-size");
    if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
    const total = Number(raw);
    if (total > 0 && !response.body) return null;
    return total;
  }

  /**
   * The same answer over the same body stream, plus the Content-Length that Next strips: the
   * browser's download manager then shows the total, the percentage and the time left. The
   * body is handed on untouched, so the browser reads it from the network as before.
   */
  function withTotal(response, total) {
    const headers = new Headers(response.headers);
    headers.set("content-length", String(total));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  return { CHANNEL, wantsTotal, totalOf, withTotal };
})();
