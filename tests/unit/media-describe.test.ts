import bigInt from "big-integer";
import { Api } from "telegram";
import { describe, expect, it } from "vitest";

import { mediaFileOf, mediaTargetOf } from "@/lib/telegram/media/describe";

const at = { accountId: "acc", peerId: "1000009", messageId: 7 };

function documentMedia(mimeType: string, attributes: Api.TypeDocumentAttribute[], thumbs?: Api.TypePhotoSize[]) {
  return new Api.MessageMediaDocument({
    document: new Api.Document({
      id: bigInt(42),
      accessHash: bigInt(43),
      fileReference: Buffer.from([1]),
      date: 0,
      mimeType,
      size: bigInt(1251),
      dcId: 2,
      attributes,
      thumbs,
    }),
  });
}

// A 3×4 stripped thumbnail's payload (header bytes then the JPEG body clients complete).
const stripped = new Api.PhotoStrippedSize({ type: "i", bytes: Buffer.from([1, 4, 3, 0xff, 0xd9]) });

describe("document thumbnails", () => {
  const pdf = documentMedia(
    "application/pdf",
    [new Api.DocumentAttributeFilename({ fileName: "CV.pdf" })],
    [stripped, new Api.PhotoSize({ type: "m", w: 226, h: 320, size: 3878 })],
  );

  it("a PDF's page thumbnail: its URL, its size from the message (no layout jump) and a placeholder", () => {
    const file = mediaFileOf(pdf, at)!;
    expect(file.thumbUrl).toBe("/api/telegram/media/acc/1000009/7?v=42&thumb=m");
    expect([file.thumbWidth, file.thumbHeight]).toEqual([226, 320]);
    expect(file.placeholder).toMatch(/^data:image\/jpeg;base64,/);
    expect([file.width, file.height]).toEqual([null, null]);
  });

  it("a document without thumbnails has none", () => {
    const file = mediaFileOf(documentMedia("application/zip", []), at)!;
    expect([file.thumbUrl, file.thumbWidth, file.thumbHeight, file.placeholder]).toEqual([null, null, null, null]);
  });

  it("serves a document's thumbnail as JPEG, a sticker's as WebP, and nothing for a size it lacks", () => {
    expect(mediaTargetOf(pdf, { thumb: "m" })).toMatchObject({ mimeType: "image/jpeg", size: 3878, fileName: null });
    expect(mediaTargetOf(pdf, { thumb: "x" })).toBeNull();
    const sticker = documentMedia(
      "application/x-tgsticker",
      [new Api.DocumentAttributeSticker({ alt: "🎉", stickerset: new Api.InputStickerSetEmpty() })],
      [new Api.PhotoSize({ type: "m", w: 128, h: 128, size: 3378 })],
    );
    expect(mediaTargetOf(sticker, { thumb: "m" })).toMatchObject({ mimeType: "image/webp", size: 3378 });
    expect(mediaFileOf(sticker, at)).toMatchObject({ animated: true, thumbWidth: 128, thumbHeight: 128 });
  });
});
