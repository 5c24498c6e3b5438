// Builds a GramJS client for the sandbox or for Telegram, from explicit settings.
// lib/telegram/connect.ts wraps this with the validated environment; scripts and tests
// that run outside Next (where "server-only" throws) import this module directly.
import { createPublicKey } from "node:crypto";
import { Connection, Logger, TelegramClient, helpers, sessions } from "telegram";
import type { PromisedNetSockets } from "telegram/extensions";
import type { LogLevel } from "telegram/extensions/Logger";
import { BufferedNetSocket } from "./buffered-net-socket";
import { rsaFingerprint } from "./rsa-fingerprint";
import { gramJsInternals } from "./internals";

export type TelegramMode = "sandbox" | "production";

export interface SandboxEndpoint {
  host: string;
  /** DC n listens on port + n - 1 */
  port: number;
  publicKeyPem: string;
  /** DC a brand-new session starts on (default 2, as on Telegram) */
  defaultDc?: number;
}

export interface TelegramClientSettings {
  session: string | sessions.StringSession;
  mode: TelegramMode;
  apiId?: number;
  apiHash?: string;
  sandbox?: SandboxEndpoint;
  /** connection attempts before connect() gives up (GramJS's default is Infinity) */
  connectionRetries?: number;
  /** per-connection timeout in seconds */
  timeoutSeconds?: number;
  /** FLOOD_WAIT below this many seconds is slept through by GramJS; 0 surfaces every one */
  floodSleepThreshold?: number;
  requestRetries?: number;
  deviceModel?: string;
  appVersion?: string;
  logLevel?: "none" | "error" | "warn" | "info" | "debug";
}

/** Sandbox API id/hash: the sandbox accepts any, these make logs recognisable. */
export const SANDBOX_API_ID = 2040;
export const SANDBOX_API_HASH = "sandbox00000000000000000000000000";

// GramJS's key table is reached through ./internals.ts (the one module that touches
// GramJS internals); the TCPFull codec is reimplemented below on the root's Connection
// class. See docs/decisions/sandbox-gramjs-internals.md.
export { gramJsInternals } from "./internals";

/** Makes GramJS trust a server key (the sandbox's). Idempotent. Returns the fingerprint GramJS looks up. */
export function trustServerKey(publicKeyPem: string): string {
  const jwk = createPublicKey(publicKeyPem).export({ format: "jwk" });
  if (!jwk.n || !jwk.e) throw new Error("not an RSA public key");
  const n = BigInt("0x" + Buffer.from(jwk.n, "base64url").toString("hex"));
  const e = BigInt("0x" + Buffer.from(jwk.e, "base64url").toString("hex"));
  const fp = rsaFingerprint(n, e).toString();
  const { serverKeys, bigInt } = gramJsInternals();
  if (!serverKeys.has(fp)) serverKeys.set(fp, { n: bigInt(n.toString()), e: Number(e) });
  return fp;
}

interface ByteReader {
  readExactly(n: number): Promise<Buffer | undefined>;
}

/** TCPFull framing (https://core.telegram.org/mtproto/mtproto-transports#full). */
class FullCodec {
  private sendSeq = 0;
  constructor(_conn: unknown) {}
  encodePacket(data: Buffer): Buffer {
    const head = Buffer.alloc(8);
    head.writeInt32LE(data.length + 12, 0);
    head.writeInt32LE(this.sendSeq++, 4);
    const body = Buffer.concat([head, data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32LE(helpers.crc32(body), 0);
    return Buffer.concat([body, crc]);
  }
  async readPacket(reader: ByteReader): Promise<Buffer> {
    const head = await reader.readExactly(8);
    if (!head) return Buffer.alloc(0);
    const len = head.readInt32LE(0);
    if (len < 0) {
      // Transport error such as -404: hand GramJS the 4-byte code it understands.
      const code = Buffer.alloc(4);
      code.writeInt32LE(len, 0);
      return code;
    }
    const rest = (await reader.readExactly(len - 8))!;
    const body = rest.subarray(0, -4);
    if (helpers.crc32(Buffer.concat([head, body])) !== rest.readUInt32LE(rest.length - 4))
      throw new Error("TCPFull checksum mismatch");
    return body;
  }
}

type ConnectionArgs = ConstructorParameters<typeof Connection>[0];

/** A TCPFull connection that always dials the sandbox, on the port of the DC it is for. */
function sandboxConnection(host: string, basePort: number): typeof Connection {
  class SandboxConnection extends Connection {
    PacketCodecClass = FullCodec as never;
    constructor(args: ConnectionArgs) {
      super({ ...args, ip: host, port: basePort + (args.dcId || 2) - 1 });
    }
  }
  return SandboxConnection;
}

const connectionClasses = new Map<string, typeof Connection>();

export function buildTelegramClient(s: TelegramClientSettings): TelegramClient {
  const session = typeof s.session === "string" ? new sessions.StringSession(s.session) : s.session;
  const common = {
    connectionRetries: s.connectionRetries ?? 2,
    retryDelay: 300,
    timeout: s.timeoutSeconds ?? 10,
    requestRetries: s.requestRetries ?? 2,
    floodSleepThreshold: s.floodSleepThreshold ?? 0,
    autoReconnect: true,
    deviceModel: s.deviceModel ?? "tgdesk",
    appVersion: s.appVersion ?? "0.1.0",
    systemVersion: "Node.js",
    baseLogger: new Logger((s.logLevel ?? "error") as LogLevel),
    // Same interface as GramJS's socket, without its quadratic receive buffer (see the
    // file); the cast because GramJS types the option as its own class, private fields and all.
    networkSocket: BufferedNetSocket as unknown as typeof PromisedNetSockets,
  };
  if (s.mode === "production") {
    if (!s.apiId || !s.apiHash) throw new Error("production mode needs TELEGRAM_API_ID and TELEGRAM_API_HASH");
    return new TelegramClient(session, s.apiId, s.apiHash, common);
  }
  const sb = s.sandbox;
  if (!sb) throw new Error("sandbox mode needs the sandbox endpoint (host, port, public key)");
  if (sb.port + 4 > 32767) throw new Error("sandbox ports must stay <= 32767: GramJS stores ports as int16");
  trustServerKey(sb.publicKeyPem);
  const key = `${sb.host}:${sb.port}`;
  let conn = connectionClasses.get(key);
  if (!conn) connectionClasses.set(key, (conn = sandboxConnection(sb.host, sb.port)));
  const dc = sb.defaultDc ?? 2;
  if (!session.serverAddress) session.setDC(dc, sb.host, sb.port + dc - 1);
  return new TelegramClient(session, s.apiId ?? SANDBOX_API_ID, s.apiHash ?? SANDBOX_API_HASH, {
    ...common,
    connection: conn,
  });
}
