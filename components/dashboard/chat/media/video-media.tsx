"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

import type { MediaFileDto } from "@/lib/telegram/dto";
import { fitBox, formatDuration } from "./format";

/**
 * A video (or a round video message): its poster from the thumbnail, the browser's own
 * player on demand. Nothing is downloaded until it is played (preload "none"); seeking
 * asks the media route for byte ranges. The box has the video's size from the message, and
 * its length shows on the poster until it plays, as Telegram's apps do.
 */
export function VideoMedia({
  file,
  round,
  label,
  duration,
}: {
  file: MediaFileDto;
  round: boolean;
  label: string;
  duration: number | null;
}) {
  const t = useTranslations("dashboard.chat.player");
  const [started, setStarted] = useState(false);
  const [failed, setFailed] = useState(false);
  const box = round ? { width: 240, height: 240 } : fitBox(file.width, file.height, 320, 360);
  return (
    <div
      className="relative mb-1 max-w-full"
      style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }}
      data-testid={round ? "media-round-box" : "media-video-box"}
    >
      <video
        src={file.url}
        poster={file.thumbUrl ?? file.placeholder ?? undefined}
        controls
        preload="none"
        playsInline
        aria-label={label}
        width={box.width}
        height={box.height}
        onPlay={() => setStarted(true)}
        onError={() => setFailed(true)}
        className={`block size-full bg-slate-900 object-cover ${round ? "rounded-full" : "rounded-xl"}`}
        data-testid={round ? "media-round" : "media-video"}
      />
      {failed ? (
        <span
          role="status"
          className="pointer-events-none absolute inset-x-0 top-1/2 -translate-y-1/2 text-center text-xs text-white"
        >
          {t("unavailable")}
        </span>
      ) : !started && duration !== null ? (
        <span
          className={`pointer-events-none absolute rounded bg-black/60 px-1.5 py-0.5 text-xs tabular-nums text-white ${
            round ? "bottom-3 left-1/2 -translate-x-1/2" : "left-2 top-2"
          }`}
          data-testid="media-video-duration"
        >
          {formatDuration(duration)}
        </span>
      ) : null}
    </div>
  );
}
