"use client";

import { useHistory } from "@/lib/client/hooks/use-history";
import { useSendMessage } from "@/lib/client/hooks/use-send-message";
import type { HistoryPage } from "@/lib/telegram/dto";
import { Card } from "@/components/ui/card";
import { ChatHeader } from "./chat/chat-header";
import { Composer } from "./chat/composer";
import { MessageList } from "./chat/message-list";

/** One chat: its history (server-rendered first page, older pages on demand, live), and the composer. */
export function ChatView({ accountId, initialPage }: { accountId: string; initialPage: HistoryPage }) {
  const peer = initialPage.peer;
  const { history, messages } = useHistory(accountId, initialPage);
  const { pending, submit, retry, discard } = useSendMessage(accountId, peer);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;

  return (
    <Card className="flex min-h-0 flex-1 flex-col overflow-hidden" aria-labelledby="chat-title">
      <ChatHeader peer={peer} />
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
      />
      <Composer onSend={submit} />
    </Card>
  );
}
