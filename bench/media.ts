// npm run bench:media — files through the app against GramJS alone, measured against
// `next start` and the sandbox over TCP. Prints a Markdown table for docs/benchmarks.md
// and the raw figures as JSON.
//
//   BENCH_MEDIA_MB        size of the document downloaded (default 200)
//   BENCH_MEDIA_PARALLEL  downloads at once for the memory figure (default 10)
//   BENCH_BUILD_DIR       reuse an existing `next build` output instead of building

import { benchMediaDownload, downloadRows } from "./media-download";
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
