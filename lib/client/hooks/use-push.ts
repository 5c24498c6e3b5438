import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";

import type { PushStatusDto } from "@/lib/push/types";
import { ApiRequestError } from "../api-fetch";
import { pushApi } from "../api";
import { queryKeys } from "../query-keys";
import { registerServiceWorker } from "../service-worker";

/** A worker that is not ready by then will not be (a broken script, a blocked scope). */
const WORKER_READY_MS = 10_000;

/** Why this browser cannot be turned on; each is worded by the card. */
export type PushProblem = "unsupported" | "noPushService" | "denied" | "dismissed" | "workerFailed";

export class PushBrowserError extends Error {
  constructor(readonly problem: PushProblem) {
    super(problem);
    this.name = "PushBrowserError";
  }
}

export function browserSupportsPush(): boolean {
  return (
    typeof window !== "undefined" &&
    window.isSecureContext &&
    "serviceWorker" in navigator &&
    "PushManager" in window &&
    "Notification" in window
  );
}

function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** Registers the worker (idempotent) and waits until it is active. */
export async function readyServiceWorker(): Promise<ServiceWorkerRegistration> {
  try {
    await registerServiceWorker();
    return await Promise.race([
      navigator.serviceWorker.ready,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), WORKER_READY_MS)),
    ]);
  } catch {
    throw new PushBrowserError("workerFailed");
  }
}

/** The site's Web Push status and this person's subscribed browsers. */
export function usePushStatus() {
  return useQuery({ queryKey: queryKeys.push(), queryFn: ({ signal }) => pushApi.status(signal), staleTime: 10_000 });
}

/**
 * This browser's side: the worker registered on mount, its current subscription's
 * endpoint (null when not subscribed), and enable/disable.
 */
export function useThisBrowserPush(status: PushStatusDto | undefined) {
  const queryClient = useQueryClient();
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [worker, setWorker] = useState<"idle" | "ready" | "failed">("idle");
  const supported = browserSupportsPush();
  const enabled = Boolean(status?.enabled);

  useEffect(() => {
    if (!supported || !enabled) return;
    let live = true;
    readyServiceWorker()
      .then(async (registration) => {
        const current = await registration.pushManager.getSubscription();
        if (!live) return;
        setWorker("ready");
        setEndpoint(current?.endpoint ?? null);
      })
      .catch(() => live && setWorker("failed"));
    return () => {
      live = false;
    };
  }, [supported, enabled]);

  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: queryKeys.push() }), [queryClient]);

  const enable = useMutation({
    mutationFn: async () => {
      if (!supported || !status?.publicKey) throw new PushBrowserError("unsupported");
      // Asked only from this button, never on page load.
      const permission = await Notification.requestPermission();
      if (permission === "denied") throw new PushBrowserError("denied");
      if (permission !== "granted") throw new PushBrowserError("dismissed");
      const registration = await readyServiceWorker();
      let subscription: PushSubscription;
      try {
        subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: applicationServerKey(status.publicKey),
        });
      } catch (error) {
        // Chromium without its push service (FCM out of reach, as in headless test browsers)
        // rejects with AbortError "push service not available"; a blocked permission with NotAllowedError.
        if (error instanceof DOMException && error.name === "NotAllowedError") throw new PushBrowserError("denied");
        throw new PushBrowserError("noPushService");
      }
      try {
        await pushApi.subscribe(subscription.toJSON());
      } catch (error) {
        // The server did not keep it: do not leave the browser subscribed for nothing.
        await subscription.unsubscribe().catch(() => undefined);
        throw error;
      }
      return subscription.endpoint;
    },
    onSuccess: (subscribed) => {
      setEndpoint(subscribed);
      void refresh();
    },
  });

  const disable = useMutation({
    mutationFn: async () => {
      const registration = await readyServiceWorker();
      const subscription = await registration.pushManager.getSubscription();
      const row = status?.subscriptions.find((s) => s.endpoint === (subscription?.endpoint ?? endpoint));
      if (row) {
        try {
          await pushApi.unsubscribe(row.id);
        } catch (error) {
          // Already gone on the server: turning it off here is still right.
          if (!(error instanceof ApiRequestError && error.code === "not_found")) throw error;
        }
      }
      await subscription?.unsubscribe();
    },
    onSuccess: () => {
      setEndpoint(null);
      void refresh();
    },
  });

  return { supported, worker, endpoint, enable, disable };
}

export function useRemovePushSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => pushApi.unsubscribe(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.push() }),
  });
}

export function useTestPush() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => pushApi.test(),
    // Failures and removed browsers show in the list.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.push() }),
  });
}
