/**
 * One HTTP byte range (RFC 9110 §14): what a `Range` header asks of a resource of `size`
 * bytes. Only a single range is served; a multi-range request is answered with the whole
 * resource (allowed by the RFC, and no browser player asks for several).
 */
export type RangeAnswer =
  { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

export function parseRange(header: string | null, size: number): RangeAnswer {
  if (!header) return { kind: "full" };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  // Anything else (other units, several ranges, garbage) is ignored, as the RFC allows.
  if (!match) return { kind: "full" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    // "bytes=-N": the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(end) || end < start) return { kind: "full" };
  return { kind: "partial", start, end };
}

/**
 * Content-Disposition with the original file name: a plain ASCII fallback in `filename`
 * (quotes and backslashes escaped, anything else replaced) and the exact name in
 * `filename*` (RFC 5987/8187), which every current browser prefers.
 */
export function contentDisposition(type: "inline" | "attachment", fileName: string | null): string {
  if (!fileName) return type;
  // Control characters (a header break among them) are dropped, never escaped.
  const cleaned = Array.from(fileName)
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join("")
    .trim();
  if (!cleaned) return type;
  const fallback = cleaned.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(cleaned).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  if (fallback === cleaned) return `${type}; filename="${fallback}"`;
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
