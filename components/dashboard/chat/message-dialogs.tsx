import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";

import { useApiErrorMessage } from "@/lib/client/api-errors";
import type { ChatsData } from "@/lib/client/cache-updates";
import { queryKeys } from "@/lib/client/query-keys";
import type { DialogDto, MessageDto } from "@/lib/telegram/dto";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { deleteScope } from "./delete-scope";

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

/** Picks another chat of the account (from the loaded list) and forwards the message there. */
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
  const [query, setQuery] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const open = message !== null;
  const chats = useMemo(() => {
    if (!open) return [];
    const all = queryClient.getQueryData<ChatsData>(queryKeys.chats(accountId))?.pages.flatMap((p) => p.dialogs) ?? [];
    const needle = query.trim().toLowerCase();
    return all.filter((dialog) => dialog.title.toLowerCase().includes(needle)).slice(0, 50);
  }, [open, query, accountId, queryClient]);

  const close = () => {
    setQuery("");
    setError(null);
    onClose();
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
        value={query}
        data-autofocus
        onChange={(event) => setQuery(event.target.value)}
        placeholder={t("forwardSearch")}
        aria-label={t("forwardSearch")}
        data-testid="forward-search"
        className="mb-2 block w-full rounded-lg border-0 bg-slate-100 px-3 py-2 text-sm text-slate-900 focus:bg-white focus:ring-2 focus:ring-brand-500"
      />
      {chats.length === 0 ? <p className="py-4 text-center">{t("forwardNone")}</p> : null}
      <ul className="max-h-72 overflow-y-auto">
        {chats.map((dialog) => (
          <li key={dialog.peerId}>
            <button
              type="button"
              disabled={busy !== null}
              data-testid="forward-target"
              data-peer={dialog.peerId}
              onClick={() => {
                if (!message) return;
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
              }}
              className="block w-full truncate rounded-lg px-3 py-2 text-left text-slate-800 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none disabled:text-slate-400"
            >
              {busy === dialog.peerId ? t("working") : dialog.title}
            </button>
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
