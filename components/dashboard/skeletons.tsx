import { useTranslations } from "next-intl";

import { Card } from "@/components/ui/card";
import type { DialogDto } from "@/lib/telegram/dto";
import { ChatHeader } from "./chat/chat-header";

/** Placeholders in the shape of the content, so pages do not jump when data arrives. */
export function ChatListSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Card as="div" className="min-h-0 flex-1 overflow-hidden" aria-hidden="true">
      <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div className="h-5 w-24 animate-pulse rounded bg-slate-200" />
        <div className="h-9 w-56 max-w-[60%] animate-pulse rounded-lg bg-slate-100" />
      </div>
      <ul className="divide-y divide-slate-100">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="flex items-center gap-3 px-5 py-3">
            <div className="size-12 animate-pulse rounded-full bg-slate-200" />
            <div className="flex-1 space-y-2">
              <div className="h-4 animate-pulse rounded bg-slate-200" style={{ width: `${40 + ((i * 17) % 35)}%` }} />
              <div className="h-3 animate-pulse rounded bg-slate-100" style={{ width: `${55 + ((i * 23) % 30)}%` }} />
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function ProfileSkeleton() {
  return (
    <Card as="div" className="flex shrink-0 items-center gap-3 px-4 py-3" aria-hidden="true">
      <div className="size-12 animate-pulse rounded-full bg-slate-200" />
      <div className="flex-1 space-y-2">
        <div className="h-4 w-40 max-w-full animate-pulse rounded bg-slate-200" />
        <div className="h-3 w-24 animate-pulse rounded bg-slate-100" />
      </div>
    </Card>
  );
}

export function ChatSkeleton() {
  return (
    <Card as="div" className="flex flex-1 flex-col gap-3 p-5" aria-hidden="true">
      <div className="flex items-center gap-3 border-b border-slate-100 pb-4">
        <div className="size-10 animate-pulse rounded-full bg-slate-200" />
        <div className="h-5 w-40 animate-pulse rounded bg-slate-200" />
      </div>
      {Array.from({ length: 7 }, (_, i) => (
        <div key={i} className={`flex ${i % 3 === 0 ? "justify-end" : ""}`}>
          <div className="h-10 animate-pulse rounded-2xl bg-slate-100" style={{ width: `${30 + ((i * 19) % 40)}%` }} />
        </div>
      ))}
    </Card>
  );
}

/**
 * A chat whose peer is known but whose history is still on its way (a slow Telegram): the
 * real header, so the person sees where they are and can go back, and placeholder bubbles.
 */
export function ChatHistorySkeleton({ peer }: { peer: DialogDto }) {
  const t = useTranslations("dashboard.chat");
  return (
    <Card
      as="div"
      className="flex min-h-0 flex-1 flex-col overflow-hidden"
      aria-labelledby="chat-title"
      aria-busy="true"
      data-testid="chat-skeleton"
    >
      <ChatHeader peer={peer} />
      <div className="flex flex-1 flex-col justify-end gap-3 p-4" role="status">
        <span className="sr-only">{t("loadingHistory")}</span>
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className={`flex ${i % 3 === 0 ? "justify-end" : ""}`} aria-hidden="true">
            <div
              className="h-10 animate-pulse rounded-2xl bg-slate-100"
              style={{ width: `${30 + ((i * 19) % 40)}%` }}
            />
          </div>
        ))}
      </div>
    </Card>
  );
}
