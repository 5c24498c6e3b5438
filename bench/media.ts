// npm run bench:media — the media figures for docs/benchmarks.md: upload throughput of a
// 100 MB file through the app's route against GramJS's uploadFile (bench/media-upload.ts).
// The download half (200 MB through the app against downloadMedia, memory under 10
// downloads) is added beside it by the receiving side's branch.
import { benchMediaUpload, uploadReport } from "./media-upload";

async function main() {
  const upload = await benchMediaUpload();
  console.log(uploadReport(upload));
  console.log(JSON.stringify({ upload }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
