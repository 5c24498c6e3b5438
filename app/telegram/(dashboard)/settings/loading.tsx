import { DashboardShell } from "@/components/dashboard/dashboard-shell";

// The real frame (tabs included), so nothing moves when the page arrives.
export default function SettingsLoading() {
  return (
    <DashboardShell>
      <div aria-busy="true" className="flex flex-col gap-5">
        {[28, 44, 32].map((h) => (
          <div
            key={h}
            className="animate-pulse rounded-2xl bg-white ring-1 ring-slate-200"
            style={{ height: `${h * 4}px` }}
          />
        ))}
      </div>
    </DashboardShell>
  );
}
