"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

import type { MediaFileDto } from "@/lib/telegram/dto";
import { useChatPhotos } from "./chat-photos";
import { fitBox, markIfComplete } from "./format";

/**
 * A photo in a bubble: the box has the photo's proportions from the message itself, and
 * Telegram's stripped thumbnail fills it blurred until the preview arrives, so nothing
 * below moves when it does. A click (or Enter) opens the full-size viewer.
 */
export function PhotoMedia({ messageId, file, caption }: { messageId: number; file: MediaFileDto; caption: string }) {
  const t = useTranslations("dashboard.chat.viewer");
  const photos = useChatPhotos();
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  const box = fitBox(file.width, file.height, 320, 360);
  return (
    <button
      type="button"
      onClick={() => photos?.open(messageId)}
      aria-label={t("open")}
      className="relative mb-1 block max-w-full overflow-hidden rounded-xl bg-slate-200 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }}
      data-testid="media-photo"
    >
      {file.placeholder ? (
        // eslint-disable-next-line @next/next/no-img-element -- a private, cookie-authenticated route; next/image would proxy it
        <img
          src={file.placeholder}
          alt=""
          aria-hidden="true"
          className="absolute inset-0 size-full scale-110 object-cover blur-md"
          data-testid="media-photo-placeholder"
        />
      ) : null}
      {failed ? (
        <span className="absolute inset-0 flex items-center justify-center text-xs text-slate-600">
          {t("unavailable")}
        </span>
      ) : (
        // eslint-disable-next-line @next/next/no-img-element -- a private, cookie-authenticated route; next/image would proxy it
        <img
          src={file.thumbUrl ?? file.url}
          alt={caption || t("photo")}
          width={box.width}
          height={box.height}
          loading="lazy"
          decoding="async"
          ref={markIfComplete(setLoaded)}
          onLoad={() => setLoaded(true)}
          onError={() => setFailed(true)}
          className={`absolute inset-0 size-full object-cover transition-opacity ${loaded ? "opacity-100" : "opacity-0"}`}
          data-testid="media-photo-image"
          data-loaded={loaded}
        />
      )}
    </button>
  );
}
