"use client";

import { useTranslations } from "next-intl";

import type { MediaFileDto } from "@/lib/telegram/dto";

/**
 * A sticker: a static (WebP) one as itself; an animated (TGS) or video (WebM) one as its
 * still thumbnail, as the app has no Lottie player (the issue accepts that; the alt text
 * says so). Without either, its emoji. The box is fixed, so nothing moves when it loads.
 */
export function StickerMedia({
  file,
  emoji,
  label,
}: {
  file: MediaFileDto | null;
  emoji: string | null;
  label: string;
}) {
  const t = useTranslations("dashboard.chat.file");
  const src = file ? (file.animated ? file.thumbUrl : file.size > 0 ? file.url : file.thumbUrl) : null;
  if (!src) {
    return (
      <span role="img" aria-label={label} className="mb-1 block text-6xl leading-none" data-testid="media-sticker">
        {emoji ?? "🖼"}
      </span>
    );
  }
  const name = file?.animated ? t("animatedSticker") : label;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a private, cookie-authenticated route; next/image would proxy it
    <img
      src={src}
      alt={emoji ? `${name} ${emoji}` : name}
      title={file?.animated ? t("animatedSticker") : undefined}
      width={160}
      height={160}
      loading="lazy"
      className="mb-1 size-40 object-contain"
      data-testid="media-sticker"
      data-animated={file?.animated ? "true" : "false"}
    />
  );
}
