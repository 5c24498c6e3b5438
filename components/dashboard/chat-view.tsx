"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

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
import { AroundView } from "./chat/search/around-view";
import { ChatSearchButton } from "./chat/search/chat-search-button";
import { ChatSearchPanel } from "./chat/search/chat-search-panel";

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
  // Search: a panel under the header; a chosen result (or ?around= from the global
  // search) shows the history around that message instead of the latest.
  const [searchOpen, setSearchOpen] = useState(false);
  const aroundParam = Number(useSearchParams().get("around"));
  const [aroundId, setAroundId] = useState<number | null>(
    Number.isInteger(aroundParam) && aroundParam > 0 ? aroundParam : null,
  );

  return (
    <Card className="flex min-h-0 flex-1 flex-col overflow-hidden" aria-labelledby="chat-title">
      {/* The list's copy of the peer follows the live stream (presence, members). */}
      <ChatHeader
        peer={
          listed ? { ...peer, status: listed.status ?? peer.status, members: listed.members ?? peer.members } : peer
        }
        actions={<ChatSearchButton open={searchOpen} onToggle={() => setSearchOpen((open) => !open)} />}
      />
      <DropZone onFiles={staged.add}>
        {searchOpen ? (
          <ChatSearchPanel
            accountId={accountId}
            peerId={peer.peerId}
            onPick={(message) => setAroundId(message.id)}
            onClose={() => setSearchOpen(false)}
          />
        ) : null}
        {aroundId !== null ? (
          <AroundView
            key={aroundId}
            accountId={accountId}
            peer={peer}
            messageId={aroundId}
            onBack={() => setAroundId(null)}
          />
        ) : (
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
        )}
        <Composer
          onSend={(text) => {
            // What one writes belongs at the end of the chat, not in the middle of a search.
            setAroundId(null);
            submit(text);
          }}
          attach={{ files: staged, maxBytes: files.maxBytes, onSendFiles: files.sendFiles }}
        />
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
