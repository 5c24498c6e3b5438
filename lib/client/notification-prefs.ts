// This browser's notification choices (localStorage), and the browser's permission, as
// React state that every component showing them shares.
import { useCallback, useSyncExternalStore } from "react";

export interface NotificationPrefs {
  /** Show notifications at all (the browser's permission is asked separately). */
  enabled: boolean;
  /** Play a short sound with each notification. */
  sound: boolean;
  /** The dashboard's "turn on notifications" banner was closed. */
  bannerDismissed: boolean;
}

const KEY = "tgdesk.notifications";
const DEFAULTS: NotificationPrefs = { enabled: true, sound: true, bannerDismissed: false };
const changed = new Set<() => void>();

let cachedRaw: string | null | undefined;
let cachedPrefs: NotificationPrefs = DEFAULTS;

/** The stored preferences; anything unreadable falls back to the defaults. */
export function readNotificationPrefs(): NotificationPrefs {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {
    // Storage blocked (privacy settings): the defaults, for this page's life.
  }
  if (raw === cachedRaw) return cachedPrefs;
  cachedRaw = raw;
  try {
    const parsed = raw ? (JSON.parse(raw) as Partial<NotificationPrefs>) : {};
    cachedPrefs = {
      enabled: typeof parsed.enabled === "boolean" ? parsed.enabled : DEFAULTS.enabled,
      sound: typeof parsed.sound === "boolean" ? parsed.sound : DEFAULTS.sound,
      bannerDismissed: typeof parsed.bannerDismissed === "boolean" ? parsed.bannerDismissed : false,
    };
  } catch {
    cachedPrefs = DEFAULTS;
  }
  return cachedPrefs;
}

function writeNotificationPrefs(patch: Partial<NotificationPrefs>): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify({ ...readNotificationPrefs(), ...patch }));
  } catch {
    return;
  }
  for (const notify of changed) notify();
}

function subscribePrefs(onChange: () => void): () => void {
  changed.add(onChange);
  // Another tab of the same browser changed them.
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) onChange();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    changed.delete(onChange);
    window.removeEventListener("storage", onStorage);
  };
}

export function useNotificationPrefs(): [NotificationPrefs, (patch: Partial<NotificationPrefs>) => void] {
  const prefs = useSyncExternalStore(subscribePrefs, readNotificationPrefs, () => DEFAULTS);
  return [prefs, writeNotificationPrefs];
}

export type PermissionState = "unsupported" | "default" | "granted" | "denied";

/** What the browser allows now ("unsupported" without the Notifications API, e.g. an iPhone outside the home screen). */
export function notificationPermission(): PermissionState {
  return typeof window !== "undefined" && "Notification" in window ? Notification.permission : "unsupported";
}

const permissionChanged = new Set<() => void>();

function subscribePermission(onChange: () => void): () => void {
  permissionChanged.add(onChange);
  // Changed in the browser's site settings while the page is open.
  let status: PermissionStatus | null = null;
  let disposed = false;
  navigator.permissions
    ?.query({ name: "notifications" })
    .then((found) => {
      if (disposed) return;
      status = found;
      status.addEventListener("change", onChange);
    })
    .catch(() => undefined);
  return () => {
    disposed = true;
    permissionChanged.delete(onChange);
    status?.removeEventListener("change", onChange);
  };
}

/** The browser's notification permission, and a way to ask for it (call it from a click only). */
export function useNotificationPermission(): {
  permission: PermissionState | "unknown";
  request: () => Promise<void>;
} {
  const permission = useSyncExternalStore<PermissionState | "unknown">(
    subscribePermission,
    notificationPermission,
    () => "unknown",
  );
  const request = useCallback(async () => {
    if (notificationPermission() === "unsupported") return;
    await Notification.requestPermission();
    for (const notify of permissionChanged) notify();
  }, []);
  return { permission, request };
}
