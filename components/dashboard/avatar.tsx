"use client";

import { useState } from "react";

const PALETTE = [
  "bg-rose-100 text-rose-700",
  "bg-amber-100 text-amber-700",
  "bg-emerald-100 text-emerald-700",
  "bg-sky-100 text-sky-700",
  "bg-violet-100 text-violet-700",
  "bg-fuchsia-100 text-fuchsia-700",
  "bg-teal-100 text-teal-700",
];

/** Stable colour per peer, like Telegram's placeholder avatars. */
function paletteFor(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}

const SIZES = { sm: "size-9 text-xs", md: "size-12 text-sm", lg: "size-20 text-2xl" } as const;

/** An avatar from our own route (never Telegram's), with initials while or instead of it. */
export function Avatar({
  src,
  initials,
  seed,
  size = "md",
}: {
  src: string | null;
  initials: string;
  seed: string;
  size?: keyof typeof SIZES;
}) {
  const [failed, setFailed] = useState(false);
  return (
    <span
      aria-hidden="true"
      className={`relative inline-flex shrink-0 items-center justify-center overflow-hidden rounded-full font-semibold ${SIZES[size]} ${paletteFor(seed)}`}
    >
      {initials}
      {src && !failed ? (
        // eslint-disable-next-line @next/next/no-img-element -- a private, cookie-authenticated route; next/image would proxy it
        <img
          src={src}
          alt=""
          loading="lazy"
          decoding="async"
          onError={() => setFailed(true)}
          className="absolute inset-0 size-full object-cover"
        />
      ) : null}
    </span>
  );
}
