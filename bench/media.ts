// npm run bench:media — files through the app against GramJS alone, measured against
// `next start` and the sandbox over TCP: a 200 MB download (and the server's memory during
// parallel downloads), then a 100 MB upload in a world of its own (each links its account
// afresh; a second link of the same account in one world would measure the re-link too). Prints Markdown tables for
// docs/benchmarks.md and the raw figures as JSON.
//
//   BENCH_MEDIA_MB        size of the document downloaded (default 200)
//   BENCH_MEDIA_PARALLEL  downloads at once for the memory figure (default 10)
//   BENCH_UPLOAD_MB       size of the uploaded file (default 100)
//   BENCH_BUILD_DIR       reuse an existing `next build` output instead of building

import { benchMediaDownload, downloadRows } from "./media-download";
import { benchMediaUpload, uploadReport } from "./media-upload";
import { startBenchWorld } from "./support/world";

async function main() {
  const world = await startBenchWorld({ users: 1, emailPrefix: "media-bench" });
  try {
    const download = await benchMediaDownload(world, world.users[0]!.cookie, {
      sizeMb: Number(process.env.BENCH_MEDIA_MB ?? 200),
      parallel: Number(process.env.BENCH_MEDIA_PARALLEL ?? 10),
    });
    console.log("| measure | result |\n| --- | --- |");
    for (const [name, value] of downloadRows(download)) console.log(`| ${name} | ${value} |`);
    console.log("\n" + JSON.stringify({ download }, null, 2));
  } finally {
    await world.stop();
  }
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
