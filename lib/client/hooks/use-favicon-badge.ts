import { useEffect } from "react";

const SIZE = 64;
const BASE_ICON = "/icon-192.png";

let baseImage: Promise<HTMLImageElement> | null = null;

function loadBase(): Promise<HTMLImageElement> {
  baseImage ??= new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => {
      baseImage = null;
      reject(new Error("favicon did not load"));
    };
    image.src = BASE_ICON;
  });
  return baseImage;
}

/** The app icon with a red count in its corner, as a PNG data URL. */
async function drawBadge(count: number): Promise<string> {
  const canvas = document.createElement("canvas");
  canvas.width = SIZE;
  canvas.height = SIZE;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2d canvas");
  context.drawImage(await loadBase(), 0, 0, SIZE, SIZE);
  const label = count > 99 ? "99+" : String(count);
  const radius = label.length > 2 ? 24 : label.length > 1 ? 21 : 18;
  const cx = SIZE - radius;
  const cy = radius;
  context.beginPath();
  context.arc(cx, cy, radius, 0, 2 * Math.PI);
  context.fillStyle = "#e11d48";
  context.fill();
  context.fillStyle = "#ffffff";
  context.font = `bold ${label.length > 2 ? 20 : 28}px system-ui, sans-serif`;
  context.textAlign = "center";
  context.textBaseline = "middle";
  context.fillText(label, cx, cy + 1);
  return canvas.toDataURL("image/png");
}

const iconLinks = () => [...document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')];

/** Puts back the icons' own href and type. */
function restoreIcons(): void {
  for (const link of iconLinks()) {
    if (link.dataset.plainHref === undefined) continue;
    link.href = link.dataset.plainHref;
    if (link.dataset.plainType) link.type = link.dataset.plainType;
    else link.removeAttribute("type");
    delete link.dataset.plainHref;
    delete link.dataset.plainType;
    delete link.dataset.badgeCount;
  }
}

/**
 * Draws the unread count onto the tab's icon, and puts the plain icon back at zero. The
 * icon links Next renders from the metadata keep their own href in data-plain-href, so
 * the badge can always be undone; all of them change, as browsers differ in which they use.
 */
export function useFaviconBadge(count: number): void {
  useEffect(() => {
    let cancelled = false;
    if (count <= 0) {
      restoreIcons();
      return;
    }
    drawBadge(count)
      .then((url) => {
        if (cancelled) return;
        for (const link of iconLinks()) {
          if (link.dataset.plainHref === undefined) {
            link.dataset.plainHref = link.getAttribute("href") ?? "";
            link.dataset.plainType = link.getAttribute("type") ?? "";
          }
          link.type = "image/png";
          link.href = url;
          link.dataset.badgeCount = String(count);
        }
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [count]);

  // Leaving the dashboard (signing out) takes the badge away.
  useEffect(() => restoreIcons, []);
}
