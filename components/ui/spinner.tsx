import { cx } from "./cx";

/** A decorative spinner; the text beside it says what is happening. */
export function Spinner({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cx("animate-spin rounded-full border-2", className ?? "size-4 border-white/40 border-t-white")}
    />
  );
}
