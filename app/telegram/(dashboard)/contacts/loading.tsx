import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { ChatListSkeleton } from "@/components/dashboard/skeletons";

// The real frame (tabs included), so nothing moves when the page arrives.
export default function ContactsLoading() {
  return (
    <DashboardShell>
      <div aria-busy="true" className="flex flex-col">
        <ChatListSkeleton rows={10} />
      </div>
    </DashboardShell>
  );
}
