"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";

import type { DialogDto } from "@/lib/telegram/dto";
import { Avatar } from "../avatar";
import { useWording } from "../use-wording";

/** Back to the list (on a phone; beside the list there is nothing to go back to), who this chat is with, and their status. */
export function ChatHeader({ peer, actions }: { peer: DialogDto; actions?: ReactNode }) {
  const t = useTranslations("dashboard.chat");
  const status = usePeerStatus(peer);
  return (
    <header className="flex items-center gap-3 border-b border-slate-100 px-3 py-2.5 sm:px-4">
      <Link
        href="/telegram/dashboard"
        className="inline-flex size-9 shrink-0 items-center justify-center rounded-full text-slate-500 hover:bg-slate-100 hover:text-slate-900 lg:hidden"
        aria-label={t("back")}
        title={t("back")}
        data-testid="chat-back"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
          <path
            fillRule="evenodd"
            d="M12.8 4.2a.75.75 0 0 1 0 1.06L8.06 10l4.74 4.74a.75.75 0 1 1-1.06 1.06l-5.27-5.27a.75.75 0 0 1 0-1.06l5.27-5.27a.75.75 0 0 1 1.06 0Z"
            clipRule="evenodd"
          />
        </svg>
      </Link>
      <Avatar src={peer.avatarUrl} initials={peer.initials} seed={peer.peerId} size="sm" />
      <div className="min-w-0">
        <h1 id="chat-title" className="truncate font-semibold text-slate-900" data-testid="chat-header-title">
          {peer.title}
        </h1>
        {status ? (
          <p
            className={`truncate text-xs ${status.online ? "text-brand-600" : "text-slate-500"}`}
            data-testid="chat-peer-status"
            suppressHydrationWarning
          >
            {status.text}
          </p>
        ) : peer.username ? (
          <p className="truncate text-xs text-slate-500">@{peer.username}</p>
        ) : null}
      </div>
      {actions}
    </header>
  );
}

/** Worded as Telegram words it: "online", "last seen recently", "1,204 members". */
function usePeerStatus(peer: DialogDto): { text: string; online: boolean } | null {
  const t = useTranslations("dashboard");
  const wording = useWording();
  if (peer.kind === "user") {
    const status = peer.status;
    if (!status) return null;
    if (status.kind === "offline" && status.at) {
      return { text: t("contacts.status.offline", { time: wording.relative(status.at) }), online: false };
    }
    return { text: t(`contacts.status.${status.kind}`), online: status.kind === "online" };
  }
  if (typeof peer.members !== "number") return null;
  return {
    text: t(peer.kind === "channel" ? "chat.subscribers" : "chat.members", { count: peer.members }),
    online: false,
  };
}
