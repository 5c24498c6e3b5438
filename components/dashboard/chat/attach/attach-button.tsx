import { useTranslations } from "next-intl";
import { useRef } from "react";

/** The paper clip: a real button (Tab, Enter, Space) that opens the file picker, several files at once. */
export function AttachButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  const t = useTranslations("attach");
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        data-testid="attach"
        aria-label={t("attach")}
        title={t("attach")}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-slate-500 hover:bg-slate-100 hover:text-brand-600 focus-visible:ring-2 focus-visible:ring-brand-500"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
          <path d="M15.6 3.4a3.5 3.5 0 0 0-4.95 0L4.4 9.65a5 5 0 0 0 7.07 7.07l5.3-5.3a.75.75 0 1 0-1.06-1.06l-5.3 5.3a3.5 3.5 0 1 1-4.95-4.95l6.25-6.25a2 2 0 1 1 2.83 2.83l-6.02 6.02a.5.5 0 0 1-.71-.7l5.3-5.3a.75.75 0 0 0-1.06-1.07l-5.3 5.3a2 2 0 0 0 2.83 2.83l6.02-6.02a3.5 3.5 0 0 0 0-4.95Z" />
        </svg>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        data-testid="attach-input"
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          // Cleared so choosing the same file again still fires a change.
          event.currentTarget.value = "";
          onFiles(files);
        }}
      />
    </>
  );
}
