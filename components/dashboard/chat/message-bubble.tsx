import { useTranslations } from "next-intl";

import type { MessageDto } from "@/lib/telegram/dto";
import { useWording } from "../use-wording";
import { LinkedText } from "./linked-text";
import { MessageMedia, hasMediaView } from "./media/message-media";
import { MessageMenu, type MessageActionHandlers } from "./message-menu";

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

/**
 * One message, or a centred line for a service message (joins, renames, calls). With
 * `actions`, a menu beside it (reply, edit, forward, delete); `quoted` is the message it
 * replies to when the page has it, and `onQuote` jumps there.
 */
export function MessageBubble({
  message,
  showSender,
  actions,
  quoted,
  onQuote,
}: {
  message: MessageDto;
  showSender: boolean;
  actions?: MessageActionHandlers;
  quoted?: MessageDto;
  onQuote?: (id: number) => void;
}) {
  const t = useTranslations("dashboard.chat");
  const ta = useTranslations("messageActions");
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
      className={`group flex items-start gap-1 ${message.out ? "flex-row-reverse justify-start" : "justify-start"}`}
      data-testid="message"
      data-id={message.id}
      data-out={message.out}
      data-edited={message.editDate ? "true" : undefined}
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
        {message.forward ? (
          <p
            className={`mb-0.5 text-xs font-medium ${message.out ? "text-white/85" : "text-brand-700"}`}
            data-testid="message-forwarded"
          >
            {message.forward.from ? ta("forwardedFrom", { name: message.forward.from }) : ta("forwarded")}
          </p>
        ) : null}
        {message.replyTo ? (
          <ReplyQuote
            out={message.out}
            senderName={quoted?.senderName ?? message.replyTo.senderName}
            text={quoted ? quoteOf(quoted, wording.media) : message.replyTo.text}
            fallback={ta("quotedMessage")}
            label={ta("jumpToQuoted")}
            onClick={onQuote ? () => onQuote(message.replyTo!.id) : undefined}
          />
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
          {message.editDate ? <span data-testid="message-edited">{t("edited")}</span> : null}
          <time dateTime={new Date(message.date * 1000).toISOString()} suppressHydrationWarning>
            {wording.clock(message.date)}
          </time>
          {message.out ? <Ticks read={Boolean(message.read)} label={message.read ? t("read") : t("sent")} /> : null}
        </p>
      </div>
      {actions ? <MessageMenu message={message} handlers={actions} /> : null}
    </div>
  );
}

/** A quoted message's first line, or what its attachment is. */
function quoteOf(message: MessageDto, media: (item: NonNullable<MessageDto["media"]>) => string): string | null {
  const line = message.text.split("\n")[0]!.trim();
  if (line) return line;
  return message.media ? media(message.media) : null;
}

/** The quoted message above a reply; a button that shows the quoted message in the chat. */
function ReplyQuote({
  out,
  senderName,
  text,
  fallback,
  label,
  onClick,
}: {
  out: boolean;
  senderName: string | null;
  text: string | null;
  fallback: string;
  label: string;
  onClick?: () => void;
}) {
  const body = (
    <>
      {senderName ? <span className="block truncate font-semibold">{senderName}</span> : null}
      <span className="block truncate" data-testid="reply-quote-text">
        {text ?? fallback}
      </span>
    </>
  );
  const className = `mb-1 block w-full max-w-full rounded-md border-l-[3px] px-2 py-1 text-left text-xs ${
    out ? "border-white/80 bg-white/15 text-white" : "border-brand-500 bg-brand-50 text-slate-700"
  }`;
  return onClick ? (
    <button type="button" onClick={onClick} title={label} className={className} data-testid="reply-quote">
      {body}
    </button>
  ) : (
    <div className={className} data-testid="reply-quote">
      {body}
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
