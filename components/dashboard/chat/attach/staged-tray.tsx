import { useLocale, useTranslations } from "next-intl";

import { canSendAsPhoto, uploadSizeProblem } from "@/lib/telegram/limits";
import { formatSize } from "./format-size";
import type { StagedFile, StagedFiles } from "./use-staged-files";

/** Why a staged file cannot be sent, worded; null when it can. `maxBytes` null: not known yet. */
export function useStagedProblem(maxBytes: number | null): (item: StagedFile) => string | null {
  const t = useTranslations("attach");
  const locale = useLocale();
  return (item) => {
    const problem = uploadSizeProblem(item.file.size, maxBytes ?? Number.MAX_SAFE_INTEGER);
    if (!problem) return null;
    if (problem.kind === "empty") return t("empty", { name: item.name });
    return t("tooBig", { name: item.name, max: formatSize(problem.maxBytes, locale) });
  };
}

/** The files about to be sent: a thumbnail or name and size each, remove one, "send as file" for images. */
export function StagedTray({ files, maxBytes }: { files: StagedFiles; maxBytes: number | null }) {
  const t = useTranslations("attach");
  const locale = useLocale();
  const problemOf = useStagedProblem(maxBytes);
  const { staged, remove, asFile, setAsFile } = files;
  if (staged.length === 0) return null;
  const anyPhoto = staged.some((item) => canSendAsPhoto({ size: item.file.size, mimeType: item.file.type }));
  return (
    <section aria-label={t("tray")} className="mx-auto mb-2 max-w-3xl" data-testid="staged-files">
      <ul className="flex gap-2 overflow-x-auto pb-1">
        {staged.map((item) => {
          const problem = problemOf(item);
          return (
            <li
              key={item.id}
              data-testid="staged-file"
              data-name={item.name}
              className={`relative flex w-36 shrink-0 flex-col rounded-xl p-1.5 ring-1 ${problem ? "bg-rose-50 ring-rose-300" : "bg-slate-50 ring-slate-200"}`}
            >
              {item.previewUrl ? (
                // An object URL of the person's own file: next/image cannot optimise it.
                // eslint-disable-next-line @next/next/no-img-element
                <img
                  src={item.previewUrl}
                  alt={t("preview", { name: item.name })}
                  className="h-20 w-full rounded-lg object-cover"
                />
              ) : (
                <div
                  aria-hidden="true"
                  className="flex h-20 w-full items-center justify-center rounded-lg bg-white text-xs font-semibold uppercase text-slate-500"
                >
                  {item.name.includes(".") ? item.name.split(".").pop()!.slice(0, 5) : "file"}
                </div>
              )}
              <p className="mt-1 truncate text-xs font-medium text-slate-800" title={item.name}>
                {item.name}
              </p>
              <p className="text-[11px] text-slate-500">{formatSize(item.file.size, locale)}</p>
              {problem ? (
                <p role="alert" className="mt-0.5 text-[11px] leading-tight text-rose-700" data-testid="staged-problem">
                  {problem}
                </p>
              ) : null}
              <button
                type="button"
                onClick={() => remove(item.id)}
                aria-label={t("remove", { name: item.name })}
                title={t("remove", { name: item.name })}
                data-testid="staged-remove"
                className="absolute right-1 top-1 inline-flex size-6 items-center justify-center rounded-full bg-slate-900/70 text-white hover:bg-slate-900 focus-visible:ring-2 focus-visible:ring-brand-500"
              >
                <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5">
                  <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
                </svg>
              </button>
            </li>
          );
        })}
      </ul>
      <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 px-1 text-xs text-slate-600">
        <span data-testid="staged-count">{t("count", { count: staged.length })}</span>
        {anyPhoto ? (
          <label className="inline-flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={asFile}
              onChange={(event) => setAsFile(event.target.checked)}
              data-testid="send-as-file"
              className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
            />
            {t("sendAsFile")}
          </label>
        ) : null}
      </div>
    </section>
  );
}
