// Reads a QR code the way a phone camera does: from pixels, not from the DOM.
import jsQR from "jsqr";
import { PNG } from "pngjs";
import type { Locator } from "playwright-core";

export async function readQrCode(element: Locator): Promise<string> {
  const png = PNG.sync.read(await element.screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!code) throw new Error("no readable QR code in the element");
  return code.data;
}
