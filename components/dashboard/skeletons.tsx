import { Card } from "@/components/ui/card";

/** Placeholders in the shape of the content, so pages do not jump when data arrives. */
export function ChatListSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Card as="div" className="min-h-0 flex-1 overflow-hidden" aria-hidden="true">
      <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div className="h-5 w-24 animate-pulse rounded bg-slate-200" />
        <div className="h-9 w-56 max-w-[60%] animate-pulse rounded-lg bg-slate-100" />
      </div>
      <ul className="divide-y divide-slate-100">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="flex items-center gap-3 px-5 py-3">
            <div className="size-12 animate-pulse rounded-full bg-slate-200" />
            <div className="flex-1 space-y-2">
              <div className="h-4 animate-pulse rounded bg-slate-200" style={{ width: `${40 + ((i * 17) % 35)}%` }} />
              <div className="h-3 animate-pulse rounded bg-slate-100" style={{ width: `${55 + ((i * 23) % 30)}%` }} />
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function ProfileSkeleton() {
  return (
    <Card as="div" className="flex shrink-0 items-center gap-3 px-4 py-3" aria-hidden="true">
      <div className="size-12 animate-pulse rounded-full bg-slate-200" />
      <div className="flex-1 space-y-2">
        <div className="h-4 w-40 max-w-full animate-pulse rounded bg-slate-200" />
        <div className="h-3 w-24 animate-pulse rounded bg-slate-100" />
      </div>
    </Card>
  );
}

export function ChatSkeleton() {
  return (
    <Card as="div" className="flex flex-1 flex-col gap-3 p-5" aria-hidden="true">
      <div className="flex items-center gap-3 border-b border-slate-100 pb-4">
        <div className="size-10 animate-pulse rounded-full bg-slate-200" />
        <div className="h-5 w-40 animate-pulse rounded bg-slate-200" />
      </div>
      {Array.from({ length: 7 }, (_, i) => (
        <div key={i} className={`flex ${i % 3 === 0 ? "justify-end" : ""}`}>
          <div className="h-10 animate-pulse rounded-2xl bg-slate-100" style={{ width: `${30 + ((i * 19) % 40)}%` }} />
        </div>
      ))}
    </Card>
  );
}
