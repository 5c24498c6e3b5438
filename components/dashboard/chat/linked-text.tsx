import type { ReactNode } from "react";

// http(s) and tg links only: anything else (javascript:, data:, file:) stays plain text.
const LINK = /\b(?:https?:\/\/|tg:\/\/)[^\s<>"']+/gi;
// Sentence punctuation right after a link belongs to the sentence, not the URL.
const TRAILING = /[.,;:!?)\]}»”’]+$/;

function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" || url.protocol === "tg:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Message text with its http, https and tg links clickable, opened apart from this page. */
export function LinkedText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const raw = match[0].replace(TRAILING, "");
    const start = match.index;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a
        key={start}
        href={href}
        target="_blank"
        rel="noopener noreferrer"
        className="underline underline-offset-2 break-all"
      >
        {raw}
      </a>,
    );
    last = start + raw.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
