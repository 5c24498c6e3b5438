// Webhook signing (checked with the standardwebhooks library a receiver would use), the
// SSRF address rules and the retry schedule.
import { describe, expect, test } from "vitest";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { newWebhookSecret, signWebhook } from "@/lib/webhooks/signing";
import { BlockedAddressError, classifyAddress, isAcceptableWebhookUrl, resolveTarget } from "@/lib/webhooks/addresses";
import { BACKOFF_CAP_MS, RETRY_WINDOW_MS, backoffMs, nextAttemptAt } from "@/lib/webhooks/backoff";
import { eventIdOf } from "@/lib/webhooks/outbox";

describe("signing", () => {
  test("a delivery signed here verifies with standardwebhooks' Webhook.verify, and a changed body does not", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: "message.received", data: { text: "Привет" } });
    const headers = signWebhook(secret, "msg_abc", body);
    expect(headers["webhook-id"]).toBe("msg_abc");
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace("Привет", "Hello"), { ...headers })).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(newWebhookSecret()).verify(body, { ...headers })).toThrow(WebhookVerificationError);
  });

  test("an old timestamp is refused by the verifier (replay window)", () => {
    const secret = newWebhookSecret();
    const headers = signWebhook(secret, "msg_old", "{}", new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify("{}", { ...headers })).toThrow(/timestamp/i);
  });

  test("event ids are stable for the same facts and differ otherwise", () => {
    expect(eventIdOf("message.received", "a:1:2")).toBe(eventIdOf("message.received", "a:1:2"));
    expect(eventIdOf("message.received", "a:1:2")).not.toBe(eventIdOf("message.sent", "a:1:2"));
    expect(eventIdOf("message.received", "a:1:2")).toMatch(/^msg_[A-Za-z0-9_-]{32}$/);
  });
});

describe("SSRF address classification", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["fd12:3456::1", "private"],
    ["::ffff:10.0.0.1", "private"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["2606:4700::1111", "public"],
    ["not-an-ip", "reserved"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  test("a host with any private answer is refused unless allowed; the first answer is the one connected to", async () => {
    const resolver = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ];
    await expect(resolveTarget(new URL("https://hooks.example/x"), false, resolver)).rejects.toBeInstanceOf(
      BlockedAddressError,
    );
    await expect(resolveTarget(new URL("https://hooks.example/x"), true, resolver)).resolves.toEqual({
      address: "93.184.216.34",
      family: 4,
    });
    await expect(resolveTarget(new URL("http://127.0.0.1:9/x"), false)).rejects.toThrow(/loopback/);
    await expect(resolveTarget(new URL("http://[::1]:9/x"), false)).rejects.toThrow(/loopback/);
    // Unspecified addresses reach the local machine on Linux: never allowed.
    await expect(resolveTarget(new URL("http://0.0.0.0:9/x"), true)).rejects.toThrow(/unspecified/);
  });

  test("only http(s) URLs without credentials are webhook URLs", () => {
    expect(isAcceptableWebhookUrl("https://example.com/hook")).toBe(true);
    expect(isAcceptableWebhookUrl("http://127.0.0.1:8080/")).toBe(true);
    expect(isAcceptableWebhookUrl("ftp://example.com/")).toBe(false);
    expect(isAcceptableWebhookUrl("file:///etc/passwd")).toBe(false);
    expect(isAcceptableWebhookUrl("https://user:pw@example.com/")).toBe(false);
    expect(isAcceptableWebhookUrl("not a url")).toBe(false);
  });
});

describe("retry schedule", () => {
  test("exponential from 5 s with jitter between half and all of the step, capped at 1 h", () => {
    expect(backoffMs(1, () => 0)).toBe(2_500);
    expect(backoffMs(1, () => 1)).toBe(5_000);
    expect(backoffMs(2, () => 1)).toBe(10_000);
    expect(backoffMs(3, () => 0.5)).toBe(15_000);
    expect(backoffMs(11, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(40, () => 0)).toBe(BACKOFF_CAP_MS / 2);
  });

  test("retries stop 24 h after the event: the next attempt past the window is none", () => {
    const created = new Date("2026-12-01T00:00:00Z");
    const soon = nextAttemptAt(1, created, new Date(created.getTime() + 1_000), () => 1);
    expect(soon?.getTime()).toBe(created.getTime() + 6_000);
    const late = new Date(created.getTime() + RETRY_WINDOW_MS - 60_000);
    expect(nextAttemptAt(20, created, late, () => 1)).toBeNull();
    // Summed over a day the schedule is about 30 attempts, not hundreds.
    let at = created.getTime();
    let attempts = 0;
    for (let n = 1; ; n++) {
      const next = nextAttemptAt(n, created, new Date(at), () => 0.5);
      if (!next) break;
      at = next.getTime();
      attempts = n;
    }
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(45);
  });
});
