import type { ReactNode } from "react";

import { cx } from "./cx";

export type NoticeTone = "error" | "warning" | "success";

const tones: Record<NoticeTone, string> = {
  error: "bg-rose-50 text-rose-800",
  warning: "bg-amber-50 text-amber-800",
  success: "bg-emerald-50 text-emerald-800",
};

/**
 * A one-line message beside a form or action. Errors are alerts (read out at once);
 * the rest are statuses.
 */
export function Notice({
  tone,
  role = tone === "error" ? "alert" : "status",
  className,
  children,
  ...data
}: {
  tone: NoticeTone;
  role?: "alert" | "status";
  className?: string;
  children: ReactNode;
  "data-testid"?: string;
}) {
  return (
    <p role={role} className={cx("rounded-lg px-3 py-2 text-sm", tones[tone], className)} {...data}>
      {children}
    </p>
  );
}
