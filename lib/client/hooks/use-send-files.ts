import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";

import type { DialogDto, MessageDto } from "@/lib/telegram/dto";
import { filesApi } from "../api";
import { appendMessage, upsertDialog, type ChatsData, type HistoryData } from "../cache-updates";
import { queryKeys } from "../query-keys";
import { newRandomId } from "./use-send-message";

/** A file on its way to the chat (or failed), shown as a bubble until the server has sent it. */
export interface UploadItem {
  /** The file's random_id: the same on every retry, so Telegram sends it at most once. */
  randomId: string;
  file: File;
  name: string;
  caption: string;
  asFile: boolean;
  /** The message this file replies to (the first file of a batch sent with the reply bar open). */
  replyTo?: number;
  /** 0…1 of the body sent to the server. */
  progress: number;
  status: "queued" | "uploading" | "failed";
  /** Why the last try failed; worded by code where it is shown. */
  error: unknown;
}

/**
 * Sending files to one chat: each file is uploaded with its own random_id, one after
 * another (so they arrive in the order chosen), with progress, cancel and retry; a sent
 * file is written into the history and chat list caches as a sent text is.
 */
export function useSendFiles(accountId: string, peer: DialogDto) {
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const queue = useRef<Promise<void>>(Promise.resolve());
  // Cancelled while still queued: skipped when their turn comes.
  const cancelled = useRef(new Set<string>());
  const limits = useQuery({
    queryKey: queryKeys.uploadLimits(),
    queryFn: ({ signal }) => filesApi.limits(signal),
    staleTime: Infinity,
  });

  // Leaving the chat (or the page) cancels what is still uploading: nothing half-sent stays behind.
  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const controller of running.values()) controller.abort();
      running.clear();
    };
  }, []);

  const sent = useCallback(
    (message: MessageDto) => {
      queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, peer.peerId), (data) =>
        appendMessage(data, message),
      );
      queryClient.setQueryData<ChatsData>(queryKeys.chats(accountId), (data) => {
        const existing = data?.pages.flatMap((page) => page.dialogs).find((dialog) => dialog.peerId === peer.peerId);
        const base: DialogDto = existing ?? { ...peer };
        return upsertDialog(data, { ...base, lastMessage: message, date: message.date, unreadCount: 0 });
      });
    },
    [accountId, peer, queryClient],
  );

  const run = useCallback(
    async (item: UploadItem) => {
      if (cancelled.current.delete(item.randomId)) return;
      const update = (patch: Partial<UploadItem>) =>
        setUploads((list) => list.map((u) => (u.randomId === item.randomId ? { ...u, ...patch } : u)));
      const controller = new AbortController();
      controllers.current.set(item.randomId, controller);
      update({ status: "uploading", progress: 0, error: null });
      try {
        const { message } = await filesApi.send(
          peer.peerId,
          item.file,
          {
            name: item.name,
            caption: item.caption,
            asFile: item.asFile,
            randomId: item.randomId,
            replyTo: item.replyTo,
          },
          {
            signal: controller.signal,
            onProgress: (loaded, total) => update({ progress: total ? loaded / total : 0 }),
          },
        );
        sent(message);
        setUploads((list) => list.filter((u) => u.randomId !== item.randomId));
      } catch (error) {
        // Cancelled: the item is already gone.
        if (!(error instanceof DOMException && error.name === "AbortError")) update({ status: "failed", error });
      } finally {
        controllers.current.delete(item.randomId);
      }
    },
    [peer.peerId, sent],
  );

  const enqueue = useCallback(
    (item: UploadItem) => {
      queue.current = queue.current.then(() => run(item));
    },
    [run],
  );

  /** Sends the files in this order; the caption and the reply go with the first, as one message would. */
  const sendFiles = useCallback(
    (files: { file: File; name: string }[], caption: string, asFile: boolean, replyTo?: number) => {
      const items = files.map(({ file, name }, index): UploadItem => ({
        randomId: newRandomId(),
        file,
        name,
        caption: index === 0 ? caption : "",
        asFile,
        ...(index === 0 && replyTo ? { replyTo } : {}),
        progress: 0,
        status: "queued",
        error: null,
      }));
      setUploads((list) => [...list, ...items]);
      for (const item of items) enqueue(item);
    },
    [enqueue],
  );

  /** Stops an upload (the server then sends nothing) or drops a failed one. */
  const cancel = useCallback((item: UploadItem) => {
    const controller = controllers.current.get(item.randomId);
    if (controller) controller.abort();
    else if (item.status === "queued") cancelled.current.add(item.randomId);
    setUploads((list) => list.filter((u) => u.randomId !== item.randomId));
  }, []);

  const retry = useCallback(
    (item: UploadItem) => {
      setUploads((list) =>
        list.map((u) => (u.randomId === item.randomId ? { ...u, status: "queued", error: null, progress: 0 } : u)),
      );
      enqueue(item);
    },
    [enqueue],
  );

  return { uploads, sendFiles, cancel, retry, maxBytes: limits.data?.maxBytes ?? null };
}
