"use client";

import { useEffect } from "react";

import { registerServiceWorker, serviceWorkersAvailable } from "@/lib/client/service-worker";

/**
 * Registers the site's service worker on every dashboard visit, whether or not push is on:
 * it is what gives downloads their total size in the browser's download bar
 * (docs/decisions/download-progress-worker.md). Without one, everything works as before.
 */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (!serviceWorkersAvailable()) return;
    // A failed registration (a blocked scope, storage off) only loses the download total.
    registerServiceWorker().catch(() => undefined);
  }, []);
  return null;
}
