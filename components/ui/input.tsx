import type { ReactNode } from "react";

/** The look of a compact text input or select (filters, inline forms). */
export const inputClass =
  "w-full min-w-0 rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-brand-500 focus:outline-none sm:w-auto";

/** A small label above its control, the label element wrapping it (no id needed). */
export function LabelledControl({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex min-w-0 flex-col gap-1">
      <span className="text-xs font-medium text-slate-500">{label}</span>
      {children}
    </label>
  );
}
