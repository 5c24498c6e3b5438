import type { ReactNode } from "react";

import { Spinner } from "@/components/ui/spinner";

/** A centred heading, a sentence and one action: the panel's start and end screens. */
export function Intro({ title, body, children }: { title: string; body: string; children: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-4 py-4 text-center">
      <h2 className="text-xl font-semibold text-slate-900">{title}</h2>
      <p className="max-w-sm text-sm text-slate-600">{body}</p>
      {children}
    </div>
  );
}

export function Working({ label }: { label: string }) {
  return (
    <div className="flex flex-col items-center gap-3 py-10 text-slate-600" role="status">
      <Spinner className="size-8 border-slate-200 border-t-brand-500" />
      <p className="text-sm">{label}</p>
    </div>
  );
}
