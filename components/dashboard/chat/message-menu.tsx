import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

import type { MessageDto } from "@/lib/telegram/dto";

/** What can be done with a message; each is offered only where it may be done. */
export interface MessageActionHandlers {
  onReply: (message: MessageDto) => void;
  onEdit: (message: MessageDto) => void;
  onForward: (message: MessageDto) => void;
  onDelete: (message: MessageDto) => void;
  /** Whether this message may be deleted here (e.g. someone else's channel post may not). */
  canDelete: (message: MessageDto) => boolean;
}

/** Telegram lets one edit one's messages for 48 hours. */
const EDIT_WINDOW_SECONDS = 48 * 3600;

function canEditMessage(message: MessageDto, nowSeconds: number): boolean {
  return message.out && !message.service && nowSeconds - message.date < EDIT_WINDOW_SECONDS;
}

/**
 * The "⋯" button beside a bubble and its menu. A real button (Tab reaches it, Enter or
 * Space opens it); in the menu ↑ ↓ Home End move, Enter chooses, Esc or Tab closes and
 * focus goes back to the button.
 */
export function MessageMenu({ message, handlers }: { message: MessageDto; handlers: MessageActionHandlers }) {
  const t = useTranslations("messageActions");
  const [open, setOpen] = useState(false);
  // When the menu opened (unix seconds): whether "Edit" is still offered is decided then.
  const [openedAt, setOpenedAt] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  const items: Array<{ key: string; label: string; run: () => void }> = [
    { key: "reply", label: t("reply"), run: () => handlers.onReply(message) },
    ...(canEditMessage(message, openedAt)
      ? [{ key: "edit", label: t("edit"), run: () => handlers.onEdit(message) }]
      : []),
    { key: "forward", label: t("forward"), run: () => handlers.onForward(message) },
    ...(handlers.canDelete(message)
      ? [{ key: "delete", label: t("delete"), run: () => handlers.onDelete(message) }]
      : []),
  ];

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(list.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === "Tab") close(false);
  };

  return (
    <div className="relative self-center">
      <button
        ref={button}
        type="button"
        aria-label={t("menu")}
        title={t("menu")}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => {
          setOpenedAt(Math.floor(Date.now() / 1000));
          setOpen((value) => !value);
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpenedAt(Math.floor(Date.now() / 1000));
            setOpen(true);
          }
        }}
        data-testid="message-menu-button"
        className={`rounded-full p-1 text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none group-hover:opacity-100 ${open ? "opacity-100" : "opacity-0"}`}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
          <path d="M4 10a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Zm7.5 0a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0ZM19 10a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Z" />
        </svg>
      </button>
      {open ? (
        <div
          ref={menu}
          id={id}
          role="menu"
          aria-label={t("menu")}
          onKeyDown={onMenuKey}
          data-testid="message-menu"
          className={`absolute top-full z-20 mt-1 min-w-36 rounded-xl bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200 ${message.out ? "right-0" : "left-0"}`}
        >
          {items.map((item) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              tabIndex={-1}
              data-testid={`message-action-${item.key}`}
              onClick={() => {
                close(false);
                item.run();
              }}
              className={`block w-full px-3 py-1.5 text-left hover:bg-slate-100 focus:bg-slate-100 focus:outline-none ${item.key === "delete" ? "text-rose-700" : "text-slate-800"}`}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
