import { createTranslator } from "next-intl";
import { afterEach, describe, expect, test, vi } from "vitest";

import { describeApiError } from "@/lib/client/api-errors";
import { ApiRequestError, apiFetch } from "@/lib/client/api-fetch";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";

const english = createTranslator({ locale: "en", messages: en, namespace: "apiErrors" });
const russian = createTranslator({ locale: "ru", messages: ru, namespace: "apiErrors" });

function answer(status: number, body: unknown) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(body === null ? "not json" : JSON.stringify(body), { status })),
  );
}

async function failure(): Promise<ApiRequestError> {
  const error = await apiFetch("/api/x").catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiRequestError);
  return error as ApiRequestError;
}

afterEach(() => vi.unstubAllGlobals());

describe("apiFetch failures", () => {
  test("keep the server's code and details", async () => {
    answer(429, {
      error: { code: "flood_wait", message: "Telegram asks to wait 30 seconds.", details: { seconds: 30 } },
    });
    const error = await failure();
    expect(error).toMatchObject({ status: 429, code: "flood_wait", details: { seconds: 30 } });
  });

  test("a code outside ERROR_STATUS, or no JSON body, becomes unknown (a bare 401 unauthenticated)", async () => {
    answer(500, { error: { code: "made_up", message: "x" } });
    expect((await failure()).code).toBe("unknown");
    answer(502, null);
    expect((await failure()).code).toBe("unknown");
    answer(401, null);
    expect((await failure()).code).toBe("unauthenticated");
  });

  test("an unreachable server is network", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("fetch failed"))),
    );
    expect((await failure()).code).toBe("network");
  });
});

describe("describeApiError", () => {
  test("words by code in each language, never with the server's message", () => {
    const error = new ApiRequestError(409, "telegram_revoked", "The Telegram session has ended. SERVER TEXT");
    expect(describeApiError(english, error)).toBe(en.apiErrors.telegram_revoked);
    expect(describeApiError(russian, error)).toBe(ru.apiErrors.telegram_revoked);
    expect(describeApiError(russian, error)).not.toContain("SERVER TEXT");
  });

  test("flood_wait says how long, when the server said", () => {
    const error = new ApiRequestError(429, "flood_wait", "wait", { seconds: 30 });
    expect(describeApiError(english, error)).toContain("30 seconds");
    expect(describeApiError(russian, error)).toContain("30 секунд");
    expect(describeApiError(english, new ApiRequestError(429, "flood_wait", "wait"))).toContain("a moment");
  });

  test("anything that is not an API error is the generic message", () => {
    expect(describeApiError(english, new Error("boom"))).toBe(en.apiErrors.unknown);
  });
});
