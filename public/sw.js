// tgdesk's service worker: shows Web Push notifications while no tgdesk tab is open, and
// opens (or focuses) the chat when one is clicked. The payload is JSON written by the
// server (lib/push/types.ts PushPayload): title, body, tag, url, count; never session data.
// It also gives a document's download its total size, so the browser's download bar shows
// progress (docs/decisions/download-progress-worker.md).
/* global self, clients, URL, URLPattern, importScripts, fetch, Response, BroadcastChannel, tgdeskDownloads */

importScripts("/sw-downloads.js");

self.addEventListener("install", (event) => {
  // A new version takes over at once; it holds no caches that could go stale.
  void self.skipWaiting();
  // Chrome's static routing: every request but the media route goes straight to the network,
  // without waking this worker. Elsewhere (or if a browser refuses the rule) the fetch
  // handler below lets them through itself, only a little later.
  if (typeof event.addRoutes === "function" && typeof URLPattern === "function") {
    const media = new URLPattern({ pathname: "/api/telegram/media/*" });
    event.waitUntil(
      event.addRoutes([{ condition: { not: { urlPattern: media } }, source: "network" }]).catch(() => undefined),
    );
  }
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

/** The payload as an object, or null when it is not one of ours. */
function readPayload(data) {
  if (!data) return null;
  try {
    const payload = data.json();
    return payload && payload.v === 1 && typeof payload.title === "string" ? payload : null;
  } catch {
    return null;
  }
}

self.addEventListener("push", (event) => {
  const payload = readPayload(event.data);
  if (!payload) return;
  event.waitUntil(
    (async () => {
      const windows = await clients.matchAll({ type: "window", includeUncontrolled: true });
      // A tgdesk tab in front already tells the person (the in-tab notifications); a push
      // shown as well would say it twice. Browsers do not force a notice while the site is focused.
      if (payload.kind === "message" && windows.some((w) => w.focused && w.visibilityState === "visible")) return;
      await self.registration.showNotification(payload.title, {
        body: payload.body,
        // One notification per chat: a newer message replaces the older one, and renotify
        // makes the replacement heard.
        tag: payload.tag,
        renotify: true,
        icon: "/icon-192.png",
        badge: "/icon-192.png",
        data: { url: payload.url },
      });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = event.notification.data && event.notification.data.url;
  // Only our own pages: the payload comes from the server, but a click never leaves the site.
  const target = new URL(typeof path === "string" && path.startsWith("/") ? path : "/telegram", self.location.origin);
  event.waitUntil(
    (async () => {
      const windows = await clients.matchAll({ type: "window", includeUncontrolled: true });
      const same = windows.find((w) => new URL(w.url).pathname === target.pathname);
      if (same) return same.focus();
      const any = windows.find((w) => new URL(w.url).origin === target.origin);
      if (any) {
        await any.focus();
        return any.navigate(target.href);
      }
      return clients.openWindow(target.href);
    })(),
  );
});

/** Tells the page whether the download it asked for started, when it cannot see it itself. */
const downloads = typeof BroadcastChannel === "function" ? new BroadcastChannel(tgdeskDownloads.CHANNEL) : null;

self.addEventListener("fetch", (event) => {
  // Not calling respondWith leaves a request to the browser exactly as without a worker.
  if (!tgdeskDownloads.wantsTotal(event.request, self.location.origin)) return;
  event.respondWith(download(event.request));
});

async function download(request) {
  // A click on Download is a navigation (the page's link leaves out the `download`
  // attribute while this worker controls it: Chromium sends those past the worker).
  const navigation = request.mode === "navigate";
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    if (!navigation) throw error;
    return stay(request);
  }
  const total = tgdeskDownloads.totalOf(response);
  if (navigation && response.status !== 200) {
    // The error's body is not wanted; cancelling it frees the connection.
    if (response.body) void response.body.cancel().catch(() => undefined);
    return stay(request);
  }
  if (navigation && downloads) downloads.postMessage({ url: request.url, ok: true });
  return total === null ? response : tgdeskDownloads.withTotal(response, total);
}

/**
 * A download that did not start (signed out, gone, Telegram unreachable): its error page
 * would replace the chat, so the answer is 204, which leaves the page where it is, and the
 * page is told to say so.
 */
function stay(request) {
  if (downloads) downloads.postMessage({ url: request.url, ok: false });
  return new Response(null, { status: 204 });
}
