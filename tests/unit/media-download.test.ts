import { describe, expect, test } from "vitest";

import { contentDisposition, parseRange } from "@/lib/http/range";
import { CHUNK_SIZE, chunkSlices } from "@/lib/telegram/media/chunks";

describe("parseRange", () => {
  test("no header or an unknown unit serves the whole file", () => {
    expect(parseRange(null, 100)).toEqual({ kind: "full" });
    expect(parseRange("items=0-5", 100)).toEqual({ kind: "full" });
    expect(parseRange("bytes=0-5,10-20", 100)).toEqual({ kind: "full" });
    expect(parseRange("bytes=-", 100)).toEqual({ kind: "full" });
  });

  test("a closed, open and suffix range", () => {
    expect(parseRange("bytes=10-19", 100)).toEqual({ kind: "partial", start: 10, end: 19 });
    expect(parseRange("bytes=90-", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseRange("bytes=-1000", 100)).toEqual({ kind: "partial", start: 0, end: 99 });
  });

  test("an end past the file is cut to its last byte", () => {
    expect(parseRange("bytes=50-1000", 100)).toEqual({ kind: "partial", start: 50, end: 99 });
  });

  test("a start at or past the end, or an empty suffix, cannot be satisfied", () => {
    expect(parseRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=150-160", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
  });

  test("a last byte before the first is ignored (whole file), as RFC 9110 says", () => {
    expect(parseRange("bytes=20-10", 100)).toEqual({ kind: "full" });
  });
});

describe("contentDisposition", () => {
  test("an ASCII name is quoted as it is", () => {
    expect(contentDisposition("inline", "CV_Ivan_Petrov.pdf")).toBe('inline; filename="CV_Ivan_Petrov.pdf"');
  });

  test("a Russian name gets an ASCII fallback and the exact name in filename* (RFC 5987)", () => {
    const header = contentDisposition("attachment", "Резюме Иван (2025).pdf");
    expect(header).toBe(
      "attachment; filename=\"______ ____ (2025).pdf\"; filename*=UTF-8''%D0%A0%D0%B5%D0%B7%D1%8E%D0%BC%D0%B5%20%D0%98%D0%B2%D0%B0%D0%BD%20%282025%29.pdf",
    );
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)![1]!;
    expect(decodeURIComponent(encoded)).toBe("Резюме Иван (2025).pdf");
  });

  test("quotes, backslashes and line breaks cannot break out of the header", () => {
    const header = contentDisposition("attachment", 'a"b\\c\r\nSet-Cookie: x.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.startsWith('attachment; filename="a_b_cSet-Cookie: x.pdf"')).toBe(true);
  });

  test("no name: only the type", () => {
    expect(contentDisposition("inline", null)).toBe("inline");
    expect(contentDisposition("attachment", "\r\n")).toBe("attachment");
  });
});

describe("chunkSlices", () => {
  const MB = 1024 * 1024;
  const valid = (offset: number, limit: number) =>
    offset % 4096 === 0 &&
    limit % 4096 === 0 &&
    MB % limit === 0 &&
    Math.floor(offset / MB) === Math.floor((offset + limit - 1) / MB);

  test("every slice obeys Telegram's offset/limit rules, and together they cover exactly the range", () => {
    for (const [start, end] of [
      [0, 0],
      [0, 1250],
      [1, CHUNK_SIZE],
      [CHUNK_SIZE - 1, CHUNK_SIZE],
      [3 * MB - 7, 5 * MB + 3],
      [200 * MB - 10, 200 * MB - 1],
    ] as const) {
      const slices = [...chunkSlices(start, end)];
      let covered = start;
      for (const slice of slices) {
        expect(valid(slice.offset, slice.limit)).toBe(true);
        expect(slice.offset + slice.skip).toBe(covered);
        expect(slice.take).toBeGreaterThan(0);
        expect(slice.skip + slice.take).toBeLessThanOrEqual(slice.limit);
        covered += slice.take;
      }
      expect(covered).toBe(end + 1);
    }
  });

  test("a range inside one slice asks for that one slice only", () => {
    expect([...chunkSlices(CHUNK_SIZE + 10, CHUNK_SIZE + 20)]).toEqual([
      { offset: CHUNK_SIZE, limit: CHUNK_SIZE, skip: 10, take: 11 },
    ]);
  });

  test("an empty range asks for nothing; a slice size Telegram refuses is an error", () => {
    expect([...chunkSlices(10, 9)]).toEqual([]);
    expect(() => [...chunkSlices(0, 10, 3 * 4096)]).toThrow();
    expect(() => [...chunkSlices(0, 10, 1000)]).toThrow();
  });
});
