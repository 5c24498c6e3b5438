import { useLocale, useTranslations } from "next-intl";

import { useApiErrorMessage } from "@/lib/client/api-errors";
import type { UploadItem } from "@/lib/client/hooks/use-send-files";
import { formatSize } from "./format-size";

/** A file on its way: name, size, a progress bar and Cancel; when it failed, why, Retry and Discard. */
export function UploadBubble({
  item,
  onCancel,
  onRetry,
}: {
  item: UploadItem;
  onCancel: () => void;
  onRetry: () => void;
}) {
  const t = useTranslations("attach");
  const locale = useLocale();
  const apiErrorMessage = useApiErrorMessage();
  const failed = item.status === "failed";
  const percent = Math.round(item.progress * 100);
  return (
    <div
      className="flex flex-col items-end"
      data-testid="pending-upload"
      data-status={item.status}
      data-name={item.name}
    >
      <div
        className={`w-72 max-w-[85%] rounded-2xl rounded-br-md px-3.5 py-2 text-[15px] leading-snug shadow-sm ${failed ? "bg-rose-50 text-rose-900 ring-1 ring-rose-200" : "bg-brand-500/70 text-white"}`}
      >
        <p className="truncate font-medium" title={item.name}>
          {item.name}
        </p>
        <p className="text-xs opacity-80">{formatSize(item.file.size, locale)}</p>
        {item.caption ? <p className="mt-1 whitespace-pre-wrap break-words">{item.caption}</p> : null}
        {failed ? (
          <p className="mt-0.5 text-right text-[11px] opacity-75">{t("failed")}</p>
        ) : (
          <div className="mt-2 flex items-center gap-2">
            <div
              role="progressbar"
              aria-label={t("uploading", { name: item.name, percent })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              data-testid="upload-progress"
              className="h-1.5 flex-1 overflow-hidden rounded-full bg-white/40"
            >
              <div className="h-full rounded-full bg-white transition-[width]" style={{ width: `${percent}%` }} />
            </div>
            <button
              type="button"
              onClick={onCancel}
              aria-label={t("cancelUpload", { name: item.name })}
              data-testid="cancel-upload"
              className="rounded-md px-1.5 py-0.5 text-xs font-semibold hover:bg-white/20 focus-visible:ring-2 focus-visible:ring-white"
            >
              {t("cancel")}
            </button>
          </div>
        )}
      </div>
      {failed ? (
        <div className="mt-1 flex items-center gap-2 text-xs text-rose-700">
          {item.error ? (
            <span role="alert" data-testid="upload-error">
              {apiErrorMessage(item.error)}
            </span>
          ) : null}
          <button
            type="button"
            onClick={onRetry}
            className="rounded-md px-2 py-0.5 font-semibold underline-offset-2 hover:underline"
            data-testid="retry-upload"
          >
            {t("retry")}
          </button>
          <button
            type="button"
            onClick={onCancel}
            className="rounded-md px-2 py-0.5 font-semibold underline-offset-2 hover:underline"
            data-testid="discard-upload"
          >
            {t("discard")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
