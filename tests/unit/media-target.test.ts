// Which file a media URL's variant reads: a photo's largest size, its stripped preview
// ("i", inline), a named size (cached ones inline, others fetched), a document's file or
// one of its thumbnails; null for a letter the media lacks.
import bigInt from "big-integer";
import { Api } from "telegram";
import { describe, expect, it } from "vitest";

import { mediaTargetOf } from "@/lib/telegram/media/describe";

const STRIPPED = Buffer.from([1, 40, 40, ...Array.from({ length: 20 }, (_, i) => i)]);
const CACHED = Buffer.from("cached-jpeg");

const sizes = (): Api.TypePhotoSize[] => [
  new Api.PhotoStrippedSize({ type: "i", bytes: STRIPPED }),
  new Api.PhotoCachedSize({ type: "a", w: 40, h: 40, bytes: CACHED }),
  new Api.PhotoSize({ type: "m", w: 320, h: 240, size: 12_000 }),
  new Api.PhotoSizeProgressive({ type: "y", w: 1280, h: 960, sizes: [10_000, 50_000, 90_000] }),
];

const photo = new Api.MessageMediaPhoto({
  photo: new Api.Photo({
    id: bigInt(11),
    accessHash: bigInt(12),
    fileReference: Buffer.from("ref"),
    date: 0,
    sizes: sizes(),
    dcId: 4,
  }),
});

const document = new Api.MessageMediaDocument({
  document: new Api.Document({
    id: bigInt(21),
    accessHash: bigInt(22),
    fileReference: Buffer.from("dref"),
    date: 0,
    mimeType: "application/pdf",
    size: bigInt(5_000_000),
    thumbs: sizes(),
    dcId: 2,
    attributes: [new Api.DocumentAttributeFilename({ fileName: "offer.pdf" })],
  }),
});

const thumbOf = (target: ReturnType<typeof mediaTargetOf>) =>
  target?.location && "thumbSize" in target.location ? target.location.thumbSize : undefined;

describe("mediaTargetOf", () => {
  it("reads a photo's largest size, a named size, and its inline previews", () => {
    const full = mediaTargetOf(photo, { thumb: null })!;
    expect(full).toMatchObject({ fileId: "11", dcId: 4, inline: null, size: 90_000, mimeType: "image/jpeg" });
    expect(full.location).toBeInstanceOf(Api.InputPhotoFileLocation);
    expect(thumbOf(full)).toBe("y");

    const medium = mediaTargetOf(photo, { thumb: "m" })!;
    expect(medium).toMatchObject({ fileId: "11", size: 12_000, inline: null, fileName: null });
    expect(thumbOf(medium)).toBe("m");

    const cached = mediaTargetOf(photo, { thumb: "a" })!;
    expect(cached).toMatchObject({ location: null, inline: CACHED, size: CACHED.length });

    const tiny = mediaTargetOf(photo, { thumb: "i" })!;
    expect(tiny.location).toBeNull();
    expect(tiny.inline!.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    expect(mediaTargetOf(photo, { thumb: "w" })).toBeNull();
  });

  it("reads a document's file and its thumbnails", () => {
    const file = mediaTargetOf(document, { thumb: null })!;
    expect(file).toMatchObject({
      fileId: "21",
      dcId: 2,
      inline: null,
      size: 5_000_000,
      mimeType: "application/pdf",
      fileName: "offer.pdf",
    });
    expect(file.location).toBeInstanceOf(Api.InputDocumentFileLocation);
    expect(thumbOf(file)).toBe("");

    const thumb = mediaTargetOf(document, { thumb: "m" })!;
    expect(thumb).toMatchObject({ fileId: "21", size: 12_000, inline: null, mimeType: "image/jpeg", fileName: null });
    expect(thumb.location).toBeInstanceOf(Api.InputDocumentFileLocation);
    expect(thumbOf(thumb)).toBe("m");

    expect(mediaTargetOf(document, { thumb: "a" })).toMatchObject({ location: null, inline: CACHED });
    expect(mediaTargetOf(document, { thumb: "i" })!.inline!.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(mediaTargetOf(document, { thumb: "w" })).toBeNull();
  });

  it("has no target without a photo or a document", () => {
    expect(mediaTargetOf(undefined, { thumb: null })).toBeNull();
    expect(mediaTargetOf(new Api.MessageMediaEmpty(), { thumb: "i" })).toBeNull();
  });
});
