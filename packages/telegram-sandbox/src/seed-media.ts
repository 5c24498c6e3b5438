// The seeded candidate's real files: built once by scripts/make-seed-media.ts, committed in
// seed/ with a manifest, copied into a new state directory's files/ by the FileStore.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StoredAttribute } from "./world";

export const SEED_MEDIA_DIR = join(import.meta.dirname, "..", "seed");

export interface SeedDocument {
  asset: string;
  mimeType: string;
  size: number;
  attributes: StoredAttribute[];
}

export interface SeedManifest {
  cv: SeedDocument;
  photo: {
    w: number;
    h: number;
    sizes: Array<{ type: string; w: number; h: number; size: number; asset: string }>;
    stripped?: string;
  };
  voice: SeedDocument;
}

let manifest: SeedManifest | undefined;
export function seedManifest(): SeedManifest {
  manifest ??= JSON.parse(readFileSync(join(SEED_MEDIA_DIR, "media.json"), "utf8")) as SeedManifest;
  return manifest;
}

/** Telegram's voice waveform: 5-bit levels (0..31) packed little-endian, bit after bit. */
export function packWaveform(levels: number[]): Buffer {
  const out = Buffer.alloc(Math.ceil((levels.length * 5) / 8));
  levels.forEach((level, i) => {
    const v = Math.max(0, Math.min(31, level));
    for (let b = 0; b < 5; b++) {
      const bit = i * 5 + b;
      if ((v >> b) & 1) out[bit >> 3]! |= 1 << (bit & 7);
    }
  });
  return out;
}
