import { useCallback, useEffect, useRef, useState } from "react";

import { DOWNLOADS_CHANNEL, useServiceWorkerControlled, type DownloadNotice } from "../service-worker";

/** How long "started" stays next to the link; the browser's download bar has the rest. */
const STARTED_SHOWN_MS = 8_000;
/** A worker that has not answered by then never will (it was replaced, or the browser stopped it). */
const NO_ANSWER_MS = 60_000;

export type DownloadStatus = "idle" | "starting" | "started" | "failed";

/**
 * Feedback for one Download link. While the site's service worker controls the page, the link
 * is a plain navigation (Chromium sends `<a download>` past the worker, which would lose the
 * total it adds) and the worker reports whether the file started; the page never reads the
 * file itself. Without a worker the link keeps its `download` attribute and no status is
 * shown: the page cannot know, and the browser's download bar says it.
 */
export function useDownloadStatus(downloadUrl: string) {
  const viaWorker = useServiceWorkerControlled();
  const [status, setStatus] = useState<DownloadStatus>("idle");
  const listening = useRef<{ channel: BroadcastChannel; giveUp: ReturnType<typeof setTimeout> } | null>(null);

  const stopListening = useCallback(() => {
    if (!listening.current) return;
    clearTimeout(listening.current.giveUp);
    listening.current.channel.close();
    listening.current = null;
  }, []);

  useEffect(() => stopListening, [stopListening]);

  useEffect(() => {
    if (status !== "started") return;
    const fade = setTimeout(() => setStatus("idle"), STARTED_SHOWN_MS);
    return () => clearTimeout(fade);
  }, [status]);

  const onClick = useCallback(() => {
    if (!viaWorker || typeof BroadcastChannel !== "function") return;
    stopListening();
    // Opened before the navigation leaves, so the worker's answer cannot come first.
    const target = new URL(downloadUrl, window.location.href).href;
    const channel = new BroadcastChannel(DOWNLOADS_CHANNEL);
    channel.onmessage = (event: MessageEvent<DownloadNotice>) => {
      if (event.data?.url !== target) return;
      stopListening();
      setStatus(event.data.ok ? "started" : "failed");
    };
    const giveUp = setTimeout(() => {
      stopListening();
      setStatus("idle");
    }, NO_ANSWER_MS);
    listening.current = { channel, giveUp };
    setStatus("starting");
  }, [viaWorker, downloadUrl, stopListening]);

  return { viaWorker, status, onClick };
}
