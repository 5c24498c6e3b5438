"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";

import type { MediaFileDto } from "@/lib/telegram/dto";
import { downloadUrlOf } from "./format";

export interface ViewerPhoto {
  messageId: number;
  file: MediaFileDto;
  caption: string;
}

/**
 * The full-size photo over the page, on a modal <dialog>: the page behind is inert (focus
 * stays inside), Esc closes, ← and → move through the chat's photos, and focus goes back
 * to the thumbnail that opened it.
 */
export function PhotoViewer({
  photos,
  index,
  onMove,
  onClose,
}: {
  photos: ViewerPhoto[];
  index: number;
  onMove: (index: number) => void;
  onClose: () => void;
}) {
  const t = useTranslations("dashboard.chat.viewer");
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const photo = photos[index]!;

  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    opener.current = document.activeElement;
    node.showModal();
    node.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => {
      if (node.open) node.close();
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, []);

  const previous = index > 0 ? index - 1 : null;
  const next = index < photos.length - 1 ? index + 1 : null;

  return (
    <dialog
      ref={ref}
      aria-label={t("title", { index: index + 1, count: photos.length })}
      data-testid="photo-viewer"
      data-message-id={photo.messageId}
      onClose={onClose}
      onKeyDown={(event) => {
        if (event.key === "ArrowLeft" && previous !== null) {
          event.preventDefault();
          onMove(previous);
        } else if (event.key === "ArrowRight" && next !== null) {
          event.preventDefault();
          onMove(next);
        } else if (event.key === "Tab") {
          // Tab past the last control would leave for the browser's own UI; keep it inside.
          const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>("button:not([disabled]), [href]")];
          const first = focusable[0];
          const last = focusable.at(-1);
          if (event.shiftKey && document.activeElement === first) {
            event.preventDefault();
            last?.focus();
          } else if (!event.shiftKey && document.activeElement === last) {
            event.preventDefault();
            first?.focus();
          }
        }
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className="m-0 h-dvh max-h-none w-screen max-w-none bg-slate-950/95 p-0 text-white backdrop:bg-slate-950/80"
    >
      <div className="flex h-full flex-col">
        <div className="flex items-center gap-2 p-3 text-sm">
          <span className="flex-1 text-white/80" data-testid="photo-viewer-position">
            {t("position", { index: index + 1, count: photos.length })}
          </span>
          <a
            href={downloadUrlOf(photo.file.url)}
            download
            className="rounded-lg px-3 py-1.5 hover:bg-white/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-white"
          >
            {t("download")}
          </a>
          <button
            type="button"
            data-autofocus
            onClick={onClose}
            className="rounded-lg px-3 py-1.5 hover:bg-white/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-white"
            data-testid="photo-viewer-close"
          >
            {t("close")}
          </button>
        </div>
        <div className="relative flex min-h-0 flex-1 items-center justify-center px-14 pb-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- a private, cookie-authenticated route; next/image would proxy it */}
          <img
            key={photo.file.url}
            src={photo.file.url}
            alt={photo.caption || t("photo")}
            width={photo.file.width ?? undefined}
            height={photo.file.height ?? undefined}
            className="max-h-full max-w-full object-contain"
            style={
              photo.file.placeholder
                ? { backgroundImage: `url(${photo.file.placeholder})`, backgroundSize: "cover" }
                : undefined
            }
            data-testid="photo-viewer-image"
          />
          <button
            type="button"
            aria-label={t("previous")}
            disabled={previous === null}
            onClick={() => previous !== null && onMove(previous)}
            className="absolute left-2 top-1/2 -translate-y-1/2 rounded-full bg-white/10 p-3 hover:bg-white/20 disabled:opacity-30"
          >
            ‹
          </button>
          <button
            type="button"
            aria-label={t("next")}
            disabled={next === null}
            onClick={() => next !== null && onMove(next)}
            className="absolute right-2 top-1/2 -translate-y-1/2 rounded-full bg-white/10 p-3 hover:bg-white/20 disabled:opacity-30"
          >
            ›
          </button>
        </div>
        {photo.caption ? <p className="px-4 pb-4 text-center text-sm text-white/90">{photo.caption}</p> : null}
      </div>
    </dialog>
  );
}
