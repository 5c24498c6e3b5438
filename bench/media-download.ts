// The download half of `npm run bench:media`: a large document through the app's media
// route against GramJS's own downloadMedia of the same file in the same run, and the
// server's memory while several such downloads run at once.
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { once } from "node:events";

import type { TestSandbox } from "../tests/integration/support/sandbox";
import { newClient, qrLogin } from "../tests/integration/support/sandbox";
import { residentBytes } from "./support/measure";
import type { BenchWorld } from "./support/world";
import { linkByQr } from "./support/link";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MB = 1024 * 1024;

export interface DownloadFigures {
  sizeBytes: number;
  appMs: number;
  gramJsMs: number;
  /** app throughput / GramJS throughput (goal ≥ 0.9) */
  ratio: number;
  parallel: number;
  baselineRss: number;
  peakRss: number;
  parallelMs: number;
  /** What the server process's RSS was made of (bench/support/memory-probe.cjs), if probed. */
  probe: ProbeFigures | null;
}

interface MemorySample {
  t: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface ProbeFigures {
  /** The last sample before the parallel downloads started. */
  baseline: MemorySample;
  /** The highest value of each field while they ran (not necessarily at the same moment). */
  peak: MemorySample;
  /** The sample taken at the moment of peak RSS. */
  atPeakRss: MemorySample;
}

/** The probed process with the largest RSS (next start's server, not its launcher), between two times. */
function readProbe(dir: string, from: number, to: number): ProbeFigures | null {
  let best: ProbeFigures | null = null;
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".jsonl"))) {
    const samples = readFileSync(join(dir, file), "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as MemorySample);
    const before = samples.filter((s) => s.t < from).at(-1);
    const during = samples.filter((s) => s.t >= from && s.t <= to);
    if (!before || during.length === 0) continue;
    const atPeakRss = during.reduce((a, b) => (b.rss > a.rss ? b : a));
    const peak = { ...atPeakRss };
    for (const key of ["heapUsed", "heapTotal", "external", "arrayBuffers"] as const) {
      peak[key] = Math.max(...during.map((s) => s[key]));
    }
    if (!best || atPeakRss.rss > best.atPeakRss.rss) best = { baseline: before, peak, atPeakRss };
  }
  return best;
}

/** A file of `bytes` random-looking bytes, written in 1 MB pieces (never whole in memory). */
async function writeBigFile(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const block = randomBytes(MB);
  for (let written = 0, i = 0; written < bytes; i++) {
    const piece = block.subarray(0, Math.min(MB, bytes - written));
    // Every MB differs from the others, so a misplaced slice would not compare equal.
    piece.writeUInt32LE(i, 0);
    if (!out.write(piece)) await once(out, "drain");
    written += piece.length;
  }
  out.end();
  await once(out, "finish");
}

/** Reads a response to its end, keeping nothing; returns the byte count. */
async function drain(response: Response): Promise<number> {
  if (!response.ok || !response.body) throw new Error(`download answered ${response.status}`);
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) total += chunk.length;
  return total;
}

export async function benchMediaDownload(
  world: BenchWorld,
  cookie: string,
  {
    sizeMb = 200,
    parallel = 10,
    probeDir = null,
  }: { sizeMb?: number; parallel?: number; probeDir?: string | null } = {},
): Promise<DownloadFigures> {
  const dir = mkdtempSync(join(tmpdir(), "tgdesk-bench-media-"));
  const size = sizeMb * MB;
  try {
    await linkByQr(world.app.url, cookie, "alice", world.control);
    const path = join(dir, "bench-document.bin");
    await writeBigFile(path, size);
    console.error(`[bench] sending a ${sizeMb} MB document from ivan to alice …`);
    await world.control.sendFile({ from: "ivan", to: "alice", path, fileName: "bench-document.bin" });
    rmSync(path);
    const ivan = String(world.sandbox.sandbox.world.userByKey("ivan")!.id);
    const stored = (await world.control.files("alice", "ivan", 5)).find((f) => f.fileName === "bench-document.bin");
    if (!stored) throw new Error("the bench document did not arrive");

    type Page = { messages: Array<{ id: number; media: { file?: { url: string } | null } | null }> };
    const history = (await (
      await fetch(`${world.app.url}/api/telegram/chats/${ivan}/messages`, { headers: { cookie } })
    ).json()) as Page;
    const fileUrl = history.messages.find((m) => m.id === stored.messageId)?.media?.file?.url;
    if (!fileUrl) throw new Error("the app does not show the bench document");
    const url = `${world.app.url}${fileUrl}&download=1`;

    // GramJS alone: alice's own client, downloadMedia into /dev/null (nothing kept).
    const sandboxLike = {
      port: Math.min(...world.sandbox.dcs.map((dc) => dc.port)),
      running: world.sandbox,
      control: world.control,
    } as unknown as TestSandbox;
    const client = newClient(sandboxLike);
    await client.connect();
    await qrLogin(client, sandboxLike, "alice");
    const dialog = (await client.getDialogs({ limit: 100 })).find((d) => d.id?.toString() === ivan);
    if (!dialog) throw new Error("GramJS does not see the chat with ivan");
    const [message] = await client.getMessages(dialog.inputEntity, { ids: [stored.messageId] });
    if (!message?.media) throw new Error("GramJS does not see the bench document");

    console.error("[bench] timing the app's route and GramJS's downloadMedia …");
    // Warm both paths (DC connection, exported auth) on a small range first.
    await drain(await fetch(url, { headers: { cookie, range: "bytes=0-1048575" } }));
    let started = performance.now();
    await client.downloadMedia(message, { outputFile: "/dev/null" });
    const gramJsMs = performance.now() - started;
    started = performance.now();
    const got = await drain(await fetch(url, { headers: { cookie } }));
    const appMs = performance.now() - started;
    if (got !== size) throw new Error(`the app served ${got} bytes of ${size}`);
    await client.destroy();

    console.error(`[bench] ${parallel} downloads at once …`);
    await sleep(2_000);
    const parallelFrom = Date.now();
    const baselineRss = residentBytes(world.app.pid);
    let peakRss = baselineRss;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakRss = Math.max(peakRss, residentBytes(world.app.pid));
        await sleep(200);
      }
    })();
    started = performance.now();
    const sizes = await Promise.all(
      Array.from({ length: parallel }, async () => drain(await fetch(url, { headers: { cookie } }))),
    );
    const parallelMs = performance.now() - started;
    sampling = false;
    await sampler;
    // The probe writes every 200 ms: let its last sample of the run land.
    await sleep(500);
    const probe = probeDir ? readProbe(probeDir, parallelFrom, Date.now()) : null;
    if (sizes.some((n) => n !== size)) throw new Error(`a parallel download was short: ${sizes.join(", ")}`);
    return {
      sizeBytes: size,
      appMs,
      gramJsMs,
      ratio: gramJsMs / appMs,
      parallel,
      baselineRss,
      peakRss,
      parallelMs,
      probe,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function downloadRows(f: DownloadFigures): Array<[string, string]> {
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  const rate = (ms: number) => `${(f.sizeBytes / MB / (ms / 1000)).toFixed(1)} MB/s`;
  return [
    [
      `Download of a ${mb(f.sizeBytes)} MB document through the app (media route, streamed)`,
      `${(f.appMs / 1000).toFixed(1)} s, ${rate(f.appMs)}`,
    ],
    [
      `The same file with GramJS's own downloadMedia, same run`,
      `${(f.gramJsMs / 1000).toFixed(1)} s, ${rate(f.gramJsMs)}`,
    ],
    [`App ÷ GramJS throughput (goal ≥ 0.9)`, f.ratio.toFixed(2)],
    [
      `Server RSS while ${f.parallel} such downloads run at once (goal: < 64 MB over baseline)`,
      `+${mb(f.peakRss - f.baselineRss)} MB (${mb(f.baselineRss)} → peak ${mb(f.peakRss)} MB); all ${f.parallel} done in ${(f.parallelMs / 1000).toFixed(1)} s`,
    ],
    ...probeRows(f),
  ];
}

function probeRows(f: DownloadFigures): Array<[string, string]> {
  if (!f.probe) return [];
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  const { baseline, peak, atPeakRss } = f.probe;
  return (["rss", "heapUsed", "external", "arrayBuffers"] as const).map((key) => [
    `Server process.memoryUsage().${key} during the parallel downloads`,
    `${mb(baseline[key])} → peak ${mb(peak[key])} MB (${mb(atPeakRss[key])} MB at peak RSS)`,
  ]);
}
