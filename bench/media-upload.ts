// The upload half of `npm run bench:media`: a 100 MB file sent through the app's route
// (POST /api/telegram/chats/:peer/files on `next start`, the body streamed over HTTP and
// on to the sandbox in parts, then messages.sendMedia) against GramJS's own
// client.uploadFile of the same file to the same sandbox, in the same run. Goal: the
// route's throughput is at least 0.8 of GramJS's.
//
//   BENCH_UPLOAD_MB       file size (default 100)
//   BENCH_UPLOAD_ROUNDS   timed uploads each way, alternating (default 2; the best of each counts)
//   BENCH_BUILD_DIR       reuse an existing `next build` output instead of building

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { CustomFile } from "telegram/client/uploads";

import { newClient, qrLogin, type TestSandbox } from "../tests/integration/support/sandbox";
import { startBenchWorld, type BenchWorld } from "./support/world";
import { linkByQr } from "./support/link";

export interface UploadBenchResult {
  bytes: number;
  rounds: number;
  /** Seconds per upload through the app's route (HTTP in, parts out, sendMedia). */
  routeSeconds: number[];
  /** Seconds per GramJS client.uploadFile of the same file (parts only). */
  gramjsSeconds: number[];
  routeMBps: number;
  gramjsMBps: number;
  /** Best route throughput over best GramJS throughput. */
  ratio: number;
}

/** One upload through the route: the file streamed from disk as the request body. */
function postFile(url: string, cookie: string, peer: string, file: string, size: number, randomId: string) {
  return new Promise<number>((resolve, reject) => {
    const target = new URL(`/api/telegram/chats/${peer}/files?name=bench.bin&randomId=${randomId}`, url);
    const started = performance.now();
    const request = http.request(
      target,
      {
        method: "POST",
        headers: {
          cookie,
          origin: url,
          "content-type": "application/octet-stream",
          "content-length": String(size),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          if (response.statusCode !== 201) {
            reject(new Error(`upload answered ${response.statusCode}: ${Buffer.concat(chunks).toString()}`));
          } else resolve((performance.now() - started) / 1000);
        });
      },
    );
    request.on("error", reject);
    fs.createReadStream(file).pipe(request);
  });
}

/** Measures the upload throughput of the app's route against GramJS's uploadFile alone. */
export async function benchMediaUpload(
  options: { world?: BenchWorld; megabytes?: number; rounds?: number } = {},
): Promise<UploadBenchResult> {
  const megabytes = options.megabytes ?? Number(process.env.BENCH_UPLOAD_MB ?? 100);
  const rounds = options.rounds ?? Number(process.env.BENCH_UPLOAD_ROUNDS ?? 2);
  const size = Math.round(megabytes * 1024 * 1024);
  const world = options.world ?? (await startBenchWorld({ users: 1, emailPrefix: "media-upload-bench" }));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tgdesk-upload-bench-"));
  const file = path.join(tmp, "bench.bin");
  // The sandbox as the test helpers know it (DC 1's port, its key, its control client).
  const sb = { running: world.sandbox, control: world.control, port: world.sandbox.dcs[0]!.port } as TestSandbox;
  const gramjs = newClient(sb);
  try {
    // Written in 8 MB slices: the benchmark itself never holds the whole file either.
    const out = fs.openSync(file, "w");
    for (let written = 0; written < size; written += 8 * 1024 * 1024) {
      fs.writeSync(out, randomBytes(Math.min(8 * 1024 * 1024, size - written)));
    }
    fs.closeSync(out);
    const cookie = world.users[0]!.cookie;
    await linkByQr(world.app.url, cookie, "alice", world.control);
    const bob = String(world.sandbox.sandbox.world.userByKey("bob")!.id);
    await gramjs.connect();
    await qrLogin(gramjs, sb, "alice");

    const routeSeconds: number[] = [];
    const gramjsSeconds: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const randomId = String(BigInt(Date.now()) * 1000n + BigInt(round) + 1n);
      routeSeconds.push(await postFile(world.app.url, cookie, bob, file, size, randomId));
      const received = (await world.control.files("bob", "alice", 1))[0];
      if (received?.size !== size) throw new Error(`bob got ${JSON.stringify(received)} after the route upload`);
      const started = performance.now();
      await gramjs.uploadFile({ file: new CustomFile("bench.bin", size, file), workers: 1 });
      gramjsSeconds.push((performance.now() - started) / 1000);
      process.stderr.write(
        `[bench:media upload] round ${round + 1}/${rounds}: route ${routeSeconds.at(-1)!.toFixed(1)} s, ` +
          `GramJS uploadFile ${gramjsSeconds.at(-1)!.toFixed(1)} s\n`,
      );
    }
    const mbps = (seconds: number) => megabytes / seconds;
    const routeMBps = mbps(Math.min(...routeSeconds));
    const gramjsMBps = mbps(Math.min(...gramjsSeconds));
    return { bytes: size, rounds, routeSeconds, gramjsSeconds, routeMBps, gramjsMBps, ratio: routeMBps / gramjsMBps };
  } finally {
    await gramjs.destroy().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!options.world) await world.stop();
  }
}

/** The Markdown rows for docs/benchmarks.md. */
export function uploadReport(result: UploadBenchResult): string {
  const mb = (result.bytes / 1024 / 1024).toFixed(0);
  return [
    `| upload of a ${mb} MB file (best of ${result.rounds}) | MB/s |`,
    "| --- | --- |",
    `| through the app's route (HTTP → parts → sendMedia) | ${result.routeMBps.toFixed(2)} |`,
    `| GramJS client.uploadFile alone (workers: 1) | ${result.gramjsMBps.toFixed(2)} |`,
    `| ratio (goal ≥ 0.8) | ${result.ratio.toFixed(2)} |`,
  ].join("\n");
}
