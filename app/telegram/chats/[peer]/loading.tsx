import { ChatSkeleton } from "@/components/dashboard/skeletons";

export default function ChatLoading() {
  return (
    <div className="mx-auto flex h-[calc(100dvh-4rem)] w-full max-w-5xl flex-col gap-5 px-3 py-5 sm:px-6 sm:py-8" aria-busy="true">
      <div className="h-9 w-full animate-pulse rounded-xl bg-slate-100 sm:w-80" />
      <ChatSkeleton />
    </div>
  );
}
