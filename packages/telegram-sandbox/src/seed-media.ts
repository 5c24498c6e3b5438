// The seeded candidate's real files: built once by scripts/make-seed-media.ts, committed in
// seed/ with a manifest, copied into a new state directory's files/ by the FileStore.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StoredAttribute } from "./world";

export const SEED_MEDIA_DIR = join(import.meta.dirname, "..", "seed");

/** A stored size of a photo or a document's thumbnail, and the asset holding its bytes. */
export interface SeedSize {
  type: string;
  w: number;
  h: number;
  size: number;
  asset: string;
}

export interface SeedDocument {
  asset: string;
  mimeType: string;
  size: number;
  attributes: StoredAttribute[];
  /** thumbnails Telegram would make for it ("m": a page, a poster frame, a sticker's still) */
  thumbs?: SeedSize[];
  /** the stripped thumbnail ("i"), base64 */
  stripped?: string;
}

export interface SeedPhoto {
  w: number;
  h: number;
  sizes: SeedSize[];
  stripped?: string;
}

export interface SeedManifest {
  cv: SeedDocument;
  photo: SeedPhoto;
  voice: SeedDocument;
  /** a static WebP sticker */
  sticker: SeedDocument;
  /** an animated (TGS: gzipped Lottie) sticker with a still WebP thumbnail */
  animatedSticker: SeedDocument;
  /** a short MP4 video with a poster thumbnail */
  video: SeedDocument;
  /** a round video message (square MP4) */
  round: SeedDocument;
  /** Sandbox News's channel posts: a photo and a PDF with a page thumbnail */
  newsPhoto: SeedPhoto;
  newsDigest: SeedDocument;
}

export type SeedPhotoKey = "photo" | "newsPhoto";
export type SeedDocumentKey = "cv" | "voice" | "sticker" | "animatedSticker" | "video" | "round" | "newsDigest";
export type SeedKey = SeedPhotoKey | SeedDocumentKey;

export const isSeedPhotoKey = (key: SeedKey): key is SeedPhotoKey => key === "photo" || key === "newsPhoto";

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
