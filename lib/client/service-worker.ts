import { useSyncExternalStore } from "react";

/** The site's one service worker (public/sw.js): Web Push, and the total size of downloads. */
export const SERVICE_WORKER_URL = "/sw.js";
export const SERVICE_WORKER_SCOPE = "/";
/** Where the worker says whether a download it answered started (public/sw-downloads.js CHANNEL). */
export const DOWNLOADS_CHANNEL = "tgdesk-downloads";

/** What the worker posts on DOWNLOADS_CHANNEL for a Download click it answered. */
export interface DownloadNotice {
  url: string;
  ok: boolean;
}

export function serviceWorkersAvailable(): boolean {
  return typeof window !== "undefined" && window.isSecureContext && "serviceWorker" in navigator;
}

/**
 * Registers the worker, or finds it registered (the same URL and scope every time, so push
 * and downloads share one registration). Resolves once registered, not once active.
 */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  return navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: SERVICE_WORKER_SCOPE });
}

function subscribeController(onChange: () => void): () => void {
  if (!serviceWorkersAvailable()) return () => undefined;
  navigator.serviceWorker.addEventListener("controllerchange", onChange);
  return () => navigator.serviceWorker.removeEventListener("controllerchange", onChange);
}

/**
 * Whether a service worker controls this page now (it claims the page on its first
 * activation, so this turns true during the first visit). False on the server, in browsers
 * without workers and where they are off (some private windows).
 */
export function useServiceWorkerControlled(): boolean {
  return useSyncExternalStore(
    subscribeController,
    () => serviceWorkersAvailable() && navigator.serviceWorker.controller !== null,
    () => false,
  );
}
