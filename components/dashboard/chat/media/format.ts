/** "1.2 MB", "980 KB", "312 B" in the page's locale (1 KB = 1024 bytes, as file managers show). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1,
  }).format(value);
}

/** m:ss (h:mm:ss past an hour) for players. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** The download variant of a media URL: Content-Disposition attachment. */
export function downloadUrlOf(url: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}download=1`;
}

/** Types the browser opens in its own viewer (what the media route serves inline). */
export function opensInBrowser(mimeType: string): boolean {
  return /^(application\/pdf|image\/(jpeg|png|gif|webp))$/i.test(mimeType);
}

/**
 * A box of at most `maxW` × `maxH` with the media's proportions, so the bubble has its
 * final size before any byte of the image arrives.
 */
export function fitBox(
  width: number | null,
  height: number | null,
  maxW: number,
  maxH: number,
): { width: number; height: number } {
  if (!width || !height) return { width: maxW, height: Math.round((maxW * 3) / 4) };
  const scale = Math.min(maxW / width, maxH / height, 1);
  return { width: Math.max(80, Math.round(width * scale)), height: Math.max(60, Math.round(height * scale)) };
}

/**
 * An <img> ref that marks the image loaded when it already is: server-rendered history
 * hydrates after a cached (immutable) image has loaded, and React never sees that load
 * event, so the image would stay hidden behind its placeholder.
 */
export function markIfComplete(setLoaded: (loaded: boolean) => void) {
  return (img: HTMLImageElement | null) => {
    if (img?.complete && img.naturalWidth > 0) setLoaded(true);
  };
}
