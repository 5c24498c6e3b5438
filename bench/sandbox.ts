// npm run bench:sandbox — handshake time and QR logins per second with the real GramJS
// client over loopback TCP. The sandbox runs in its own process (npm run sandbox -- start)
// so its CPU time can be told apart from the clients'. Prints a Markdown table.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api, type TelegramClient } from "telegram";
import { SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";
import { SANDBOX_API_HASH, SANDBOX_API_ID, buildTelegramClient } from "../lib/telegram/gramjs/connect-core";

const HANDSHAKES = Number(process.env.BENCH_HANDSHAKES ?? 50);
const LOGINS = Number(process.env.BENCH_LOGINS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "tgdesk-bench-"));
  const port = 23001;
  const controlPort = 23000;
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "packages/telegram-sandbox/src/cli.ts",
      "start",
      "--dir",
      dir,
      "--port",
      String(port),
      "--control-port",
      String(controlPort),
      "--bench",
    ],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  let control: SandboxControlClient;
  let info;
  for (let i = 0; ; i++) {
    try {
      // The token file appears once the sandbox has started; until then this throws too.
      control = SandboxControlClient.forDir(`http://127.0.0.1:${controlPort}`, dir);
      info = await control.info();
      break;
    } catch (e) {
      if (i > 300) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const sb = { publicKeyPem: info.publicKeyPem };
  // utime + stime of the sandbox process, in ms (Linux /proc; clock ticks of 10 ms).
  const serverCpuMs = () => {
    const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  const mk = (): TelegramClient =>
    buildTelegramClient({
      session: "",
      mode: "sandbox",
      sandbox: { host: "127.0.0.1", port, publicKeyPem: sb.publicKeyPem },
      connectionRetries: 1,
    });

  // Warm-up (JIT, first key generation).
  for (let i = 0; i < 3; i++) {
    const c = mk();
    await c.connect();
    await c.destroy();
  }

  // 1. Handshake: a brand-new client: TCP connect, auth-key exchange, initConnection + help.getConfig.
  const hs: number[] = [];
  const cpuHs0 = serverCpuMs();
  for (let i = 0; i < HANDSHAKES; i++) {
    const c = mk();
    const t0 = performance.now();
    if (!(await c.connect())) throw new Error("connect failed");
    hs.push(performance.now() - t0);
    await c.destroy();
  }
  const serverCpuPerHandshake = (serverCpuMs() - cpuHs0) / HANDSHAKES;

  // 2. QR logins: export token → phone accepts (control API) → updateLoginToken → export → success.
  const users = ["alice", "carol", "erin", "frank"]; // carol migrates to DC1
  const lat: number[] = [];
  let done = 0;
  const stage = new Map<number, string>();
  const failures: string[] = [];
  async function oneLogin(i: number) {
    const timer = new Promise<never>((_, rej) =>
      setTimeout(() => rej(new Error(`login ${i} stuck at ${stage.get(i)}`)), 20_000).unref(),
    );
    await Promise.race([loginOnce(i), timer]).catch((e: unknown) => {
      failures.push((e as Error).message);
    });
  }
  async function loginOnce(i: number) {
    const c = mk();
    const at = (s: string) => stage.set(i, s);
    try {
      const t0 = performance.now();
      at("connect");
      await c.connect();
      at("export");
      const t = (await c.invoke(
        new Api.auth.ExportLoginToken({ apiId: SANDBOX_API_ID, apiHash: SANDBOX_API_HASH, exceptIds: [] }),
      )) as Api.auth.LoginToken;
      at("scan");
      const pushed = new Promise<void>((resolve) =>
        c.addEventHandler((u: unknown) => u instanceof Api.UpdateLoginToken && resolve()),
      );
      await control.scan(`tg://login?token=${t.token.toString("base64url")}`, users[i % users.length]!);
      at("wait for updateLoginToken");
      await pushed;
      at("second export");
      let r = await c.invoke(
        new Api.auth.ExportLoginToken({ apiId: SANDBOX_API_ID, apiHash: SANDBOX_API_HASH, exceptIds: [] }),
      );
      if (r instanceof Api.auth.LoginTokenMigrateTo) {
        at("switch DC");
        await (c as unknown as { _switchDC(dc: number): Promise<void> })._switchDC(r.dcId);
        at("import");
        r = await c.invoke(new Api.auth.ImportLoginToken({ token: r.token }));
      }
      if (!(r instanceof Api.auth.LoginTokenSuccess)) throw new Error(`login failed: ${r.className}`);
      at("done");
      lat.push(performance.now() - t0);
      done++;
    } finally {
      await c.destroy();
    }
  }
  // One at a time first: the latency a single person sees.
  for (let i = 0; i < 20; i++) await oneLogin(i * 4); // alice only: no migration
  const single = lat.splice(0);
  done = 0;
  const cpuLogin0 = serverCpuMs();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < LOGINS) await oneLogin(next++);
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const serverCpuPerLogin = (serverCpuMs() - cpuLogin0) / done;

  // 3. Reads on the benchmark world.
  const bench = mk();
  await bench.connect();
  const bt = (await bench.invoke(
    new Api.auth.ExportLoginToken({ apiId: SANDBOX_API_ID, apiHash: SANDBOX_API_HASH, exceptIds: [] }),
  )) as Api.auth.LoginToken;
  await control.scan(`tg://login?token=${bt.token.toString("base64url")}`, "bench");
  await new Promise((r) => setTimeout(r, 100));
  await bench.invoke(
    new Api.auth.ExportLoginToken({ apiId: SANDBOX_API_ID, apiHash: SANDBOX_API_HASH, exceptIds: [] }),
  );
  let td = performance.now();
  let n = 0;
  for await (const _ of bench.iterDialogs({})) n++;
  const dialogsMs = performance.now() - td;
  const hist: number[] = [];
  for (let i = 0; i < 20; i++) {
    td = performance.now();
    await bench.invoke(
      new Api.messages.GetHistory({
        peer: "bench_peer_1",
        offsetId: 10000 - i * 100,
        addOffset: 0,
        limit: 100,
        maxId: 0,
        minId: 0,
        hash: 0 as never,
        offsetDate: 0,
      }),
    );
    hist.push(performance.now() - td);
  }
  await bench.destroy();
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  rmSync(dir, { recursive: true, force: true });

  const rows = [
    [
      "Handshake (new client: TCP + auth key + initConnection/getConfig)",
      `p50 ${ms(pct(hs, 50))}, p95 ${ms(pct(hs, 95))} (n=${HANDSHAKES}, sequential)`,
    ],
    [
      "QR login end to end, one at a time (connect → export → scan → update → success)",
      `p50 ${ms(pct(single, 50))}, p95 ${ms(pct(single, 95))} (n=${single.length})`,
    ],
    [
      "QR login end to end under load",
      `p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))} (n=${done}, ${CONCURRENCY} at a time, 1 in 4 migrates DC)`,
    ],
    ["QR logins per second (clients and sandbox on one machine)", `${(done / secs).toFixed(1)} /s`],
    [
      "Sandbox CPU per handshake / per QR login",
      `${serverCpuPerHandshake.toFixed(1)} ms / ${serverCpuPerLogin.toFixed(1)} ms (≈ ${Math.floor(1000 / serverCpuPerLogin)} logins/s per core)`,
    ],
    [`iterDialogs over ${n} dialogs`, ms(dialogsMs)],
    ["messages.getHistory, 100 of 10,000 messages", `p50 ${ms(pct(hist, 50))}, p95 ${ms(pct(hist, 95))}`],
  ];
  if (failures.length) console.log(`\n${failures.length} login(s) failed:\n${failures.join("\n")}`);
  console.log(`\nSandbox benchmark, ${new Date().toISOString()}, Node ${process.version}\n`);
  console.log("| measure | result |\n| --- | --- |");
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
