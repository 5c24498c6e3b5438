// npm run bench:updates — how fast Telegram's updates reach the person. Against `next
// start`, the sandbox data centre over TCP and a real Chromium:
//   live:     a message sent through the sandbox (another user's phone) → its bubble in
//             the open chat, BENCH_LIVE messages one at a time; p50/p95.
//   recovery: the app is killed, BENCH_MISSED messages reach the account meanwhile, the
//             app starts again; from the moment it answers until every missed message
//             has reached the browser's live stream, and until the newest is on screen.
// Prints a Markdown table for docs/benchmarks.md and the raw figures as JSON.
//
//   BENCH_LIVE        live messages timed (default 100)
//   BENCH_MISSED      messages sent while the app is down (default 1000)
//   BENCH_BUILD_DIR   reuse an existing `next build` output instead of building

import type { Page } from "playwright-core";
import type { SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";
import { launchBrowser } from "../tests/support/browser";
import { percentile } from "./support/measure";
import { startBenchWorld } from "./support/world";
import { linkByQr } from "./support/link";

const LIVE = Number(process.env.BENCH_LIVE ?? 100);
const MISSED = Number(process.env.BENCH_MISSED ?? 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  const world = await startBenchWorld({ users: 1, emailPrefix: "updates-bench" });
  const { app, control } = world;
  const sandboxWorld = world.sandbox.sandbox.world;
  const frank = String(sandboxWorld.userByKey("frank")!.id);
  const browser = await launchBrowser();
  try {
    const cookie = world.users[0]!.cookie;
    await linkByQr(app.url, cookie, "alice", control);
    const context = await browser.newContext({ baseURL: app.url, locale: "en-US" });
    await context.addCookies(
      cookie.split(/;\s*/).map((pair) => {
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: app.url };
      }),
    );
    const page = await context.newPage();
    const live = await measureLive(page, control, frank);
    const recovery = await measureRecovery(page, control, frank, world.app);
    report({ live, recovery });
  } finally {
    await browser.dispose();
    await world.stop();
  }
}

async function openChat(page: Page, peer: string): Promise<void> {
  await page.goto(`/telegram/chats/${peer}`);
  await page.getByTestId("composer").waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.documentElement.dataset.live === "connected", undefined, {
    timeout: 30_000,
  });
}

/** Sent through the sandbox → bubble in the DOM, timed on one clock (Date.now on both sides). */
async function measureLive(page: Page, control: SandboxControlClient, peer: string): Promise<number[]> {
  await openChat(page, peer);
  await page.evaluate(() => {
    const seen = new Map<string, number>();
    (window as unknown as { seenAt: Map<string, number> }).seenAt = seen;
    new MutationObserver(() => {
      // The text element alone: the bubble's whole text runs on into its time ("…1" + "09:46").
      for (const node of document.querySelectorAll('[data-testid="message-text"]')) {
        const match = /^live probe (\d+)$/.exec(node.textContent ?? "");
        if (match && !seen.has(match[1]!)) seen.set(match[1]!, Date.now());
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const latencies: number[] = [];
  for (let i = 1; i <= LIVE; i++) {
    const sentAt = Date.now();
    await control.sendMessage("frank", "alice", `live probe ${i}`);
    const handle = await page.waitForFunction(
      (n) => (window as unknown as { seenAt: Map<string, number> }).seenAt.get(String(n)),
      i,
      { timeout: 15_000, polling: "raf" },
    );
    latencies.push(((await handle.jsonValue()) as number) - sentAt);
    await sleep(20);
  }
  return latencies;
}

async function measureRecovery(
  page: Page,
  control: SandboxControlClient,
  peer: string,
  app: { kill(): Promise<void>; restart(): Promise<void> },
): Promise<{ streamMs: number; visibleMs: number; received: number; unique: number }> {
  await page.goto("about:blank");
  await app.kill();
  for (let i = 1; i <= MISSED; i++) await control.sendMessage("frank", "alice", `missed ${i}`);
  await app.restart();
  const upAt = Date.now();
  // A page that is no Telegram screen: its live stream is what connects the account.
  await page.goto("/robots.txt");
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    const source = new EventSource("/api/telegram/events");
    source.onmessage = (event) => {
      const data = JSON.parse(event.data as string) as { type: string; message?: { text: string } };
      if (data.type === "message" && data.message?.text.startsWith("missed ")) seen.push(data.message.text);
    };
  });
  const handle = await page.waitForFunction(
    (n) => {
      const seen = (window as unknown as { seen: string[] }).seen;
      return seen.length >= n ? Date.now() : 0;
    },
    MISSED,
    { timeout: 120_000, polling: 20 },
  );
  const streamMs = (await handle.jsonValue()) - upAt;
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen.slice());
  await openChat(page, peer);
  await page
    .getByTestId("message")
    .filter({ hasText: `missed ${MISSED}` })
    .last()
    .waitFor({ timeout: 60_000 });
  const visibleMs = Date.now() - upAt;
  return { streamMs, visibleMs, received: seen.length, unique: new Set(seen).size };
}

function report(r: {
  live: number[];
  recovery: { streamMs: number; visibleMs: number; received: number; unique: number };
}): void {
  const rows = [
    "| Measurement | p50 | p95 | Goal |",
    "| --- | --- | --- | --- |",
    `| Sandbox send → bubble in the open chat (${r.live.length} messages) | ${ms(percentile(r.live, 50))} | ${ms(percentile(r.live, 95))} | p95 < 50 ms |`,
    `| Restart → all ${MISSED} missed messages in the live stream (${r.recovery.unique} distinct of ${r.recovery.received}) | ${ms(r.recovery.streamMs)} | | < 3 s |`,
    `| Restart → newest missed message on screen in the open chat | ${ms(r.recovery.visibleMs)} | | < 3 s |`,
  ];
  console.log(rows.join("\n"));
  console.log(JSON.stringify(r));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
