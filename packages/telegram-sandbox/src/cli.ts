// npm run sandbox -- <command>   (or the package's bin, telegram-sandbox <command>); USAGE below lists them.
// Every command but start talks to the control API of a running sandbox
// (--control http://host:port, or SANDBOX_HOST/SANDBOX_CONTROL_PORT), with the token the
// sandbox wrote into its state directory (--dir, or SANDBOX_DIR / DATA_DIR/sandbox).
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SandboxControlClient, SandboxControlError } from "./control-client";
import { sandboxSettings } from "./settings";

const USAGE = `usage: npm run sandbox -- <command> [options]
  start [--dir D] [--host H] [--port P] [--control-port C] [--dc-count N] [--token-ttl S] [--bench]
  info | users | sessions [--user U] | seed-bench
  scan <tg://login?token=…> --as <user>
  send --from <user> --to <user> --text <text> [--reply-to N]
  edit --as <user> (--peer <user> | --channel C) --id N --text <text>
  delete --as <user> --id N[,N…] [--revoke] | delete --as <user> --channel C --id N[,N…]
  send --from <user> --to <user> --file <path> [--caption T] [--name N] [--mime M] [--photo | --voice [--duration S]]
  files --user <user> --peer <user> | file-get (--id F | --user U --peer P --message N) [--thumb m] --out <path>
  expire-refs [--id F] | file-dc <n|auto> | file-move --id F --dc <n>
  revoke --user <user> [--key <keyId>] [--hash <hash>] | drop --user <user> [--key <keyId>]
  fault --method <m> [--error FLOOD_WAIT_30] [--delay <ms>] [--user U] [--times N] | faults | fault-clear [--id N]
  token-ttl <seconds> | counters [--user U] [--key K] | counters-reset [--user U] [--key K]
See packages/telegram-sandbox/README.md.`;

// A mistyped option is said in one line with the usage, not as a stack trace.
function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        dir: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        "control-port": { type: "string" },
        "dc-count": { type: "string" },
        "token-ttl": { type: "string" },
        bench: { type: "boolean" },
        control: { type: "string" },
        as: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        text: { type: "string" },
        file: { type: "string" },
        caption: { type: "string" },
        name: { type: "string" },
        mime: { type: "string" },
        photo: { type: "boolean" },
        voice: { type: "boolean" },
        duration: { type: "string" },
        peer: { type: "string" },
        message: { type: "string" },
        thumb: { type: "string" },
        out: { type: "string" },
        dc: { type: "string" },
        user: { type: "string" },
        key: { type: "string" },
        hash: { type: "string" },
        method: { type: "string" },
        error: { type: "string" },
        delay: { type: "string" },
        times: { type: "string" },
        id: { type: "string" },
        channel: { type: "string" },
        revoke: { type: "boolean" },
        "reply-to": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`sandbox: ${(error as Error).message.split(". ")[0]}\n${USAGE}`);
    process.exit(2);
  }
}

const { values: o, positionals } = parseCommandLine();
if (o.help || positionals[0] === "help") {
  console.log(USAGE);
  process.exit(0);
}

const [cmd, ...rest] = positionals;
const env = sandboxSettings(process.env);
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const print = (v: unknown) => console.log(typeof v === "string" ? v : JSON.stringify(v, null, 2));

async function start(): Promise<void> {
  const { startSandbox } = await import("./index");
  const host = o.host ?? env.host;
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1")
    throw new Error("the sandbox only listens on loopback");
  const sb = await startSandbox({
    dir: o.dir ?? env.dir,
    host,
    port: num(o.port) ?? env.port,
    controlPort: num(o["control-port"]) ?? env.controlPort,
    dcCount: num(o["dc-count"]),
    tokenTtlSeconds: num(o["token-ttl"]),
    benchSeed: o.bench,
  });
  console.log(
    `Sandbox Telegram running: ${sb.dcs.map((d) => `DC${d.id} ${d.host}:${d.port}`).join(", ")}; control ${sb.controlUrl}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Sandbox stopping (${signal})…`);
    sb.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

async function control(): Promise<void> {
  const c = SandboxControlClient.forDir(o.control ?? `http://${env.host}:${env.controlPort}`, o.dir ?? env.dir);
  const sel = { user: o.user, keyId: o.key };
  switch (cmd) {
    case "info": {
      const i = await c.info();
      for (const d of i.dcs) console.log(`DC${d.id}  ${d.host}:${d.port}`);
      console.log(`token TTL ${i.tokenTtlSeconds}s, key fingerprint ${i.fingerprint}`);
      console.log(i.publicKeyPem.trim());
      return;
    }
    case "users": {
      const users = await c.listUsers();
      if (o.json) return print(users);
      for (const u of users) {
        console.log(
          `${(u.username ?? String(u.id)).padEnd(8)} ${`${u.firstName} ${u.lastName ?? ""}`.padEnd(20)} +${u.phone}  DC${u.homeDc}  code ${u.code}  ${u.has2fa ? `2FA (hint: ${u.hint})` : "no 2FA"}  sessions ${u.sessions}`,
        );
      }
      return;
    }
    case "sessions":
      return print(await c.sessions(sel));
    case "scan": {
      if (!rest[0] || !o.as) throw new Error("usage: scan <tg://login?token=…> --as <user>");
      const r = await c.scan(rest[0], o.as);
      return print(`Accepted as ${r.user.username ?? r.user.id}`);
    }
    case "send": {
      if (o.file) {
        if (!o.from || !o.to) throw new Error("usage: send --from <user> --to <user> --file <path> [--caption T]");
        return print(
          await c.sendFile({
            from: o.from,
            to: o.to,
            path: resolve(o.file),
            caption: o.caption ?? o.text,
            fileName: o.name,
            mimeType: o.mime,
            kind: o.photo ? "photo" : o.voice ? "voice" : "document",
            duration: num(o.duration),
          }),
        );
      }
      const text = o.text ?? rest.join(" ");
      if (!o.from || !o.to || !text) throw new Error("usage: send --from <user> --to <user> --text <text>");
      if (o["reply-to"]) return print(await c.reply(o.from, o.to, text, Number(o["reply-to"])));
      return print(await c.sendMessage(o.from, o.to, text));
    }
    case "edit": {
      const text = o.text ?? rest.join(" ");
      if (!o.as || !o.id || !text || (!o.peer && !o.channel))
        throw new Error("usage: edit --as <user> (--peer <user> | --channel C) --id N --text <text>");
      return print(
        o.channel
          ? await c.editPost(o.as, o.channel, Number(o.id), text)
          : await c.editMessage(o.as, o.peer!, Number(o.id), text),
      );
    }
    case "delete": {
      if (!o.as || !o.id) throw new Error("usage: delete --as <user> --id N[,N…] [--revoke] [--channel C]");
      const ids = o.id.split(",").map(Number);
      return print(
        o.channel ? await c.deletePosts(o.as, o.channel, ids) : await c.deleteMessages(o.as, ids, !!o.revoke),
      );
    }
    case "files":
      if (!o.user || !o.peer) throw new Error("usage: files --user <user> --peer <user>");
      return print(await c.files(o.user, o.peer, 100));
    case "file-get": {
      if (!o.out) throw new Error("usage: file-get (--id F | --user U --peer P --message N) [--thumb m] --out <path>");
      const bytes = await c.fileBytes(
        o.id
          ? { fileId: o.id, thumb: o.thumb }
          : { user: o.user ?? "", peer: o.peer ?? "", messageId: Number(o.message), thumb: o.thumb },
      );
      writeFileSync(o.out, bytes);
      return print(`${bytes.length} bytes written to ${o.out}`);
    }
    case "expire-refs":
      return print(await c.expireFileReferences(o.id));
    case "file-dc":
      if (!rest[0]) throw new Error("usage: file-dc <n|auto>");
      return print(await c.setFileDc(rest[0] === "auto" ? null : Number(rest[0])));
    case "file-move":
      if (!o.id || !o.dc) throw new Error("usage: file-move --id F --dc <n>");
      return print(await c.moveFile(o.id, Number(o.dc)));
    case "revoke":
      return print(await c.revoke({ ...sel, hash: o.hash }));
    case "drop":
      return print(await c.dropConnections(sel));
    case "fault":
      if (!o.method) throw new Error("usage: fault --method <name|*> [--error E] [--delay ms] [--user U] [--times N]");
      return print(
        await c.setFault({
          method: o.method,
          error: o.error,
          delayMs: num(o.delay),
          user: o.user,
          times: num(o.times),
        }),
      );
    case "faults":
      return print(await c.faults());
    case "fault-clear":
      return print(await c.clearFaults(num(o.id)));
    case "token-ttl":
      if (!rest[0]) throw new Error("usage: token-ttl <seconds>");
      return print(await c.setTokenTtl(Number(rest[0])));
    case "counters":
      return print(await c.counters(sel));
    case "counters-reset":
      return print(await c.resetCounters(sel));
    case "seed-bench":
      return print(await c.seedBench());
    default:
      throw new Error(
        `unknown command ${cmd ?? "(none)"}; see the header of packages/telegram-sandbox/src/cli.ts or its README.md`,
      );
  }
}

(cmd === "start" ? start() : control()).catch((e: unknown) => {
  if (e instanceof SandboxControlError) console.error(`sandbox: ${e.error}${e.code ? ` (${e.code})` : ""}`);
  else console.error(`sandbox: ${(e as Error).message}`);
  process.exit(1);
});
