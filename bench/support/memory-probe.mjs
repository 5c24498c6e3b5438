// Preloaded into the app's processes by a benchmark (NODE_OPTIONS=--import …) so it can tell
// what resident memory is made of: RSS alone cannot tell a held buffer from freed memory the
// allocator keeps. Appends one JSON line per sample to $TGDESK_MEMORY_PROBE_DIR/<pid>.jsonl.
// Nothing of the app is touched; without the variable it does nothing.
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { setInterval } from "node:timers";

const dir = process.env.TGDESK_MEMORY_PROBE_DIR;
if (dir) {
  const file = path.join(dir, `${process.pid}.jsonl`);
  const every = Number(process.env.TGDESK_MEMORY_PROBE_MS || 200);
  const timer = setInterval(() => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const line = JSON.stringify({ t: Date.now(), rss, heapUsed, heapTotal, external, arrayBuffers });
    fs.appendFile(file, `${line}\n`, () => {});
  }, every);
  timer.unref();
}
