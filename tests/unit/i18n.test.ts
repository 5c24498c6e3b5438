import { describe, expect, test } from "vitest";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { ERROR_STATUS } from "@/lib/http/error-codes";
import { negotiateLocale, resolveLocale } from "@/lib/i18n/config";

function leaves(value: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** ICU arguments such as {name} or {count, plural, …}, which both languages must share. */
function argumentsOf(message: string): string[] {
  return [...message.matchAll(/\{\s*([A-Za-z0-9_]+)\s*[,}]/g)].map((m) => m[1]!).sort();
}

describe("catalogues", () => {
  const english = leaves(en);
  const russian = leaves(ru);

  test("English and Russian have the same keys", () => {
    expect([...russian.keys()].sort()).toEqual([...english.keys()].sort());
  });

  test("every message is a non-empty string with the same arguments in both languages", () => {
    for (const [key, message] of english) {
      const other = russian.get(key);
      expect(typeof message === "string" && message.trim().length > 0, `en ${key}`).toBe(true);
      expect(typeof other === "string" && other.trim().length > 0, `ru ${key}`).toBe(true);
      expect(argumentsOf(other as string), key).toEqual(argumentsOf(message as string));
    }
  });
});

describe("API error wording", () => {
  // The browser words every failed call by its code (useApiErrorMessage); a code the
  // server can answer with but the catalogues lack would show a raw key.
  const codes = [...Object.keys(ERROR_STATUS), "network", "unknown"];

  test.each([
    ["en", en],
    ["ru", ru],
  ])("every error code has a message in %s", (_locale, catalogue) => {
    const apiErrors = (catalogue as { apiErrors?: Record<string, unknown> }).apiErrors ?? {};
    for (const code of codes) {
      expect(typeof apiErrors[code] === "string" && (apiErrors[code] as string).trim().length > 0, code).toBe(true);
    }
    expect(Object.keys(apiErrors).sort()).toEqual([...codes].sort());
  });

  test("flood_wait says how long, in both languages", () => {
    expect(en.apiErrors.flood_wait).toContain("{seconds");
    expect(ru.apiErrors.flood_wait).toContain("{seconds");
  });
});

describe("locale negotiation", () => {
  test.each([
    [null, "en"],
    ["", "en"],
    ["ru", "ru"],
    ["ru-RU,ru;q=0.9,en-US;q=0.8", "ru"],
    ["en-GB,en;q=0.9,ru;q=0.8", "en"],
    ["de-DE,de;q=0.9,ru;q=0.5", "ru"],
    ["de-DE,fr;q=0.9", "en"],
    ["en;q=0.2,ru;q=0.9", "ru"],
    ["ru;q=0,en;q=0.1", "en"],
    ["*", "en"],
  ])("Accept-Language %j → %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  test("the cookie wins over the header, unless it is not a supported locale", () => {
    expect(resolveLocale("ru", "en-US")).toBe("ru");
    expect(resolveLocale("en", "ru-RU")).toBe("en");
    expect(resolveLocale("de", "ru-RU")).toBe("ru");
    expect(resolveLocale(undefined, "ru-RU")).toBe("ru");
  });
});
