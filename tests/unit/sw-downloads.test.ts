// public/sw-downloads.js as the service worker loads it (a classic script run in a scope of
// its own), against Node's own Request, Response and Headers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";

import { DOWNLOADS_CHANNEL } from "@/lib/client/service-worker";

interface Downloads {
  CHANNEL: string;
  wantsTotal(request: Request, origin: string): boolean;
  totalOf(response: Response): number | null;
  withTotal(response: Response, total: number): Response;
}

const source = readFileSync(join(process.cwd(), "public/sw-downloads.js"), "utf8");
const downloads = runInNewContext(`${source}\ntgdeskDownloads;`, { URL, Headers, Response }) as Downloads;

const ORIGIN = "https://desk.example";
const MEDIA = `${ORIGIN}/api/telegram/media/acc1/42/1001?v=f123`;

function fileAnswer(size: string | null, init: { status?: number; headers?: Record<string, string> } = {}) {
  const headers = new Headers({ "content-type": "application/pdf", ...init.headers });
  if (size !== null) headers.set("x-file-size", size);
  return new Response(new Uint8Array([1, 2, 3]), { status: init.status ?? 200, headers });
}

describe("wantsTotal: which requests the worker answers", () => {
  test("a whole-file download of a message's file from this site", () => {
    expect(downloads.wantsTotal(new Request(`${MEDIA}&download=1`), ORIGIN)).toBe(true);
  });

  test("not the inline variant, a thumbnail URL without download=1, or download=0", () => {
    expect(downloads.wantsTotal(new Request(MEDIA), ORIGIN)).toBe(false);
    expect(downloads.wantsTotal(new Request(`${MEDIA}&thumb=m`), ORIGIN)).toBe(false);
    expect(downloads.wantsTotal(new Request(`${MEDIA}&download=0`), ORIGIN)).toBe(false);
  });

  test("not a Range request: a player seeking or a resumed download has its total already", () => {
    expect(downloads.wantsTotal(new Request(`${MEDIA}&download=1`, { headers: { range: "bytes=0-99" } }), ORIGIN)).toBe(
      false,
    );
  });

  test("not HEAD or POST", () => {
    expect(downloads.wantsTotal(new Request(`${MEDIA}&download=1`, { method: "HEAD" }), ORIGIN)).toBe(false);
    expect(downloads.wantsTotal(new Request(`${MEDIA}&download=1`, { method: "POST", body: "x" }), ORIGIN)).toBe(false);
  });

  test("not another origin, API v1's media route, or any other path", () => {
    expect(
      downloads.wantsTotal(new Request("https://elsewhere.example/api/telegram/media/a/1/2?download=1"), ORIGIN),
    ).toBe(false);
    expect(
      downloads.wantsTotal(new Request(`${ORIGIN}/api/v1/accounts/a/chats/1/messages/2/media?download=1`), ORIGIN),
    ).toBe(false);
    expect(downloads.wantsTotal(new Request(`${ORIGIN}/api/telegram/media/a/1?download=1`), ORIGIN)).toBe(false);
    expect(downloads.wantsTotal(new Request(`${ORIGIN}/api/telegram/media/a/1/2/3?download=1`), ORIGIN)).toBe(false);
    expect(downloads.wantsTotal(new Request(`${ORIGIN}/telegram/chats/42?download=1`), ORIGIN)).toBe(false);
  });
});

describe("totalOf: which answers get a Content-Length", () => {
  test("a 200 with a whole-number X-File-Size", () => {
    expect(downloads.totalOf(fileAnswer("1251"))).toBe(1251);
    expect(downloads.totalOf(fileAnswer("4294967296"))).toBe(4_294_967_296);
  });

  test("an empty file: 0 with no body", () => {
    expect(downloads.totalOf(new Response(null, { status: 200, headers: { "x-file-size": "0" } }))).toBe(0);
    // A size promised with nothing to send would leave the browser waiting for bytes.
    expect(downloads.totalOf(new Response(null, { status: 200, headers: { "x-file-size": "10" } }))).toBeNull();
  });

  test("no total for anything but a plain 200", () => {
    expect(downloads.totalOf(fileAnswer("1251", { status: 206 }))).toBeNull();
    expect(downloads.totalOf(new Response(null, { status: 304, headers: { "x-file-size": "1251" } }))).toBeNull();
    expect(downloads.totalOf(fileAnswer("1251", { status: 404 }))).toBeNull();
    expect(downloads.totalOf(fileAnswer("1251", { headers: { "content-encoding": "gzip" } }))).toBeNull();
  });

  test("no total from a missing or doubtful X-File-Size", () => {
    for (const size of [null, "", "-1", "12.5", "1e6", "12, 12", "0x10", "abc", "9999999999999999"]) {
      expect(downloads.totalOf(fileAnswer(size)), String(size)).toBeNull();
    }
  });
});

describe("withTotal", () => {
  test("the same status, headers and body stream, plus Content-Length", async () => {
    const original = fileAnswer("3", { headers: { "content-disposition": 'attachment; filename="cv.pdf"' } });
    const body = original.body;
    const answered = downloads.withTotal(original, 3);
    expect(answered.status).toBe(200);
    expect(answered.headers.get("content-length")).toBe("3");
    expect(answered.headers.get("content-disposition")).toBe('attachment; filename="cv.pdf"');
    expect(answered.headers.get("x-file-size")).toBe("3");
    // The very stream, not a copy: nothing is read into the worker.
    expect(answered.body).toBe(body);
    expect([...new Uint8Array(await answered.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  test("the page and the worker agree on the channel's name", () => {
    expect(downloads.CHANNEL).toBe(DOWNLOADS_CHANNEL);
  });
});
