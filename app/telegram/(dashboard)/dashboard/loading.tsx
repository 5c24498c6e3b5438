import { ChatListSkeleton, ProfileSkeleton } from "@/components/dashboard/skeletons";

export default function DashboardLoading() {
  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-5 px-3 py-5 sm:px-6 sm:py-8" aria-busy="true">
      <div className="h-9 w-full animate-pulse rounded-xl bg-slate-100 sm:w-80" />
      <div className="flex flex-col gap-5 lg:flex-row lg:items-start">
        <ProfileSkeleton />
        <ChatListSkeleton />
      </div>
    </div>
  );
}
