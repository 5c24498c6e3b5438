import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useMemo, useRef, useState } from "react";

import { useApiErrorMessage } from "@/lib/client/api-errors";
import { useChatSearch, useFirstChats } from "@/lib/client/hooks/use-chats";
import { orderDialogs, type ChatsData } from "@/lib/client/cache-updates";
import { queryKeys } from "@/lib/client/query-keys";
import type { DialogDto, MessageDto } from "@/lib/telegram/dto";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Avatar } from "../avatar";
import { deleteScope } from "./delete-scope";
import { useDebounced } from "./search/use-debounced";

/** "Delete this message?" with "Also delete for <name>" where the chat allows it. */
export function DeleteMessageDialog({
  peer,
  message,
  onDelete,
  onClose,
}: {
  peer: DialogDto;
  message: MessageDto | null;
  onDelete: (message: MessageDto, revoke: boolean) => Promise<void>;
  onClose: () => void;
}) {
  const t = useTranslations("messageActions");
  const apiErrorMessage = useApiErrorMessage();
  const [revoke, setRevoke] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const scope = message ? deleteScope(peer, message) : "me";

  const close = () => {
    setRevoke(false);
    setError(null);
    onClose();
  };

  return (
    <ConfirmDialog
      open={message !== null}
      title={t("deleteTitle")}
      confirmLabel={busy ? t("working") : t("deleteConfirm")}
      cancelLabel={t("cancel")}
      testId="delete-message-dialog"
      onCancel={close}
      onConfirm={() => {
        if (!message || busy) return;
        setBusy(true);
        setError(null);
        onDelete(message, scope === "everyone" || (scope === "choice" && revoke)).then(
          () => {
            setBusy(false);
            close();
          },
          (failure: unknown) => {
            setBusy(false);
            setError(failure);
          },
        );
      }}
    >
      <p>{scope === "everyone" ? t("deleteForEveryone") : t("deleteBody")}</p>
      {scope === "choice" ? (
        <label className="mt-3 flex items-center gap-2 text-slate-800">
          <input
            type="checkbox"
            checked={revoke}
            onChange={(event) => setRevoke(event.target.checked)}
            data-testid="delete-revoke"
            className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          />
          {t("deleteAlsoFor", { name: peer.title })}
        </label>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-rose-700" data-testid="delete-error">
          {apiErrorMessage(error)}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}

const SEARCH_DEBOUNCE_MS = 250;
/** Chats shown before anything is typed: the top of the loaded list. */
const RECENT_SHOWN = 50;

/**
 * Picks another chat of the account and forwards the message there. Before anything is
 * typed it offers the top of the loaded chat list; a typed name searches all of the
 * account's chats on the server (debounced), so a chat far down the list is found too.
 * The box is a combobox: ↑ ↓ move through the chats, Enter forwards to the chosen one.
 */
export function ForwardMessageDialog({
  accountId,
  message,
  onForward,
  onClose,
}: {
  accountId: string;
  message: MessageDto | null;
  onForward: (message: MessageDto, to: DialogDto) => Promise<void>;
  onClose: () => void;
}) {
  const t = useTranslations("messageActions");
  const apiErrorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const id = useId();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const open = message !== null;
  const typed = query.replace(/\s+/g, " ").trim();
  const debounced = useDebounced(typed, SEARCH_DEBOUNCE_MS);
  const search = useChatSearch(accountId, open ? debounced : "");
  const loaded = useMemo(() => {
    if (!open) return [];
    const all = queryClient.getQueryData<ChatsData>(queryKeys.chats(accountId))?.pages.flatMap((p) => p.dialogs) ?? [];
    return orderDialogs(all).slice(0, RECENT_SHOWN);
  }, [open, accountId, queryClient]);
  // Where the list is not loaded (on a phone the open chat replaces it) its first page is asked for.
  const first = useFirstChats(accountId, RECENT_SHOWN, open && loaded.length === 0);
  const recent = loaded.length > 0 ? loaded : orderDialogs(first.data?.dialogs ?? []);
  const shown = typed === "" ? (loaded.length > 0 ? null : first) : search;
  // Until the server has answered for what is typed now, no stale list is offered to Enter.
  const settled = typed === debounced;
  const loading = (typed !== "" && !settled) || (shown?.isPending ?? false);
  const failed = !loading && (shown?.isError ?? false);
  const chats = loading || failed ? [] : typed === "" ? recent : (search.data?.dialogs ?? []);
  const current = Math.min(active, Math.max(chats.length - 1, 0));
  const optionId = (index: number) => `${id}-chat-${index}`;
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    list.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current]);

  const close = () => {
    setQuery("");
    setActive(0);
    setError(null);
    onClose();
  };

  const forward = (dialog: DialogDto) => {
    if (!message || busy !== null) return;
    setBusy(dialog.peerId);
    setError(null);
    onForward(message, dialog).then(
      () => {
        setBusy(null);
        close();
      },
      (failure: unknown) => {
        setBusy(null);
        setError(failure);
      },
    );
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t("forwardTitle")}
      testId="forward-dialog"
      footer={
        <Button variant="secondary" onClick={close}>
          {t("cancel")}
        </Button>
      }
    >
      <input
        type="search"
        role="combobox"
        value={query}
        maxLength={100}
        data-autofocus
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            if (chats.length === 0) return;
            const step = event.key === "ArrowDown" ? 1 : -1;
            setActive((current + step + chats.length) % chats.length);
          } else if (event.key === "Enter" && !event.nativeEvent.isComposing) {
            event.preventDefault();
            const chosen = chats[current];
            if (chosen) forward(chosen);
          }
        }}
        placeholder={t("forwardSearch")}
        aria-label={t("forwardSearch")}
        aria-autocomplete="list"
        aria-expanded={chats.length > 0}
        aria-controls={`${id}-chats`}
        aria-activedescendant={chats.length > 0 ? optionId(current) : undefined}
        aria-describedby={`${id}-hint`}
        data-testid="forward-search"
        className="mb-1 block w-full rounded-lg border-0 bg-slate-100 px-3 py-2 text-sm text-slate-900 focus:bg-white focus:ring-2 focus:ring-brand-500"
      />
      <p id={`${id}-hint`} className="mb-2 px-1 text-xs text-slate-500">
        {typed === "" ? t("forwardRecentHint") : t("forwardKeysHint")}
      </p>
      <div aria-live="polite">
        {loading ? (
          <p className="flex items-center justify-center gap-2 py-4" data-testid="forward-loading">
            <Spinner className="size-4" /> {typed === "" ? t("forwardLoading") : t("forwardSearching")}
          </p>
        ) : failed ? (
          <p role="alert" className="py-4 text-center text-rose-700" data-testid="forward-search-error">
            {apiErrorMessage(shown?.error)}
          </p>
        ) : chats.length === 0 ? (
          <p className="py-4 text-center" data-testid="forward-empty">
            {typed === "" ? t("forwardNoChats") : t("forwardNoMatch", { query: typed })}
          </p>
        ) : null}
      </div>
      <ul
        ref={list}
        id={`${id}-chats`}
        role="listbox"
        aria-label={t("forwardResults")}
        aria-busy={loading || busy !== null}
        className="max-h-72 overflow-y-auto"
      >
        {chats.map((dialog, index) => (
          <li
            key={dialog.peerId}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            aria-disabled={busy !== null}
            data-index={index}
            data-testid="forward-target"
            data-peer={dialog.peerId}
            data-active={index === current ? "true" : undefined}
            onMouseMove={() => setActive(index)}
            onClick={() => forward(dialog)}
            className={`flex cursor-pointer items-center gap-3 rounded-lg px-3 py-2 text-slate-800 ${
              index === current ? "bg-slate-100" : ""
            } ${busy !== null ? "cursor-wait text-slate-400" : ""}`}
          >
            <Avatar src={dialog.avatarUrl} initials={dialog.initials} seed={dialog.peerId} size="sm" />
            <span className="min-w-0 flex-1 truncate">{busy === dialog.peerId ? t("working") : dialog.title}</span>
          </li>
        ))}
      </ul>
      {error ? (
        <p role="alert" className="mt-2 text-rose-700" data-testid="forward-error">
          {apiErrorMessage(error)}
        </p>
      ) : null}
    </Dialog>
  );
}
