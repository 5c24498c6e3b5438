import { describe, expect, it } from "vitest";
import { telegramAccountLabel } from "@/lib/telegram/account-label";

describe("telegramAccountLabel", () => {
  it("names an account by its name and @username", () => {
    expect(
      telegramAccountLabel({ firstName: "Alice", lastName: "Liddell", username: "alice", phone: "447700900123" }),
    ).toBe("Alice Liddell (@alice)");
  });
  it("falls back to the formatted number when there is no username", () => {
    expect(telegramAccountLabel({ firstName: "Bob", lastName: null, username: null, phone: "447700900123" })).toBe(
      "Bob (+44 7700 900123)",
    );
  });
  it("is the name alone when neither is known", () => {
    expect(telegramAccountLabel({ firstName: "Carol", lastName: "", username: null, phone: null })).toBe("Carol");
  });
});
