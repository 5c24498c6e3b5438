"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { patchDialog, type ChatsData } from "@/lib/client/cache-updates";
import { useCachedDialog } from "@/lib/client/hooks/use-chat-summary";
import { useHistory } from "@/lib/client/hooks/use-history";
import { useSendFiles } from "@/lib/client/hooks/use-send-files";
import { useSendMessage } from "@/lib/client/hooks/use-send-message";
import { queryKeys } from "@/lib/client/query-keys";
import type { HistoryPage } from "@/lib/telegram/dto";
import { Card } from "@/components/ui/card";
import { DropZone } from "./chat/attach/drop-zone";
import { UploadBubble } from "./chat/attach/upload-bubble";
import { useStagedFiles } from "./chat/attach/use-staged-files";
import { ChatHeader } from "./chat/chat-header";
import { Composer } from "./chat/composer";
import { MessageList } from "./chat/message-list";

/** One chat: its history (server-rendered first page, older pages on demand, live), and the composer. */
export function ChatView({ accountId, initialPage }: { accountId: string; initialPage: HistoryPage }) {
  const peer = initialPage.peer;
  const listed = useCachedDialog(accountId, peer.peerId);
  useOpenedChatIsRead(accountId, peer);
  const { history, messages } = useHistory(accountId, initialPage);
  const { pending, submit, retry, discard } = useSendMessage(accountId, peer);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  const files = useSendFiles(accountId, peer);
  const staged = useStagedFiles();

  return (
    <Card className="flex min-h-0 flex-1 flex-col overflow-hidden" aria-labelledby="chat-title">
      {/* The list's copy of the peer follows the live stream (presence, members). */}
      <ChatHeader
        peer={
          listed ? { ...peer, status: listed.status ?? peer.status, members: listed.members ?? peer.members } : peer
        }
      />
      <DropZone onFiles={staged.add}>
        <MessageList
          peer={peer}
          messages={messages}
          pending={pending}
          older={{
            hasMore: hasNextPage,
            loading: isFetchingNextPage,
            error: history.isFetchNextPageError ? history.error : null,
            load: () => void fetchNextPage(),
          }}
          onRetry={retry}
          onDiscard={discard}
          uploads={files.uploads.map((item) => (
            <UploadBubble
              key={item.randomId}
              item={item}
              onCancel={() => files.cancel(item)}
              onRetry={() => files.retry(item)}
            />
          ))}
        />
        <Composer onSend={submit} attach={{ files: staged, maxBytes: files.maxBytes, onSendFiles: files.sendFiles }} />
      </DropZone>
    </Card>
  );
}

/**
 * Opening a chat reads it on the server; the list beside it (which is not rendered again)
 * learns the new unread count from the page at once, not only from the live stream.
 */
function useOpenedChatIsRead(accountId: string, peer: HistoryPage["peer"]) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const key = queryKeys.chats(accountId);
    const data = queryClient.getQueryData<ChatsData>(key);
    const listed = data?.pages.flatMap((page) => page.dialogs).find((dialog) => dialog.peerId === peer.peerId);
    if (!listed || listed.unreadCount <= peer.unreadCount) return;
    queryClient.setQueryData<ChatsData>(key, (current) =>
      patchDialog(current, peer.peerId, (dialog) => ({ ...dialog, unreadCount: peer.unreadCount })),
    );
  }, [accountId, peer.peerId, peer.unreadCount, queryClient]);
}
