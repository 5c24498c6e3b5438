import { useTranslations } from "next-intl";

import type { MessageDto } from "@/lib/telegram/dto";
import { useWording } from "../use-wording";
import { LinkedText } from "./linked-text";
import { MessageMedia, hasMediaView } from "./media/message-media";

/** The date above the first message of each day; sticks while its day scrolls by. */
export function DaySeparator({ label }: { label: string }) {
  return (
    <div className="sticky top-0 z-10 my-2 flex justify-center" data-testid="day-separator">
      <span
        className="rounded-full bg-white/90 px-3 py-1 text-xs font-medium text-slate-600 shadow-sm ring-1 ring-slate-200 backdrop-blur"
        suppressHydrationWarning
      >
        {label}
      </span>
    </div>
  );
}

/** One message, or a centred line for a service message (joins, renames, calls). */
export function MessageBubble({ message, showSender }: { message: MessageDto; showSender: boolean }) {
  const t = useTranslations("dashboard.chat");
  const wording = useWording();
  if (message.service) {
    return (
      <div className="my-1 flex justify-center" data-testid="service-message">
        <span className="rounded-full bg-slate-200/70 px-3 py-1 text-xs text-slate-700">
          {wording.service(message)}
        </span>
      </div>
    );
  }
  return (
    <div
      className={`flex ${message.out ? "justify-end" : "justify-start"}`}
      data-testid="message"
      data-id={message.id}
      data-out={message.out}
    >
      <div
        className={`max-w-[85%] rounded-2xl px-3.5 py-2 text-[15px] leading-snug shadow-sm sm:max-w-[70%] ${
          message.out
            ? "rounded-br-md bg-brand-500 text-white"
            : "rounded-bl-md bg-white text-slate-900 ring-1 ring-slate-200"
        }`}
      >
        {showSender && message.senderName ? (
          <p className="mb-0.5 text-xs font-semibold text-brand-700" data-testid="message-sender">
            {message.senderName}
          </p>
        ) : null}
        {hasMediaView(message) ? (
          <MessageMedia message={message} />
        ) : message.media ? (
          <p
            className={`mb-1 inline-flex items-center gap-1.5 rounded-lg px-2 py-1 text-xs font-medium ${message.out ? "bg-white/15" : "bg-slate-100 text-slate-700"}`}
            data-testid="message-media"
          >
            <MediaIcon />
            {wording.media(message.media)}
          </p>
        ) : null}
        {message.text ? (
          <p className="whitespace-pre-wrap break-words" data-testid="message-text">
            <LinkedText text={message.text} />
          </p>
        ) : null}
        <p
          className={`mt-0.5 flex items-center justify-end gap-1 text-[11px] ${message.out ? "text-white/75" : "text-slate-400"}`}
        >
          {message.editDate ? <span>{t("edited")}</span> : null}
          <time dateTime={new Date(message.date * 1000).toISOString()} suppressHydrationWarning>
            {wording.clock(message.date)}
          </time>
          {message.out ? <Ticks read={Boolean(message.read)} label={message.read ? t("read") : t("sent")} /> : null}
        </p>
      </div>
    </div>
  );
}

function Ticks({ read, label }: { read: boolean; label: string }) {
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox="0 0 20 12"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      className="h-3 w-4"
      data-testid={read ? "tick-read" : "tick-sent"}
    >
      <title>{label}</title>
      <path d="M1 6.5 4.5 10 11 2" strokeLinecap="round" strokeLinejoin="round" />
      {read ? <path d="M8 9.5 8.5 10 15 2" strokeLinecap="round" strokeLinejoin="round" /> : null}
    </svg>
  );
}

function MediaIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5">
      <path d="M15.6 2.9a3.5 3.5 0 0 0-4.95 0L4.4 9.15a5 5 0 0 0 7.07 7.07l4.6-4.6a.75.75 0 1 0-1.06-1.06l-4.6 4.6a3.5 3.5 0 0 1-4.95-4.95l6.25-6.25a2 2 0 0 1 2.83 2.83l-6.26 6.25a.5.5 0 0 1-.7-.7l5.72-5.73a.75.75 0 0 0-1.06-1.06L6.5 11.28a2 2 0 0 0 2.83 2.83l6.26-6.26a3.5 3.5 0 0 0 0-4.95Z" />
    </svg>
  );
}
