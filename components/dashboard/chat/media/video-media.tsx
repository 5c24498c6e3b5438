"use client";

import type { MediaFileDto } from "@/lib/telegram/dto";
import { fitBox } from "./format";

/**
 * A video (or a round video message): its poster from the thumbnail, the browser's own
 * player on demand. Nothing is downloaded until it is played (preload "none"); seeking
 * asks the media route for byte ranges.
 */
export function VideoMedia({ file, round, label }: { file: MediaFileDto; round: boolean; label: string }) {
  const box = round ? { width: 240, height: 240 } : fitBox(file.width, file.height, 320, 360);
  return (
    <video
      src={file.url}
      poster={file.thumbUrl ?? file.placeholder ?? undefined}
      controls
      preload="none"
      playsInline
      aria-label={label}
      width={box.width}
      height={box.height}
      className={`mb-1 max-w-full bg-slate-900 object-cover ${round ? "rounded-full" : "rounded-xl"}`}
      style={{ aspectRatio: `${box.width} / ${box.height}` }}
      data-testid={round ? "media-round" : "media-video"}
    />
  );
}
