import { ChatSkeleton } from "@/components/dashboard/skeletons";

// Opening a chat waits on Telegram (messages.getHistory). Without this boundary a slow
// Telegram held the click for as long as the request took; now the chat's frame shows
// at once and the history streams in.
export default function ChatLoading() {
  return (
    <div className="mx-auto flex h-[calc(100dvh-4rem)] w-full max-w-5xl flex-col px-3 py-5 sm:px-6" aria-busy="true" data-testid="chat-loading">
      <ChatSkeleton />
    </div>
  );
}
