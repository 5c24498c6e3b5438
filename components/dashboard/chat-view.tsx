"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";

import { patchDialog, type ChatsData } from "@/lib/client/cache-updates";
import { useCachedDialog } from "@/lib/client/hooks/use-chat-summary";
import { useHistory } from "@/lib/client/hooks/use-history";
import { useSendFiles } from "@/lib/client/hooks/use-send-files";
import { useMessageActions } from "@/lib/client/hooks/use-message-actions";
import { newRandomId, useSendMessage } from "@/lib/client/hooks/use-send-message";
import { queryKeys } from "@/lib/client/query-keys";
import type { HistoryPage, MessageDto } from "@/lib/telegram/dto";
import { Card } from "@/components/ui/card";
import { DropZone } from "./chat/attach/drop-zone";
import { UploadBubble } from "./chat/attach/upload-bubble";
import { useStagedFiles } from "./chat/attach/use-staged-files";
import { ChatHeader } from "./chat/chat-header";
import { Composer, type ComposerMode } from "./chat/composer";
import { deleteScope } from "./chat/delete-scope";
import { DeleteMessageDialog, ForwardMessageDialog } from "./chat/message-dialogs";
import type { MessageActionHandlers } from "./chat/message-menu";
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
  // Acting on a message: the composer replies or edits, dialogs delete and forward.
  const tm = useTranslations("messageActions");
  const messageActions = useMessageActions(accountId, peer.peerId);
  const [mode, setMode] = useState<ComposerMode | null>(null);
  const [deleting, setDeleting] = useState<MessageDto | null>(null);
  const [forwarding, setForwarding] = useState<MessageDto | null>(null);
  // One random_id per (message, target): a retried forward is recognised, never doubled.
  const forwardIds = useRef(new Map<string, string>());
  const actions = useMemo<MessageActionHandlers>(
    () => ({
      onReply: (message) =>
        setMode({ kind: "reply", message, name: message.out ? tm("you") : (message.senderName ?? peer.title) }),
      onEdit: (message) => setMode({ kind: "edit", message, name: peer.title }),
      onForward: setForwarding,
      onDelete: setDeleting,
      // Someone else's post in a channel or supergroup is theirs to delete.
      canDelete: (message) => deleteScope(peer, message) !== "everyone" || message.out,
    }),
    [peer, tm],
  );
  // A message that is deleted while being edited or replied to ends that.
  const modeMessageGone = mode !== null && !messages.some((message) => message.id === mode.message.id);
  const activeMode = modeMessageGone ? null : mode;

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
            actions={actions}
            onQuote={setAroundId}
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
          // A fresh box per edited message: it starts with that message's text.
          key={activeMode?.kind === "edit" ? `edit-${activeMode.message.id}` : "compose"}
          mode={activeMode}
          onCancelMode={() => setMode(null)}
          onSaveEdit={async (text) => {
            if (activeMode?.kind !== "edit") return;
            await messageActions.edit(activeMode.message, text);
            setMode(null);
          }}
          onSend={(text) => {
            // What one writes belongs at the end of the chat, not in the middle of a search.
            setAroundId(null);
            submit(text, activeMode?.kind === "reply" ? activeMode.message.id : undefined);
            setMode(null);
          }}
          attach={
            activeMode?.kind === "edit"
              ? undefined
              : {
                  files: staged,
                  maxBytes: files.maxBytes,
                  onSendFiles: (chosen, caption, asFile) => {
                    // Files answer the open reply bar as text does, and end it.
                    setAroundId(null);
                    files.sendFiles(
                      chosen,
                      caption,
                      asFile,
                      activeMode?.kind === "reply" ? activeMode.message.id : undefined,
                    );
                    setMode(null);
                  },
                }
          }
        />
      </DropZone>
      <DeleteMessageDialog
        peer={peer}
        message={deleting}
        onDelete={(message, revoke) => messageActions.remove(message, revoke)}
        onClose={() => setDeleting(null)}
      />
      <ForwardMessageDialog
        accountId={accountId}
        message={forwarding}
        onForward={async (message, to) => {
          const key = `${message.id}:${to.peerId}`;
          const randomId = forwardIds.current.get(key) ?? newRandomId();
          forwardIds.current.set(key, randomId);
          await messageActions.forward(message, to.peerId, randomId);
        }}
        onClose={() => setForwarding(null)}
      />
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
