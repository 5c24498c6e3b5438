// Telegram recompresses a photo into JPEG sizes, each inside a square box, plus an inline
// "stripped" thumbnail. sharp (libvips) decodes what is uploaded (JPEG, PNG, WebP) and
// encodes the sizes, so every size is a real image of the photo.
import sharp, { type Metadata, type Sharp } from "sharp";
import { rpcError } from "./rpc";

/** Telegram's photo size letters and their boxes (the longest side fits inside). */
export const PHOTO_BOXES: Array<{ type: string; box: number }> = [
  { type: "m", box: 320 },
  { type: "x", box: 800 },
  { type: "y", box: 1280 },
];

export interface PhotoSizeBytes {
  type: string;
  w: number;
  h: number;
  bytes: Buffer;
}

export interface MadePhoto {
  w: number;
  h: number;
  sizes: PhotoSizeBytes[];
  /** photoStrippedSize bytes ("i"), or undefined when the encoder's tables did not match */
  stripped?: Buffer;
}

// The stripped format drops the 623-byte JPEG header clients add back (their fixed header
// holds libjpeg's quality-20 tables, 4:2:0, standard Huffman tables) and the 2-byte EOI.
const STRIPPED_HEADER_LENGTH = 623;
const JFIF_SEGMENT_LENGTH = 18;

export async function strippedOf(img: Sharp): Promise<Buffer | undefined> {
  const { data, info } = await img
    .clone()
    .resize(40, 40, { fit: "inside" })
    .jpeg({ quality: 20, chromaSubsampling: "4:2:0", optimiseCoding: false, progressive: false, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  // libvips writes no JFIF segment, clients' header has one: the rest must line up exactly.
  const scanStart = STRIPPED_HEADER_LENGTH - JFIF_SEGMENT_LENGTH;
  if (data.length < scanStart + 2 || data[scanStart - 14] !== 0xff || data[scanStart - 13] !== 0xda) return undefined;
  return Buffer.concat([Buffer.from([1, info.height, info.width]), data.subarray(scanStart, data.length - 2)]);
}

/** The sizes of an uploaded photo; IMAGE_PROCESS_FAILED when it is not an image sharp can read. */
export async function makePhotoSizes(input: Buffer): Promise<MadePhoto> {
  let meta: Metadata;
  const img = sharp(input, { failOn: "error" }).rotate();
  try {
    meta = await img.metadata();
  } catch {
    throw rpcError("IMAGE_PROCESS_FAILED");
  }
  const w0 = meta.autoOrient?.width ?? meta.width;
  const h0 = meta.autoOrient?.height ?? meta.height;
  if (!w0 || !h0) throw rpcError("IMAGE_PROCESS_FAILED");
  // Telegram's rules for photos: w + h <= 10000, sides at most 20:1.
  if (w0 + h0 > 10_000 || Math.max(w0, h0) / Math.min(w0, h0) > 20) throw rpcError("PHOTO_INVALID_DIMENSIONS");
  const sizes: PhotoSizeBytes[] = [];
  try {
    for (const { type, box } of PHOTO_BOXES) {
      const { data, info } = await img
        .clone()
        .resize(box, box, { fit: "inside", withoutEnlargement: true })
        .jpeg({ quality: 87 })
        .toBuffer({ resolveWithObject: true });
      sizes.push({ type, w: info.width, h: info.height, bytes: data });
      // "m" always; a bigger box only while the original is bigger than the previous one.
      if (Math.max(w0, h0) <= box) break;
    }
    return { w: w0, h: h0, sizes, stripped: await strippedOf(img) };
  } catch (e) {
    if (e instanceof Error && "errorMessage" in e) throw e;
    throw rpcError("IMAGE_PROCESS_FAILED");
  }
}

/**
 * A document's thumbnail as Telegram makes one: the image (a PDF's first page, a video's
 * first frame, a sticker) inside a box, JPEG with a stripped size, or WebP for stickers
 * (they keep their transparency, and Telegram gives no stripped size for them).
 */
export async function makeThumb(
  input: Buffer,
  box: number,
  format: "jpeg" | "webp",
): Promise<{ w: number; h: number; bytes: Buffer; stripped?: Buffer }> {
  const img = sharp(input, { failOn: "error" });
  const resized = img.clone().resize(box, box, { fit: "inside", withoutEnlargement: true });
  const { data, info } = await (
    format === "webp" ? resized.webp({ quality: 80 }) : resized.jpeg({ quality: 85 })
  ).toBuffer({ resolveWithObject: true });
  return {
    w: info.width,
    h: info.height,
    bytes: data,
    stripped: format === "jpeg" ? await strippedOf(img.flatten({ background: "#ffffff" })) : undefined,
  };
}
