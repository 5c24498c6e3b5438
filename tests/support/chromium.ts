// Where Debian's Chromium lives, shared by scripts/test.ts and the e2e harness.
import fs from "node:fs";

const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** CHROMIUM_PATH if set, else Debian's /usr/bin/chromium; undefined when neither exists. */
export function findChromium(source: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const candidate = source.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM_PATH;
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

export const CHROMIUM_HELP =
  "Chromium is needed for the end-to-end tests. On Debian run `apt-get update && apt-get install -y chromium` " +
  "(as root), or point CHROMIUM_PATH at a Chromium/Chrome binary.";

/**
 * Flags that keep Chromium quiet on a closed network: without them it keeps trying to
 * reach Google's update, sync and QUIC endpoints.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
