import type { HTMLAttributes } from "react";

import { cx } from "./cx";

/** The white, rounded panel every screen is built from. */
export const cardClass = "rounded-2xl bg-white shadow-sm ring-1 ring-slate-200";

type CardProps = HTMLAttributes<HTMLElement> & { as?: "section" | "div" };

export function Card({ as: Tag = "section", className, ...props }: CardProps) {
  return <Tag {...props} className={cx(cardClass, className)} />;
}
