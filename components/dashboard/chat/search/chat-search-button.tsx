import { useTranslations } from "next-intl";

/** The magnifier in the chat header: opens and closes the search in this chat. */
export function ChatSearchButton({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const t = useTranslations("dashboard.search");
  return (
    <button
      type="button"
      onClick={onToggle}
      aria-expanded={open}
      aria-controls="chat-search"
      aria-label={open ? t("close") : t("open")}
      title={open ? t("close") : t("open")}
      data-testid="chat-search-toggle"
      className={`ml-auto inline-flex size-9 shrink-0 items-center justify-center rounded-full hover:bg-slate-100 hover:text-slate-900 ${
        open ? "bg-brand-50 text-brand-700" : "text-slate-500"
      }`}
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
        <path
          fillRule="evenodd"
          d="M9 3.5a5.5 5.5 0 1 0 3.4 9.83l3.64 3.64a.75.75 0 1 0 1.06-1.06l-3.64-3.64A5.5 5.5 0 0 0 9 3.5ZM5 9a4 4 0 1 1 8 0 4 4 0 0 1-8 0Z"
          clipRule="evenodd"
        />
      </svg>
    </button>
  );
}
