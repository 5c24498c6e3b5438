"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";

import { useDownloadStatus } from "@/lib/client/hooks/use-download-status";
import type { MediaFileDto } from "@/lib/telegram/dto";
import { downloadUrlOf, formatBytes, markIfComplete, opensInBrowser } from "./format";

/** What the icon says: the extension in capitals, or a word for the MIME type. */
function badgeOf(file: MediaFileDto): string {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(file.name ?? "")?.[1];
  if (extension) return extension.toUpperCase();
  const sub = file.mimeType.split("/")[1] ?? "";
  return (sub.split(/[.+-]/)[0] ?? "").slice(0, 4).toUpperCase() || "FILE";
}

function badgeColour(file: MediaFileDto): string {
  if (file.mimeType === "application/pdf") return "bg-rose-600";
  if (file.mimeType.startsWith("image/")) return "bg-emerald-600";
  if (/word|document|rtf/.test(file.mimeType)) return "bg-sky-600";
  if (/sheet|excel|csv/.test(file.mimeType)) return "bg-green-700";
  if (/zip|rar|7z|tar|gzip/.test(file.mimeType)) return "bg-amber-600";
  return "bg-slate-500";
}

/** The preview's box: the thumbnail's proportions (a page, a frame) inside 72×72, from the message. */
function previewBox(file: MediaFileDto): { width: number; height: number } {
  const w = file.thumbWidth ?? 1;
  const h = file.thumbHeight ?? 1;
  const scale = 72 / Math.max(w, h);
  return { width: Math.max(24, Math.round(w * scale)), height: Math.max(24, Math.round(h * scale)) };
}

/**
 * Telegram's thumbnail of the document (a PDF's first page, say) in place of the badge: its
 * box has the size the message gives, the stripped thumbnail fills it blurred until the image
 * arrives, and a thumbnail that fails to load leaves the badge.
 */
function DocumentPreview({ file }: { file: MediaFileDto }) {
  const [loaded, setLoaded] = useState(false);
  const [failed, setFailed] = useState(false);
  if (!file.thumbUrl || failed) return <Badge file={file} />;
  const box = previewBox(file);
  return (
    <span
      aria-hidden="true"
      className="relative block shrink-0 overflow-hidden rounded-md bg-white ring-1 ring-black/10"
      style={{ width: box.width, height: box.height }}
      data-testid="media-document-preview"
    >
      {file.placeholder ? (
        // eslint-disable-next-line @next/next/no-img-element -- an inline data: URL
        <img src={file.placeholder} alt="" className="absolute inset-0 size-full scale-110 object-cover blur-sm" />
      ) : null}
      {/* eslint-disable-next-line @next/next/no-img-element -- a private, cookie-authenticated route; next/image would proxy it */}
      <img
        src={file.thumbUrl}
        alt=""
        width={box.width}
        height={box.height}
        loading="lazy"
        decoding="async"
        ref={markIfComplete(setLoaded)}
        onLoad={() => setLoaded(true)}
        onError={() => setFailed(true)}
        className={`absolute inset-0 size-full object-cover transition-opacity ${loaded ? "opacity-100" : "opacity-0"}`}
        data-testid="media-document-thumb"
        data-loaded={loaded}
      />
    </span>
  );
}

function Badge({ file }: { file: MediaFileDto }) {
  return (
    <span
      aria-hidden="true"
      className={`flex size-10 shrink-0 items-center justify-center rounded-lg text-[10px] font-bold text-white ${badgeColour(file)}`}
    >
      {badgeOf(file)}
    </span>
  );
}

/**
 * A document: its thumbnail or a type badge, name, size, and Download (the browser's own download, with its
 * progress in the downloads bar: the site's service worker gives it the total, which the
 * server cannot send; docs/decisions/download-progress-worker.md). While that worker is in
 * charge, the bubble also says whether the download started. PDFs and images also open in
 * the browser's viewer in a new tab.
 */
export function DocumentMedia({ file, out }: { file: MediaFileDto; out: boolean }) {
  const t = useTranslations("dashboard.chat.file");
  const locale = useLocale();
  const name = file.name ?? t("unnamed");
  const downloadUrl = downloadUrlOf(file.url);
  const download = useDownloadStatus(downloadUrl);
  const link = `rounded-md px-2 py-1 text-xs font-semibold underline-offset-2 hover:underline focus-visible:outline focus-visible:outline-2 ${
    out ? "text-white focus-visible:outline-white" : "text-brand-700 focus-visible:outline-brand-600"
  }`;
  return (
    <div
      className={`mb-1 flex min-w-0 max-w-xs items-center gap-3 rounded-xl p-2 ${out ? "bg-white/15" : "bg-slate-100"}`}
      data-testid="media-document"
    >
      <DocumentPreview file={file} />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium" title={name} data-testid="media-document-name">
          {name}
        </p>
        <p className={`text-xs ${out ? "text-white/75" : "text-slate-500"}`} data-testid="media-document-size">
          {formatBytes(file.size, locale)}
        </p>
        <p className="-ml-2 mt-0.5 flex gap-1">
          <a
            href={downloadUrl}
            // With the worker in charge this must be a navigation: Chromium sends `download`
            // links past it. The server's Content-Disposition names the file either way.
            download={download.viaWorker ? undefined : name}
            onClick={download.onClick}
            aria-busy={download.status === "starting"}
            className={link}
            data-testid="media-download"
          >
            {t("download")}
          </a>
          {opensInBrowser(file.mimeType) ? (
            <a href={file.url} target="_blank" rel="noopener" className={link} data-testid="media-open">
              {t("open")}
            </a>
          ) : null}
        </p>
        <p
          role="status"
          className={`text-xs ${download.status === "failed" ? (out ? "font-semibold text-white" : "text-red-700") : out ? "text-white/75" : "text-slate-500"}`}
          data-testid="media-download-status"
          data-state={download.status}
        >
          {download.status === "idle" ? null : t(`downloadStatus.${download.status}`)}
        </p>
      </div>
    </div>
  );
}
