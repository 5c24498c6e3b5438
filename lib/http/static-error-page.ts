// Next's last-resort error page (`/_global-error`, also copied to the static 500 page) is
// prerendered at build time, so its inline scripts carry no nonce and the page policy would
// block them. The policy lists their hashes instead: exactly those scripts, nothing else.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** `'sha256-…'` CSP sources for the inline (no `src`) scripts of an HTML document. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = "", body = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes) || body.length === 0) continue;
    hashes.add(`'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/** Where `next build` writes the prerendered error page (Next 16's layout of the dist dir). */
export function staticErrorPagePath(distDir: string): string {
  return path.resolve(process.cwd(), distDir, "server", "app", "_global-error.html");
}

let cached: { distDir: string; hashes: string[] } | undefined;

/**
 * The hashes of the built error page's inline scripts, read once per server. An empty list
 * when there is no such page (development renders it per request, with the nonce).
 */
export function staticErrorPageScriptHashes(distDir: string): string[] {
  if (cached?.distDir === distDir) return cached.hashes;
  let hashes: string[] = [];
  try {
    hashes = inlineScriptHashes(fs.readFileSync(staticErrorPagePath(distDir), "utf8"));
  } catch {
    // No build output here: nothing to allow.
  }
  cached = { distDir, hashes };
  return hashes;
}
