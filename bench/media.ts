// npm run bench:media — files through the app against GramJS alone, measured against
// `next start` and the sandbox over TCP: a 200 MB download (and the server's memory during
// parallel downloads), then a 100 MB upload in a world of its own (each links its account
// afresh; a second link of the same account in one world would measure the re-link too). Prints Markdown tables for
// docs/benchmarks.md and the raw figures as JSON.
//
//   BENCH_MEDIA_MB        size of the document downloaded (default 200)
//   BENCH_MEDIA_PARALLEL  downloads at once for the memory figure (default 10)
//   BENCH_UPLOAD_MB       size of the uploaded file (default 100)
//   BENCH_SKIP_UPLOAD     1: the download half only
//   BENCH_BUILD_DIR       reuse an existing `next build` output instead of building

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { benchMediaDownload, downloadRows } from "./media-download";
import { benchMediaUpload, uploadReport } from "./media-upload";
import { startBenchWorld } from "./support/world";

async function main() {
  // The server's own view of its memory (heap, external, array buffers) beside its RSS.
  const probeDir = mkdtempSync(join(tmpdir(), "tgdesk-bench-memory-"));
  const probe = `--import ${pathToFileURL(resolve("bench/support/memory-probe.mjs")).href}`;
  const world = await startBenchWorld({
    users: 1,
    emailPrefix: "media-bench",
    appEnv: {
      TGDESK_MEMORY_PROBE_DIR: probeDir,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, probe].filter(Boolean).join(" "),
    },
  });
  try {
    const download = await benchMediaDownload(world, world.users[0]!.cookie, {
      sizeMb: Number(process.env.BENCH_MEDIA_MB ?? 200),
      parallel: Number(process.env.BENCH_MEDIA_PARALLEL ?? 10),
      probeDir,
    });
    console.log("| measure | result |\n| --- | --- |");
    for (const [name, value] of downloadRows(download)) console.log(`| ${name} | ${value} |`);
    console.log("\n" + JSON.stringify({ download }, null, 2));
  } catch (error) {
    // The server's own account of what went wrong (a crash, an error it logged).
    console.error(world.app.logs().slice(-4000));
    throw error;
  } finally {
    await world.stop();
    rmSync(probeDir, { recursive: true, force: true });
  }
  if (process.env.BENCH_SKIP_UPLOAD === "1") return;
  const upload = await benchMediaUpload();
  console.log("\n" + uploadReport(upload));
  console.log("\n" + JSON.stringify({ upload }, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
