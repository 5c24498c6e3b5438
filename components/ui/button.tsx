import type { ButtonHTMLAttributes } from "react";

import { cx } from "./cx";
import { Spinner } from "./spinner";

export type ButtonVariant = "primary" | "secondary" | "danger" | "danger-outline" | "ghost";
export type ButtonSize = "md" | "sm";

const base =
  "inline-flex items-center justify-center gap-2 rounded-lg text-sm font-medium transition focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-brand-600 text-white shadow-sm hover:bg-brand-700 disabled:opacity-60",
  secondary: "bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60",
  danger: "bg-rose-600 text-white shadow-sm hover:bg-rose-700 disabled:bg-slate-300",
  "danger-outline": "text-rose-700 ring-1 ring-rose-200 hover:bg-rose-50 disabled:opacity-60",
  ghost: "text-brand-700 hover:bg-brand-50 disabled:text-slate-400",
};

const sizes: Record<ButtonSize, string> = { md: "px-4 py-2", sm: "px-3 py-1.5" };

/** The button look, for links that act as buttons (next/link) as well as buttons. */
export function buttonClass({
  variant = "primary",
  size = "md",
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}): string {
  return cx(base, variants[variant], sizes[size], className);
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Disables the button and shows a spinner (and aria-busy) while an action runs. */
  pending?: boolean;
};

export function Button({
  variant = "primary",
  size = "md",
  pending,
  className,
  disabled,
  children,
  ...props
}: ButtonProps) {
  const filled = variant === "primary" || variant === "danger";
  return (
    <button
      type="button"
      {...props}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={buttonClass({ variant, size, className })}
    >
      {pending && <Spinner className={filled ? undefined : "size-4 border-slate-300 border-t-slate-600"} />}
      {children}
    </button>
  );
}
