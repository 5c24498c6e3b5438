// The pure parts of sending files: size limits, how a file is cut into parts, which
// InputMedia (and attributes) a file becomes, and what the upload route accepts.
import { Api } from "telegram";
import { describe, expect, it } from "vitest";

import {
  BIG_FILE_THRESHOLD_BYTES,
  canSendAsPhoto,
  planUpload,
  TELEGRAM_MAX_FILE_BYTES,
  UPLOAD_PART_BYTES,
  uploadSizeProblem,
} from "@/lib/telegram/limits";
import { long } from "@/lib/telegram/gramjs/long";
import { mediaFor } from "@/lib/telegram/read-models/uploads";
import { mimeTypeOf, uploadQuerySchema } from "@/lib/validations/telegram-uploads";

const MB = 1024 * 1024;
const inputFile = new Api.InputFile({ id: long("1"), parts: 1, name: "x", md5Checksum: "" });

describe("upload limits", () => {
  it("Telegram's limit is 4,000 parts of 512 KB (2,000 MiB)", () => {
    expect(UPLOAD_PART_BYTES).toBe(512 * 1024);
    expect(TELEGRAM_MAX_FILE_BYTES).toBe(2000 * MB);
  });

  it("refuses empty files, files over the site limit, and names the lower limit", () => {
    expect(uploadSizeProblem(0, 100 * MB)).toEqual({ kind: "empty" });
    expect(uploadSizeProblem(100 * MB, 100 * MB)).toBeNull();
    expect(uploadSizeProblem(100 * MB + 1, 100 * MB)).toEqual({ kind: "too_large", maxBytes: 100 * MB, limit: "site" });
    // A site limit above Telegram's: Telegram's is the one that applies.
    expect(uploadSizeProblem(TELEGRAM_MAX_FILE_BYTES + 1, 4000 * MB)).toEqual({
      kind: "too_large",
      maxBytes: TELEGRAM_MAX_FILE_BYTES,
      limit: "telegram",
    });
    expect(uploadSizeProblem(TELEGRAM_MAX_FILE_BYTES, 4000 * MB)).toBeNull();
  });
});

describe("part planning", () => {
  it("cuts a file into 512 KB parts, the last one shorter", () => {
    expect(planUpload(1)).toEqual({ partBytes: UPLOAD_PART_BYTES, totalParts: 1, big: false });
    expect(planUpload(UPLOAD_PART_BYTES)).toMatchObject({ totalParts: 1 });
    expect(planUpload(UPLOAD_PART_BYTES + 1)).toMatchObject({ totalParts: 2 });
    expect(planUpload(5 * MB)).toMatchObject({ totalParts: 10, big: false });
  });

  it("uses saveBigFilePart strictly above 10 MB", () => {
    expect(planUpload(BIG_FILE_THRESHOLD_BYTES)).toMatchObject({ big: false, totalParts: 20 });
    expect(planUpload(BIG_FILE_THRESHOLD_BYTES + 1)).toMatchObject({ big: true, totalParts: 21 });
    expect(planUpload(TELEGRAM_MAX_FILE_BYTES)).toMatchObject({ big: true, totalParts: 4000 });
  });

  it("refuses sizes Telegram cannot take", () => {
    expect(() => planUpload(0)).toThrow(RangeError);
    expect(() => planUpload(1.5)).toThrow(RangeError);
    expect(() => planUpload(TELEGRAM_MAX_FILE_BYTES + 1)).toThrow(RangeError);
  });
});

describe("the media a file becomes", () => {
  it("a JPEG, PNG or WebP up to 10 MB is a photo unless sent as a file", () => {
    expect(mediaFor(inputFile, { name: "a.jpg", mimeType: "image/jpeg", size: 1000, asFile: false })).toBeInstanceOf(
      Api.InputMediaUploadedPhoto,
    );
    expect(canSendAsPhoto({ mimeType: "image/webp", size: 10 * MB })).toBe(true);
    expect(canSendAsPhoto({ mimeType: "image/png", size: 10 * MB + 1 })).toBe(false);
    expect(canSendAsPhoto({ mimeType: "image/gif", size: 1000 })).toBe(false);
  });

  it("everything else is a document with its file name and MIME type", () => {
    const pdf = mediaFor(inputFile, { name: "CV Иван.pdf", mimeType: "application/pdf", size: 5 * MB, asFile: false });
    expect(pdf).toBeInstanceOf(Api.InputMediaUploadedDocument);
    const document = pdf as Api.InputMediaUploadedDocument;
    expect(document.mimeType).toBe("application/pdf");
    expect(document.attributes).toHaveLength(1);
    expect(document.attributes[0]).toBeInstanceOf(Api.DocumentAttributeFilename);
    expect((document.attributes[0] as Api.DocumentAttributeFilename).fileName).toBe("CV Иван.pdf");
    expect(document.forceFile).toBeUndefined();

    const asFile = mediaFor(inputFile, { name: "a.png", mimeType: "image/png", size: 1000, asFile: true });
    expect(asFile).toBeInstanceOf(Api.InputMediaUploadedDocument);
    expect((asFile as Api.InputMediaUploadedDocument).forceFile).toBe(true);
  });

  it("an unusable Content-Type is sent as application/octet-stream", () => {
    expect(mimeTypeOf("application/pdf")).toBe("application/pdf");
    expect(mimeTypeOf("Image/PNG; charset=binary")).toBe("image/png");
    expect(mimeTypeOf(null)).toBe("application/octet-stream");
    expect(mimeTypeOf("")).toBe("application/octet-stream");
    expect(mimeTypeOf("not a type")).toBe("application/octet-stream");
  });
});

describe("the upload query", () => {
  const valid = { name: "cv.pdf", randomId: "123456789" };
  it("takes a name, a random_id, an optional caption and the send-as-file switch", () => {
    expect(uploadQuerySchema.parse(valid)).toEqual({ ...valid, caption: "", asFile: "0" });
    expect(uploadQuerySchema.parse({ ...valid, caption: "Hi", asFile: "1" })).toMatchObject({ asFile: "1" });
  });

  it("refuses a missing or path-like name, a zero or oversized random_id, a caption over 1024 units", () => {
    expect(uploadQuerySchema.safeParse({ randomId: "1" }).success).toBe(false);
    expect(uploadQuerySchema.safeParse({ ...valid, name: "   " }).success).toBe(false);
    expect(uploadQuerySchema.safeParse({ ...valid, name: "../etc/passwd" }).success).toBe(false);
    expect(uploadQuerySchema.safeParse({ ...valid, randomId: "0" }).success).toBe(false);
    expect(uploadQuerySchema.safeParse({ ...valid, randomId: "9223372036854775808" }).success).toBe(false);
    expect(uploadQuerySchema.safeParse({ ...valid, caption: "😀".repeat(513) }).success).toBe(false);
    expect(uploadQuerySchema.safeParse({ ...valid, caption: "😀".repeat(512) }).success).toBe(true);
    expect(uploadQuerySchema.safeParse({ ...valid, extra: "1" }).success).toBe(false);
  });

  it("takes the replied-to message as a positive 32-bit id, and nothing else", () => {
    expect(uploadQuerySchema.parse({ ...valid, replyTo: "42" })).toMatchObject({ replyTo: 42 });
    expect(uploadQuerySchema.parse({ ...valid, replyTo: "2147483647" })).toMatchObject({ replyTo: 2 ** 31 - 1 });
    expect(uploadQuerySchema.parse(valid)).not.toHaveProperty("replyTo");
    for (const bad of ["0", "-1", "1.5", "abc", "", "007", "2147483648", "99999999999", " 4"]) {
      expect(uploadQuerySchema.safeParse({ ...valid, replyTo: bad }).success, bad).toBe(false);
    }
  });
});
