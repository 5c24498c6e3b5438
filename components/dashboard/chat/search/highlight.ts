// Client-safe: which parts of a message text a search matched, Telegram's way (each word
// of the query matches the beginning of a word of the text, any case).

export interface TextPart {
  text: string;
  match: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The query's words, case-folded; empty when there is nothing to look for. */
export function queryWords(query: string): string[] {
  return (query.toLocaleLowerCase().match(WORD) ?? []) as string[];
}

/**
 * The text cut into plain and matched parts, in order; joined they are the text again.
 * A word matches up to the longest query word it begins with ("notice per" marks
 * "notice" and "per" of "period").
 */
export function highlightParts(text: string, query: string): TextPart[] {
  const needles = queryWords(query);
  const parts: TextPart[] = [];
  let plainFrom = 0;
  if (needles.length > 0) {
    for (const m of text.matchAll(WORD)) {
      const word = m[0].toLocaleLowerCase();
      const longest = needles.filter((n) => word.startsWith(n)).reduce((a, n) => Math.max(a, n.length), 0);
      if (longest === 0) continue;
      const start = m.index;
      // Case folding can change a string's length (rare); then the whole word is marked.
      const end = start + (word.length === m[0].length ? longest : m[0].length);
      if (start > plainFrom) parts.push({ text: text.slice(plainFrom, start), match: false });
      parts.push({ text: text.slice(start, end), match: true });
      plainFrom = end;
    }
  }
  if (plainFrom < text.length || parts.length === 0) parts.push({ text: text.slice(plainFrom), match: false });
  return parts;
}
