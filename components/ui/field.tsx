import type { ReactNode } from "react";

import { cx } from "./cx";

/** The ids a field's control points at with aria-describedby: the error first, else the hint. */
export function fieldDescription(
  id: string,
  { hint, error }: { hint?: ReactNode; error?: ReactNode },
): string | undefined {
  if (error) return `${id}-error`;
  if (hint) return `${id}-hint`;
  return undefined;
}

/**
 * A label, its control (the children, carrying `id`), an optional hint and error.
 * The control sets aria-describedby={fieldDescription(id, …)} and aria-invalid itself,
 * since it may be wrapped (a password with a show button).
 */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  labelClassName,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
  labelClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={cx("flex flex-col gap-1", className)}>
      <label htmlFor={id} className={labelClassName ?? "text-sm font-medium text-slate-700"}>
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
