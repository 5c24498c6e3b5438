import "server-only";

import { Api, utils } from "telegram";

import type { MediaFileDto } from "../dto";

/** What a media URL may ask for: the file itself, or one of its thumbnails by size letter. */
export type MediaVariant = { thumb: string | null };

/** Where the bytes of one variant of a message's media live, and what they are. */
export interface MediaTarget {
  fileId: string;
  dcId: number;
  /** Built again from a refetched message after FILE_REFERENCE_EXPIRED. */
  location: Api.TypeInputFileLocation | null;
  /** Sizes Telegram sends inside the message (cached and stripped thumbnails). */
  inline: Buffer | null;
  size: number;
  mimeType: string;
  fileName: string | null;
}

type SizedPhotoSize = Api.PhotoSize | Api.PhotoSizeProgressive | Api.PhotoCachedSize;

function isSized(size: Api.TypePhotoSize): size is SizedPhotoSize {
  return (
    size instanceof Api.PhotoSize || size instanceof Api.PhotoSizeProgressive || size instanceof Api.PhotoCachedSize
  );
}

function bytesOfSize(size: SizedPhotoSize): number {
  if (size instanceof Api.PhotoSize) return size.size;
  if (size instanceof Api.PhotoSizeProgressive) return Math.max(0, ...size.sizes);
  return size.bytes.length;
}

function largest(sizes: Api.TypePhotoSize[]): SizedPhotoSize | null {
  let best: SizedPhotoSize | null = null;
  for (const size of sizes) {
    if (isSized(size) && (!best || size.w * size.h > best.w * best.h)) best = size;
  }
  return best;
}

/** The bubble's preview: about 800 px when there is one (sharp on a 2x screen at 400 px), else the nearest. */
function sizedNamed(sizes: Api.TypePhotoSize[], type: string): SizedPhotoSize | null {
  const size = sizes.find((s) => s.type === type);
  return size && isSized(size) ? size : null;
}

function previewSize(sizes: Api.TypePhotoSize[]): SizedPhotoSize | null {
  const sized = sizes.filter(isSized);
  return sized.find((s) => s.type === "x") ?? sized.find((s) => s.type === "m") ?? largest(sized);
}

function stripped(sizes: Api.TypePhotoSize[] | undefined): Api.PhotoStrippedSize | null {
  return sizes?.find((s): s is Api.PhotoStrippedSize => s instanceof Api.PhotoStrippedSize) ?? null;
}

/** Telegram's voice waveform: 5-bit levels packed little-endian, bit after bit. */
export function unpackWaveform(packed: Buffer | Uint8Array): number[] {
  const levels: number[] = [];
  const count = Math.floor((packed.length * 8) / 5);
  for (let i = 0; i < count; i++) {
    let value = 0;
    for (let b = 0; b < 5; b++) {
      const bit = i * 5 + b;
      if ((packed[bit >> 3]! >> (bit & 7)) & 1) value |= 1 << b;
    }
    levels.push(value);
  }
  return levels;
}

function documentOf(media: Api.TypeMessageMedia | undefined): Api.Document | null {
  return media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document ? media.document : null;
}

function photoOf(media: Api.TypeMessageMedia | undefined): Api.Photo | null {
  return media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo ? media.photo : null;
}

function isSticker(document: Api.Document): boolean {
  return document.attributes.some((a) => a instanceof Api.DocumentAttributeSticker);
}

function fileNameOf(document: Api.Document): string | null {
  const attribute = document.attributes.find(
    (a): a is Api.DocumentAttributeFilename => a instanceof Api.DocumentAttributeFilename,
  );
  return attribute?.fileName || null;
}

/**
 * The variant of a message's media that a URL asks for, or null when the message has no
 * such file (no media, a poll, a thumbnail letter it lacks).
 */
export function mediaTargetOf(media: Api.TypeMessageMedia | undefined, variant: MediaVariant): MediaTarget | null {
  const photo = photoOf(media);
  if (photo) {
    // "i" is the stripped preview inside the message; any other letter names one of its sizes.
    const size =
      variant.thumb === null
        ? largest(photo.sizes)
        : variant.thumb === "i"
          ? stripped(photo.sizes)
          : sizedNamed(photo.sizes, variant.thumb);
    return sizeTarget(
      photo.id.toString(),
      photo.dcId,
      size,
      (thumbSize) =>
        new Api.InputPhotoFileLocation({
          id: photo.id,
          accessHash: photo.accessHash,
          fileReference: photo.fileReference,
          thumbSize,
        }),
    );
  }
  const document = documentOf(media);
  if (!document) return null;
  const id = document.id.toString();
  const location = (thumbSize: string) =>
    new Api.InputDocumentFileLocation({
      id: document.id,
      accessHash: document.accessHash,
      fileReference: document.fileReference,
      thumbSize,
    });
  if (variant.thumb !== null) {
    // Stickers' thumbnails are WebP (they keep their transparency), every other one JPEG.
    return sizeTarget(
      id,
      document.dcId,
      (document.thumbs ?? []).find((s) => s.type === variant.thumb),
      location,
      isSticker(document) ? "image/webp" : "image/jpeg",
    );
  }
  return {
    fileId: id,
    dcId: document.dcId,
    location: location(""),
    inline: null,
    size: Number(document.size.toString()),
    mimeType: document.mimeType || "application/octet-stream",
    fileName: fileNameOf(document),
  };
}

/**
 * One thumbnail or photo size as a target: its bytes when Telegram sent them inside the
 * message (stripped, cached), else a JPEG to fetch at `location(type)`; null when missing.
 */
function sizeTarget(
  fileId: string,
  dcId: number,
  size: Api.TypePhotoSize | null | undefined,
  location: (thumbSize: string) => Api.TypeInputFileLocation,
  mimeType = "image/jpeg",
): MediaTarget | null {
  // A stripped thumbnail is always JPEG once expanded, whatever the full one is.
  if (size instanceof Api.PhotoStrippedSize) {
    return inlineTarget(fileId, dcId, utils.strippedPhotoToJpg(Buffer.from(size.bytes)));
  }
  if (!size || !isSized(size)) return null;
  if (size instanceof Api.PhotoCachedSize) return { ...inlineTarget(fileId, dcId, Buffer.from(size.bytes)), mimeType };
  return {
    fileId,
    dcId,
    location: location(size.type),
    inline: null,
    size: bytesOfSize(size),
    mimeType,
    fileName: null,
  };
}

function inlineTarget(fileId: string, dcId: number, bytes: Buffer): MediaTarget {
  return { fileId, dcId, location: null, inline: bytes, size: bytes.length, mimeType: "image/jpeg", fileName: null };
}

/** The media route of one message; the file id makes the URL change when the file does. */
export function mediaUrlOf(
  accountId: string,
  peerId: string,
  messageId: number,
  fileId: string,
  thumb?: string,
): string {
  const base = `/api/telegram/media/${encodeURIComponent(accountId)}/${encodeURIComponent(peerId)}/${messageId}?v=${fileId}`;
  return thumb ? `${base}&thumb=${encodeURIComponent(thumb)}` : base;
}

const placeholderOf = (sizes: Api.TypePhotoSize[] | undefined): string | null => {
  const tiny = stripped(sizes);
  return tiny ? `data:image/jpeg;base64,${utils.strippedPhotoToJpg(Buffer.from(tiny.bytes)).toString("base64")}` : null;
};

/** The bubble's view of a message's file, with URLs under this account's media route. */
export function mediaFileOf(
  media: Api.TypeMessageMedia | undefined,
  at: { accountId: string; peerId: string; messageId: number },
): MediaFileDto | null {
  const url = (fileId: string, thumb?: string) => mediaUrlOf(at.accountId, at.peerId, at.messageId, fileId, thumb);
  const photo = photoOf(media);
  if (photo) {
    const id = photo.id.toString();
    const full = largest(photo.sizes);
    const preview = previewSize(photo.sizes);
    if (!full) return null;
    return {
      url: url(id),
      thumbUrl: preview ? url(id, preview.type) : null,
      placeholder: placeholderOf(photo.sizes),
      name: null,
      mimeType: "image/jpeg",
      size: bytesOfSize(full),
      width: full.w,
      height: full.h,
      waveform: null,
      animated: false,
      thumbWidth: preview?.w ?? null,
      thumbHeight: preview?.h ?? null,
    };
  }
  const document = documentOf(media);
  if (!document) return null;
  const id = document.id.toString();
  const preview = previewSize(document.thumbs ?? []);
  let width: number | null = null;
  let height: number | null = null;
  let waveform: number[] | null = null;
  for (const attribute of document.attributes) {
    if (attribute instanceof Api.DocumentAttributeImageSize || attribute instanceof Api.DocumentAttributeVideo) {
      width = attribute.w;
      height = attribute.h;
    }
    if (attribute instanceof Api.DocumentAttributeAudio && attribute.waveform) {
      waveform = unpackWaveform(attribute.waveform);
    }
  }
  const mimeType = document.mimeType || "application/octet-stream";
  return {
    url: url(id),
    thumbUrl: preview ? url(id, preview.type) : null,
    placeholder: placeholderOf(document.thumbs),
    name: fileNameOf(document),
    mimeType,
    size: Number(document.size.toString()),
    width,
    height,
    waveform,
    animated: mimeType === "application/x-tgsticker" || mimeType === "video/webm",
    thumbWidth: preview?.w ?? null,
    thumbHeight: preview?.h ?? null,
  };
}
