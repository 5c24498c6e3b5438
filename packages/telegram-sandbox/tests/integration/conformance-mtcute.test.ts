// The sandbox driven by an independent MTProto client: mtcute (its own TL layer, 227, its
// own transports and auth-key code), not GramJS, which the app uses. What passes here
// does not depend on GramJS happening not to meet a fault.
import { addPublicKey, findKeyByFingerprints, parsePublicKey } from "@mtcute/core/utils.js";
import {
  IntermediatePacketCodec,
  Long,
  MemoryStorage,
  ObfuscatedPacketCodec,
  PaddedIntermediatePacketCodec,
  TcpTransport,
  TelegramClient,
  tl,
  type Document,
  type Message,
  type Photo,
} from "@mtcute/node";
import { randomBytes } from "node:crypto";
import { NodeCryptoProvider } from "@mtcute/node/utils.js";
import { format } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "@/tests/integration/support/sandbox";

type Codec = "intermediate" | "padded" | "obfuscated-intermediate" | "obfuscated-padded";

function transport(codec: Codec): TcpTransport {
  const make = () => {
    switch (codec) {
      case "intermediate":
        return new IntermediatePacketCodec();
      case "padded":
        return new PaddedIntermediatePacketCodec();
      case "obfuscated-intermediate":
        return new ObfuscatedPacketCodec(new IntermediatePacketCodec());
      case "obfuscated-padded":
        return new ObfuscatedPacketCodec(new PaddedIntermediatePacketCodec());
    }
  };
  return new (class extends TcpTransport {
    override packetCodec() {
      return make() as never;
    }
  })();
}

let sb: TestSandbox;
const clients: TelegramClient[] = [];
const log: string[] = [];

beforeAll(async () => {
  const crypto = new NodeCryptoProvider();
  await crypto.initialize?.();
  // mtcute indexes a key by its zero-padded hex fingerprint but looks the server's up
  // unpadded (an unsigned Long's toString(16)), so it never finds a key whose fingerprint
  // starts with a 0 nibble: one fresh sandbox key in 16, and every test then timed out
  // (the CI failures once put down to getNearestDc). Such a key is mtcute's bug, not the
  // sandbox's, so the test starts again with a new key until mtcute can find it.
  for (let attempt = 1; ; attempt++) {
    sb = await startTestSandbox({ logger: (l) => log.push(`${new Date().toISOString()} ${l}`) });
    addPublicKey(crypto, sb.running.publicKeyPem);
    const { fingerprint } = parsePublicKey(crypto, sb.running.publicKeyPem);
    if (findKeyByFingerprints([BigInt(`0x${fingerprint}`).toString(16)])) break;
    await sb.stop();
    if (attempt >= 20) throw new Error("mtcute could not find 20 fresh sandbox keys by fingerprint");
  }
});
afterEach(async (ctx) => {
  await Promise.all(clients.splice(0).map((c) => c.destroy().catch(() => {})));
  // A failure here is a sandbox fault until shown otherwise: keep its side of the story.
  // mtcute's own debug log goes into the same buffer, so both sides of a failure are kept.
  if (ctx.task.result?.state === "fail") console.error(`sandbox and mtcute log:\n${log.slice(-120).join("\n")}`);
  log.length = 0;
});
afterAll(async () => {
  await sb?.stop();
});

function client(
  codec: Codec = "obfuscated-padded",
  extra: Partial<ConstructorParameters<typeof TelegramClient>[0]> = {},
): TelegramClient {
  const dc = (id: number) => ({ id, ipAddress: "127.0.0.1", port: sb.port + id - 1 });
  const c = new TelegramClient({
    apiId: 2040,
    apiHash: "sandbox00000000000000000000000000",
    storage: new MemoryStorage(),
    defaultDcs: { main: dc(2), media: dc(2) },
    transport: transport(codec),
    logLevel: 0,
    initConnectionOptions: { deviceModel: "mtcute conformance" },
    ...extra,
  });
  const mgr = c.log.mgr;
  mgr.level = 4;
  mgr.handler = (_color: number, level: number, tag: string, fmt: string, args: unknown[]) => {
    if (log.length > 2000) log.splice(0, 1000);
    log.push(`${new Date().toISOString()} mtcute ${level} [${tag}] ${format(fmt, ...args)}`);
  };
  clients.push(c);
  return c;
}

async function qrLogin(tg: TelegramClient, as: string, password?: string) {
  return tg.signInQr({
    onUrlUpdated: (url) => void sb.control.scan(url, as).catch(() => {}),
    password,
  });
}

const rpcErrorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return "no error";
  } catch (e) {
    return tl.RpcError.is(e) ? e.text : String(e);
  }
};

describe("key exchange and an encrypted call on each transport mtcute has", () => {
  for (const codec of ["intermediate", "padded", "obfuscated-intermediate", "obfuscated-padded"] as const) {
    it(codec, async () => {
      const tg = client(codec);
      const nearest = await tg.call({ _: "help.getNearestDc" });
      expect(nearest.thisDc).toBe(2);
    });
  }
});

describe("login", () => {
  it("QR login with migration and 2FA (dave: DC 3, password)", async () => {
    const tg = client();
    const me = await qrLogin(tg, "dave", "dave-password");
    expect(me.username).toBe("dave");
    expect((await tg.getMe()).id).toBe(me.id);
  });

  it("phone login with migration (carol: DC 1, code 11111)", async () => {
    const tg = client("padded");
    const sent = await tg.sendCode({ phone: "9996610003" });
    if (!("phoneCodeHash" in sent)) throw new Error("expected a sent code");
    const me = await tg.signIn({ phone: "9996610003", phoneCodeHash: sent.phoneCodeHash, phoneCode: "11111" });
    expect(me.username).toBe("carol");
  });
});

describe("a logged-in session", () => {
  it("pages dialogs and history, sends once per random_id, gets a live update, then is revoked", async () => {
    const tg = client();
    await qrLogin(tg, "alice");

    const dialogs = [];
    for await (const d of tg.iterDialogs({ chunkSize: 4 })) dialogs.push(d);
    const ids = dialogs.map((d) => d.peer.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dialogs.length).toBeGreaterThanOrEqual(8);
    expect(dialogs[0]!.isPinned).toBe(true);
    expect(dialogs.slice(1).some((d) => d.isPinned)).toBe(false);

    const history = [];
    for await (const m of tg.iterHistory("bob", { chunkSize: 100 })) history.push(m);
    expect(history.length).toBe(300);
    expect(new Set(history.map((m) => m.id)).size).toBe(300);
    expect(history.map((m) => m.id)).toEqual([...history.map((m) => m.id)].sort((a, b) => b - a));

    // The live update comes before the raw sends below: mtcute does not apply the pts of a
    // result it gets from a raw call, so after them its next update shows a (real) gap, and
    // its postponed-update timer then sometimes never fires the getDifference that closes it.
    const arrived = new Promise<Message>((resolve) =>
      tg.onNewMessage.add((m) => {
        if (m.text === "live from frank") resolve(m);
      }),
    );
    await tg.startUpdatesLoop();
    await sb.control.sendMessage("frank", "alice", "live from frank");
    const m = await Promise.race([
      arrived,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no live update")), 8000)),
    ]);
    expect(m.sender.id).toBe((await sb.control.listUsers()).find((u) => u.username === "frank")!.id);

    const peer = await tg.resolvePeer("erin");
    const send = () =>
      tg.call({ _: "messages.sendMessage", peer, message: "exactly once", randomId: Long.fromNumber(424242) } as never);
    const first = (await send()) as tl.RawUpdateShortSentMessage;
    const again = (await send()) as tl.RawUpdateShortSentMessage;
    expect(again.id).toBe(first.id);
    expect((await sb.control.messages("erin", "alice", 10)).filter((m) => m.text === "exactly once")).toHaveLength(1);

    await sb.control.revoke({ user: "alice" });
    expect(await rpcErrorOf(tg.call({ _: "users.getUsers", id: [{ _: "inputUserSelf" }] }))).toBe("SESSION_REVOKED");
  });
});

describe("files", () => {
  it("uploads a document in parts and downloads it back byte for byte; downloads the seeded CV and photo", async () => {
    const tg = client();
    await qrLogin(tg, "alice");
    const data = randomBytes(700_000);
    const sent = await tg.sendMedia("erin", {
      type: "document",
      file: data,
      fileName: "portfolio.bin",
      fileMime: "application/octet-stream",
    });
    expect(sent.media?.type).toBe("document");
    const back = await tg.downloadAsBuffer(sent.media as Document);
    expect(Buffer.from(back).equals(data)).toBe(true);
    const [stored] = await sb.control.files("erin", "alice", 1);
    expect(stored).toMatchObject({ fileName: "portfolio.bin", size: data.length });
    expect((await sb.control.fileBytes({ fileId: stored!.fileId })).equals(data)).toBe(true);

    const history = [];
    for await (const m of tg.iterHistory("ivan", { limit: 20 })) history.push(m);
    const cv = history.find((m) => m.media?.type === "document" && m.media.fileName === "CV_Ivan_Petrov.pdf");
    const cvBytes = Buffer.from(await tg.downloadAsBuffer(cv!.media as Document));
    expect(cvBytes.equals(await sb.control.fileBytes({ user: "alice", peer: "ivan", messageId: cv!.id }))).toBe(true);
    const photoMsg = history.find((m) => m.media?.type === "photo")!;
    const photo = photoMsg.media as Photo;
    const jpeg = Buffer.from(await tg.downloadAsBuffer(photo));
    expect(jpeg.equals(await sb.control.fileBytes({ user: "alice", peer: "ivan", messageId: photoMsg.id }))).toBe(true);
    expect(jpeg.subarray(0, 2).toString("hex")).toBe("ffd8");
  });
});

describe("layers", () => {
  it("refuses a layer it has no schema for, clearly, at the first call", async () => {
    const tg = client("intermediate", { overrideLayer: 150 });
    expect(await rpcErrorOf(tg.call({ _: "help.getNearestDc" }))).toBe("CONNECTION_LAYER_INVALID");
  });
});
