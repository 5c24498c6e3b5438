import { useTranslations } from "next-intl";

import { useApiErrorMessage } from "@/lib/client/api-errors";
import type { PendingMessage } from "@/lib/client/hooks/use-send-message";

/** A message on its way; when it failed, why (worded by code) and a retry. */
export function PendingBubble({
  item,
  onRetry,
  onDiscard,
}: {
  item: PendingMessage;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const t = useTranslations("dashboard.chat");
  const apiErrorMessage = useApiErrorMessage();
  const failed = item.status === "failed";
  return (
    <div className="flex flex-col items-end" data-testid="pending-message" data-status={item.status}>
      <div
        className={`max-w-[85%] rounded-2xl rounded-br-md px-3.5 py-2 text-[15px] leading-snug shadow-sm sm:max-w-[70%] ${failed ? "bg-rose-50 text-rose-900 ring-1 ring-rose-200" : "bg-brand-500/70 text-white"}`}
      >
        <p className="whitespace-pre-wrap break-words">{item.text}</p>
        <p className="mt-0.5 text-right text-[11px] opacity-75">{failed ? t("failed") : t("sending")}</p>
      </div>
      {failed ? (
        <div className="mt-1 flex items-center gap-2 text-xs text-rose-700">
          {item.error ? <span>{apiErrorMessage(item.error)}</span> : null}
          <button
            type="button"
            onClick={onRetry}
            className="rounded-md px-2 py-0.5 font-semibold underline-offset-2 hover:underline"
            data-testid="retry-send"
          >
            {t("retry")}
          </button>
          <button
            type="button"
            onClick={onDiscard}
            className="rounded-md px-2 py-0.5 font-semibold underline-offset-2 hover:underline"
            data-testid="discard-send"
          >
            {t("discard")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
