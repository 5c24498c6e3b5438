// A stand-in for a browser's push service on loopback (no real one is reachable here). It
// plays both ends a real push needs: the subscription (its own P-256 key pair and auth
// secret, as a browser makes them) and the service's checks. Each request's VAPID
// Authorization is verified (ES256 JWT signed by the app's public key, aud = this origin,
// exp in the future) and its aes128gcm body decrypted with the subscription's private key,
// written here from RFC 8291 with node:crypto alone: independent of web-push, which the app
// encrypts with, so a mistake there cannot hide in both ends.
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedPush {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The decrypted payload parsed as JSON (null when decryption or VAPID failed). */
  payload: unknown;
  /** Why the request was refused, if it was. */
  problem: string | null;
  vapid: { aud: string; exp: number; sub: string } | null;
}

export interface BrowserKeys {
  p256dh: string;
  auth: string;
  privateKey: Buffer;
  publicKey: Buffer;
  authSecret: Buffer;
}

/** What a browser generates when subscribing: a P-256 pair and a 16-byte auth secret. */
export function browserKeys(): BrowserKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    p256dh: ecdh.getPublicKey().toString("base64url"),
    auth: authSecret.toString("base64url"),
    privateKey: ecdh.getPrivateKey(),
    publicKey: ecdh.getPublicKey(),
    authSecret,
  };
}

/** RFC 8291 + RFC 8188 (one record): the plaintext of an aes128gcm push body. */
export function decryptAes128gcm(body: Buffer, keys: BrowserKeys): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (idLength !== 65) throw new Error(`keyid must be the sender's 65-byte public key, was ${idLength} bytes`);
  if (record.length > recordSize) throw new Error("more than one record");
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(keys.privateKey);
  const shared = ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), keys.publicKey, senderPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, keys.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("missing the last-record delimiter");
  return padded.subarray(0, end);
}

/** Checks `Authorization: vapid t=<jwt>, k=<key>` against the app's public key; returns the claims. */
export function verifyVapid(
  header: string | undefined,
  appPublicKey: string,
  origin: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): { aud: string; exp: number; sub: string } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? "");
  if (!match) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [, jwt, key] = match as unknown as [string, string, string];
  if (key !== appPublicKey) throw new Error("k is not the app's public key");
  const [head, claims, signature] = jwt.split(".") as [string, string, string];
  const header64 = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as { alg?: string; typ?: string };
  if (header64.alg !== "ES256") throw new Error(`alg must be ES256, was ${header64.alg}`);
  const point = Buffer.from(appPublicKey, "base64url");
  const publicKey = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33, 65).toString("base64url"),
    },
    format: "jwk",
  });
  const ok = verify(
    "sha256",
    Buffer.from(`${head}.${claims}`),
    { key: publicKey, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!ok) throw new Error("the JWT signature does not verify with the app's public key");
  const body = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (body.aud !== origin) throw new Error(`aud ${body.aud} is not ${origin}`);
  if (!(body.exp > nowSeconds)) throw new Error("exp is not in the future");
  if (body.exp > nowSeconds + 24 * 3600) throw new Error("exp is more than 24 h ahead (RFC 8292)");
  if (!/^(mailto:|https:)/.test(body.sub)) throw new Error(`sub ${body.sub} is not mailto: or https:`);
  return body;
}

/**
 * The push service: POST /push/<name> for a subscription registered with `subscribe`.
 * `answer` decides each response (status, Retry-After, or "hang" to never answer).
 */
export class PushServiceStandIn {
  readonly received: ReceivedPush[] = [];
  answer: (push: ReceivedPush, index: number) => { status: number; retryAfter?: number } | "hang" = () => ({
    status: 201,
  });
  private readonly keys = new Map<string, BrowserKeys>();
  private server: http.Server | null = null;
  private readonly waiters = new Set<() => void>();
  origin = "";

  constructor(private readonly appPublicKey: string) {}

  async start(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const path = request.url ?? "";
        const push: ReceivedPush = { path, headers: request.headers, payload: null, problem: null, vapid: null };
        try {
          push.vapid = verifyVapid(request.headers.authorization, this.appPublicKey, this.origin);
          if (request.headers["content-encoding"] !== "aes128gcm") throw new Error("Content-Encoding is not aes128gcm");
          const keys = this.keys.get(path);
          if (!keys) throw new Error(`no subscription at ${path}`);
          push.payload = JSON.parse(decryptAes128gcm(Buffer.concat(chunks), keys).toString("utf8"));
        } catch (error) {
          push.problem = error instanceof Error ? error.message : String(error);
        }
        const index = this.received.push(push) - 1;
        for (const wake of [...this.waiters]) wake();
        const decided = push.problem ? { status: 400 } : this.answer(push, index);
        if (decided === "hang") return;
        response
          .writeHead(
            decided.status,
            decided.retryAfter === undefined ? {} : { "retry-after": String(decided.retryAfter) },
          )
          .end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.server = server;
  }

  /** A new browser subscription whose endpoint is this service. */
  subscribe(name: string): { endpoint: string; keys: BrowserKeys } {
    const keys = browserKeys();
    this.keys.set(`/push/${name}`, keys);
    return { endpoint: `${this.origin}/push/${name}`, keys };
  }

  /** Resolves once `count` pushes matching `match` arrived; rejects after `ms`. */
  async waitFor(match: (push: ReceivedPush) => boolean, count: number, ms: number): Promise<ReceivedPush[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.received.filter(match);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`${found.length} of ${count} pushes within ${ms} ms; got ${JSON.stringify(this.received)}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
