// tgdesk's service worker: shows Web Push notifications while no tgdesk tab is open, and
// opens (or focuses) the chat when one is clicked. The payload is JSON written by the
// server (lib/push/types.ts PushPayload): title, body, tag, url, count; never session data.
/* global self, clients, URL */

self.addEventListener("install", () => {
  // A new version takes over at once; it holds no caches that could go stale.
  void self.skipWaiting();
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
