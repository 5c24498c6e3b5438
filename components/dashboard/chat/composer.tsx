import { useTranslations } from "next-intl";
import { useLayoutEffect, useRef, useState } from "react";

import { useApiErrorMessage } from "@/lib/client/api-errors";
import type { MessageDto } from "@/lib/telegram/dto";
import { isBlankMessage, MAX_CAPTION_LENGTH, MAX_MESSAGE_LENGTH, messageLength } from "@/lib/telegram/limits";
import { AttachButton } from "./attach/attach-button";
import { StagedTray, useStagedProblem } from "./attach/staged-tray";
import type { StagedFiles } from "./attach/use-staged-files";

/** Files for the composer: the staged ones, the site's size limit, and how to send them. */
export interface ComposerAttachments {
  files: StagedFiles;
  /** Largest file the site takes; null while not known (the server checks again anyway). */
  maxBytes: number | null;
  onSendFiles: (files: { file: File; name: string }[], caption: string, asFile: boolean) => void;
}

/** Replying to a message, or editing one's own (the box then holds its text). */
export interface ComposerMode {
  kind: "reply" | "edit";
  message: MessageDto;
  /** Whom the reply goes to, as the bar names them. */
  name: string;
}

/**
 * The message box: Enter sends, Shift+Enter breaks the line, grows to a few lines. With
 * files attached (button, drop, paste) the text becomes their caption. In a `mode` a bar
 * above says what is replied to or edited; Esc (or ×) leaves it, and in edit mode Enter
 * saves through `onSaveEdit` (remount the composer per edited message: it starts with
 * that message's text).
 */
export function Composer({
  onSend,
  attach,
  mode = null,
  onCancelMode,
  onSaveEdit,
}: {
  onSend: (text: string) => void;
  attach?: ComposerAttachments;
  mode?: ComposerMode | null;
  onCancelMode?: () => void;
  onSaveEdit?: (text: string) => Promise<void>;
}) {
  const t = useTranslations("dashboard.chat");
  const ta = useTranslations("attach");
  const tm = useTranslations("messageActions");
  const apiErrorMessage = useApiErrorMessage();
  const editing = mode?.kind === "edit";
  const [text, setText] = useState(editing ? mode.message.text : "");
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const staged = attach?.files.staged ?? [];
  const withFiles = staged.length > 0;
  const problemOf = useStagedProblem(attach?.maxBytes ?? null);
  const blocked = staged.some((item) => problemOf(item) !== null);
  // Counted as Telegram counts (UTF-16 units), so an emoji-heavy text is flagged before sending.
  const limit = withFiles ? MAX_CAPTION_LENGTH : MAX_MESSAGE_LENGTH;
  const tooLong = messageLength(text) > limit;
  const canSend = (withFiles ? !blocked && !tooLong : !isBlankMessage(text) && !tooLong) && !saving;

  // Grow with the text up to a few lines.
  useLayoutEffect(() => {
    const node = area.current;
    if (!node) return;
    node.style.height = "auto";
    node.style.height = `${Math.min(node.scrollHeight, 160)}px`;
  }, [text]);

  const submit = () => {
    if (!canSend) return;
    if (editing && onSaveEdit) {
      if (text === mode.message.text) return onCancelMode?.();
      setSaving(true);
      setSaveError(null);
      onSaveEdit(text).then(
        () => setSaving(false),
        (error: unknown) => {
          setSaving(false);
          setSaveError(error);
        },
      );
      return;
    }
    if (attach && withFiles) {
      attach.onSendFiles(
        staged.map(({ file, name }) => ({ file, name })),
        isBlankMessage(text) ? "" : text,
        attach.files.asFile,
      );
      attach.files.clear();
    } else {
      onSend(text);
    }
    setText("");
    area.current?.focus();
  };

  return (
    <form
      className="border-t border-slate-100 bg-white px-3 py-3 sm:px-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {mode ? (
        <div
          className="mx-auto mb-2 flex max-w-3xl items-center gap-2 rounded-lg border-l-[3px] border-brand-500 bg-brand-50 px-3 py-1.5 text-sm"
          data-testid="composer-mode"
          data-kind={mode.kind}
        >
          <div className="min-w-0 flex-1">
            <p className="font-semibold text-brand-700">
              {editing ? tm("editing") : tm("replyingTo", { name: mode.name })}
            </p>
            <p className="truncate text-slate-600">{mode.message.text.split("\n")[0]}</p>
            {saveError ? (
              <p role="alert" className="text-xs text-rose-700" data-testid="composer-mode-error">
                {apiErrorMessage(saveError)}
              </p>
            ) : null}
          </div>
          <button
            type="button"
            onClick={onCancelMode}
            aria-label={tm("cancel")}
            title={tm("cancel")}
            data-testid="composer-mode-cancel"
            className="rounded-full p-1 text-slate-500 hover:bg-white hover:text-slate-800"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
              <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
            </svg>
          </button>
        </div>
      ) : null}
      {attach ? <StagedTray files={attach.files} maxBytes={attach.maxBytes} /> : null}
      <div className="mx-auto flex max-w-3xl items-end gap-2">
        {attach ? <AttachButton onFiles={(files) => attach.files.add(files)} /> : null}
        <label className="min-w-0 flex-1">
          <span className="sr-only">{t("composerLabel")}</span>
          <textarea
            ref={area}
            rows={1}
            value={text}
            autoFocus
            onChange={(event) => setText(event.target.value)}
            onPaste={(event) => {
              // A pasted image (a screenshot, a copied picture) is attached; pasted text stays text.
              const images = Array.from(event.clipboardData.files).filter((file) => file.type.startsWith("image/"));
              if (!attach || images.length === 0) return;
              event.preventDefault();
              attach.files.add(images, { pasted: true });
            }}
            onKeyDown={(event) => {
              if (event.key === "Escape" && mode && onCancelMode) {
                event.preventDefault();
                onCancelMode();
                return;
              }
              // Enter sends; Shift+Enter is a new line; an IME composing text keeps Enter.
              if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              }
            }}
            placeholder={
              // Several files go as several messages; the caption is sent with the first (use-send-files).
              withFiles
                ? ta(staged.length > 1 ? "captionPlaceholderMany" : "captionPlaceholder")
                : t("composerPlaceholder")
            }
            aria-describedby="composer-hint"
            aria-invalid={tooLong}
            data-testid="composer"
            className="block max-h-40 w-full resize-none rounded-xl border-0 bg-slate-100 px-4 py-2.5 text-[15px] text-slate-900 placeholder:text-slate-500 focus:bg-white focus:ring-2 focus:ring-brand-500"
          />
        </label>
        <button
          type="submit"
          disabled={!canSend}
          data-testid="send"
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-brand-500 text-white shadow-sm hover:bg-brand-600 disabled:bg-slate-300"
          aria-label={editing ? tm("save") : t("send")}
          title={editing ? tm("save") : t("send")}
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
            <path d="M3.1 2.3a.75.75 0 0 0-1 .9l1.9 6.05H11a.75.75 0 0 1 0 1.5H4l-1.9 6.05a.75.75 0 0 0 1 .9l15-7.25a.75.75 0 0 0 0-1.35l-15-6.8Z" />
          </svg>
        </button>
      </div>
      <p
        id="composer-hint"
        className={`mx-auto mt-1.5 max-w-3xl px-1 text-xs ${tooLong ? "text-rose-600" : "text-slate-400"}`}
      >
        {tooLong
          ? withFiles
            ? ta("captionTooLong", { max: MAX_CAPTION_LENGTH })
            : t("tooLong", { max: MAX_MESSAGE_LENGTH })
          : editing
            ? tm("cancelHint")
            : t("composerHint")}
      </p>
    </form>
  );
}
