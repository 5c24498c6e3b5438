import { describe, expect, it } from "vitest";
import { formatPhone } from "@/components/telegram/login/format-phone";

describe("formatPhone", () => {
  it("groups a number as its country writes it, internationally", () => {
    expect(formatPhone("447700900123")).toBe("+44 7700 900123");
    expect(formatPhone("79161234567")).toBe("+7 916 123 45 67");
  });
  it("keeps the digits of a number it does not know (Telegram's test range)", () => {
    expect(formatPhone("9996620002")).toBe("+9996620002");
  });
});
