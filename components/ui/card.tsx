import type { HTMLAttributes } from "react";

import { cx } from "./cx";

/** The white, rounded panel every screen is built from. */
export const cardClass = "rounded-2xl bg-white shadow-sm ring-1 ring-slate-200";

type CardProps = HTMLAttributes<HTMLElement> & { as?: "section" | "div" };

export function Card({ as: Tag = "section", className, ...props }: CardProps) {
  return <Tag {...props} className={cx(cardClass, className)} />;
}

/** A list card's top bar: the title (and count) on the left, a search or action on the right. */
export function CardToolbar({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      {...props}
      className={cx(
        "flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-3 sm:px-5",
        className,
      )}
    />
  );
}

/** A card with its own padding, for a page section (admin lists, profile forms). */
export const panelClass = cx(cardClass, "p-5 sm:p-6");
