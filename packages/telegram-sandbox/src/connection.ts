import type { Socket } from "node:net";
import { unzipSync } from "node:zlib";
import { Api, extensions } from "telegram";
import { aesIgeDecrypt, aesIgeEncrypt, messageKeys, random, sha256 } from "./crypto";
import { handlePlainRequest, type HandshakeState } from "./handshake";
import { checkLayer, effectiveLayer, isApiMethod, NATIVE_LAYER, requestToNative } from "./layers";
import { msgIdSeconds, nextServerMsgId } from "./msg-id";
import { RpcError } from "./rpc";
import type { AuthState, CallContext, KeyRecord } from "./auth-state";
import type { RsaKey } from "./crypto";
import { bytesToIntLE, fromBI, int32, int64, readObject, toBI, uint32 } from "./tl";
import { MAX_FRAME, TransportCodec } from "./transport";

const CONTAINER = 0x73f1f8dc;
const GZIP = 0x3072cfa1;
const RPC_RESULT = 0xf35c6d01;
const FUTURE_SALTS = 0xae500895;
const INVOKE_WITH_LAYER = 0xda9b0d0d;

/** How long a connection may wait on the client before the server gives up on it. */
export interface ConnectionTimeouts {
  /** a frame begun but not finished (default 15 s) */
  partialFrameMs: number;
  /** a connection that has not yet sent an encrypted message (default 60 s) */
  idleUnauthenticatedMs: number;
}

export const DEFAULT_TIMEOUTS: ConnectionTimeouts = { partialFrameMs: 15_000, idleUnauthenticatedMs: 60_000 };

/**
 * future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt>: a bare vector
 * (no vector constructor id) of bare future_salt (no constructor ids), so written by hand.
 */
export function encodeFutureSalts(
  reqMsgId: bigint,
  now: number,
  salts: Array<{ validSince: number; validUntil: number; salt: bigint }>,
): Buffer {
  return Buffer.concat([
    uint32(FUTURE_SALTS),
    int64(reqMsgId),
    int32(now),
    int32(salts.length),
    ...salts.flatMap((x) => [int32(x.validSince), int32(x.validUntil), int64(x.salt)]),
  ]);
}

/**
 * The payload of gzip_packed. Telegram accepts a zlib (RFC 1950) stream as well as gzip
 * (RFC 1952); unzip tells them apart by the header. Output is capped like a frame.
 */
export function unpackGzipped(packed: Buffer): Buffer {
  return unzipSync(packed, { maxOutputLength: MAX_FRAME });
}

/**
 * What a connection needs from the server that owns it. The Sandbox implements it; the
 * connection never sees the Sandbox class, so the two do not import each other.
 */
export interface ConnectionHost {
  readonly rsa: RsaKey;
  log(line: string): void;
  findKey(id: string, dcId: number): KeyRecord | undefined;
  registerAuthKey(fullKey: Buffer, serverSalt: bigint, dcId: number): AuthState;
  /** Runs one RPC query (wrappers included) and returns the serialised result. */
  dispatch(req: unknown, ctx: CallContext): Promise<Buffer>;
  connectionReady(c: ClientConnection): void;
  connectionClosed(c: ClientConnection): void;
}

/** One TCP connection to one DC: transport, auth-key exchange, then an encrypted MTProto session. */
export class ClientConnection {
  readonly id: number;
  private codec = new TransportCodec();
  private hs: HandshakeState = { retries: 0 };
  key: KeyRecord | undefined;
  sessionId: bigint | undefined;
  private seq = 0;
  private seenMsgIds = new Set<bigint>();
  private disconnectTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastData = Date.now();
  private partialSince: number | undefined;
  /** invokeWithoutUpdates sessions get no pushes */
  wantsUpdates = true;
  closed = false;

  constructor(
    readonly host: ConnectionHost,
    readonly dcId: number,
    readonly socket: Socket,
    id: number,
    private readonly timeouts: ConnectionTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.id = id;
    socket.setNoDelay(true);
    // One timer per connection, checking both limits at a fraction of the smaller one.
    const tick = Math.max(50, Math.min(timeouts.partialFrameMs, timeouts.idleUnauthenticatedMs) / 4);
    this.watchdog = setInterval(() => this.checkTimeouts(), tick);
    this.watchdog.unref();
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("error", () => this.close());
    socket.on("close", () => this.close());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.disconnectTimer);
    clearInterval(this.watchdog);
    this.host.connectionClosed(this);
    this.socket.destroy();
  }

  private checkTimeouts(): void {
    const now = Date.now();
    if (this.partialSince !== undefined && now - this.partialSince > this.timeouts.partialFrameMs) {
      this.protocolError("frame not finished in time");
    } else if (!this.key && now - this.lastData > this.timeouts.idleUnauthenticatedMs) {
      this.protocolError("idle before authenticating");
    }
  }

  /** A client broke the protocol: one line in the log (no stack), then the connection goes. */
  private protocolError(message: string): void {
    if (this.closed) return;
    this.host.log(`warning: DC${this.dcId} connection ${this.id}: ${message}; closing`);
    this.close();
  }

  private onData(chunk: Buffer): void {
    this.lastData = Date.now();
    let packets: Buffer[];
    try {
      packets = this.codec.push(chunk);
    } catch (e) {
      this.protocolError(`transport: ${(e as Error).message}`);
      return;
    }
    if (this.codec.pending === 0) this.partialSince = undefined;
    else if (packets.length || this.partialSince === undefined) this.partialSince = this.lastData;
    for (const p of packets) {
      this.onPacket(p).catch((e: unknown) => this.protocolError(`bad packet: ${(e as Error).message}`));
    }
  }

  private write(payload: Buffer): void {
    if (!this.closed) this.socket.write(this.codec.encode(payload));
  }

  private async onPacket(p: Buffer): Promise<void> {
    if (p.length < 8) return this.protocolError(`packet of ${p.length} bytes`);
    if (p.readBigUInt64LE(0) === 0n) return this.onPlain(p);
    return this.onEncrypted(p);
  }

  // ---- unencrypted (auth key exchange) ----

  private onPlain(p: Buffer): void {
    if (p.length < 20) return this.protocolError(`unencrypted packet of ${p.length} bytes`);
    const len = p.readInt32LE(16);
    if (len < 4 || 20 + len > p.length)
      return this.protocolError(`unencrypted message length ${len} in a ${p.length}-byte packet`);
    const body = p.subarray(20, 20 + len);
    let out;
    try {
      out = handlePlainRequest(readObject(body), this.hs, this.host.rsa, this.dcId);
    } catch (e) {
      this.protocolError(`handshake refused: ${(e as Error).message}`);
      return;
    }
    const head = Buffer.alloc(20);
    head.writeBigInt64LE(BigInt.asIntN(64, nextServerMsgId(true)), 8);
    head.writeInt32LE(out.answer.length, 16);
    this.write(Buffer.concat([head, out.answer]));
    if (out.authKey) this.host.registerAuthKey(out.authKey.key, out.authKey.serverSalt, this.dcId);
  }

  // ---- encrypted ----

  private async onEncrypted(p: Buffer): Promise<void> {
    const keyId = p.subarray(0, 8).toString("hex");
    const key = this.host.findKey(keyId, this.dcId);
    if (!key) {
      // Telegram answers an unknown key with transport error -404.
      this.socket.write(this.codec.encodeError(404));
      this.host.log(`DC${this.dcId} unknown auth key ${keyId.slice(0, 6)}…: -404`);
      return;
    }
    if (this.key && this.key !== key) return this.close();
    this.key = key;
    const msgKey = p.subarray(8, 24);
    const enc = p.subarray(24);
    if (enc.length % 16 || enc.length < 32) return this.close();
    const { key: aesKey, iv } = messageKeys(key.key, msgKey, 0);
    const plain = aesIgeDecrypt(enc, aesKey, iv);
    if (!sha256(key.key.subarray(88, 120), plain).subarray(8, 24).equals(msgKey)) {
      this.host.log(`DC${this.dcId} msg_key mismatch; dropping connection`);
      return this.close();
    }
    const salt = plain.readBigInt64LE(0);
    const sessionId = plain.readBigInt64LE(8);
    const msgId = plain.readBigInt64LE(16);
    const seqNo = plain.readInt32LE(24);
    const len = plain.readInt32LE(28);
    const padding = plain.length - 32 - len;
    if (len < 0 || len % 4 || padding < 12 || padding > 1024) return this.close();
    const body = plain.subarray(32, 32 + len);

    if (this.sessionId === undefined) {
      this.sessionId = sessionId;
      this.host.connectionReady(this);
    } else if (this.sessionId !== sessionId) {
      // A new session over the same connection: adopt it (clients reset after errors).
      this.sessionId = sessionId;
    }

    // msg_id rules (https://core.telegram.org/mtproto/service_messages_about_messages)
    const now = Date.now() / 1000;
    const t = msgIdSeconds(BigInt.asUintN(64, msgId));
    let badCode = 0;
    if (msgId % 4n !== 0n) badCode = 18;
    else if (t < now - 300) badCode = 16;
    else if (t > now + 30) badCode = 17;
    if (badCode) {
      this.sendService(
        new Api.BadMsgNotification({ badMsgId: toBI(msgId), badMsgSeqno: seqNo, errorCode: badCode }).getBytes(),
        false,
      );
      return;
    }
    if (salt !== key.serverSalt) {
      this.sendService(
        new Api.BadServerSalt({
          badMsgId: toBI(msgId),
          badMsgSeqno: seqNo,
          errorCode: 48,
          newServerSalt: toBI(key.serverSalt),
        }).getBytes(),
        false,
      );
      return;
    }
    if (this.seenMsgIds.has(msgId)) return; // duplicate: already answered
    this.seenMsgIds.add(msgId);
    if (this.seenMsgIds.size > 2000) this.seenMsgIds.delete(this.seenMsgIds.values().next().value as bigint);

    if (!key.sessions.has(sessionId)) {
      key.sessions.add(sessionId);
      this.sendService(
        new Api.NewSessionCreated({
          firstMsgId: toBI(msgId),
          uniqueId: bytesToIntLE(random(8)),
          serverSalt: toBI(key.serverSalt),
        }).getBytes(),
        true,
      );
    }
    await this.processMessage(msgId, body);
  }

  private async processMessage(msgId: bigint, body: Buffer): Promise<void> {
    const ctor = body.readUInt32LE(0);
    if (ctor === CONTAINER) {
      const count = body.readInt32LE(4);
      let off = 8;
      const inner: Array<Promise<void>> = [];
      for (let i = 0; i < count; i++) {
        const id = body.readBigInt64LE(off);
        const l = body.readInt32LE(off + 12);
        inner.push(this.processMessage(id, body.subarray(off + 16, off + 16 + l)));
        off += 16 + l;
      }
      await Promise.all(inner);
      return;
    }
    if (ctor === GZIP) {
      const reader = new extensions.BinaryReader(body.subarray(4));
      return this.processMessage(msgId, unpackGzipped(reader.tgReadBytes()));
    }
    // The layer a client announces decides how its requests are read and answered.
    if (ctor === INVOKE_WITH_LAYER && body.length >= 8 && this.key) {
      const layer = body.readInt32LE(4);
      try {
        checkLayer(layer);
      } catch (e) {
        this.host.log(
          `warning: DC${this.dcId} connection ${this.id}: layer ${layer} is not supported; CONNECTION_LAYER_INVALID`,
        );
        this.sendRpcError(msgId, e as RpcError);
        return;
      }
      this.key.auth.info.layer = layer;
    }
    const layer = effectiveLayer(this.key?.auth.info.layer);
    let payload = body;
    if (layer !== NATIVE_LAYER && isApiMethod(ctor, layer)) {
      try {
        payload = requestToNative(body, layer);
      } catch (e) {
        this.host.log(
          `warning: DC${this.dcId} layer ${layer} request 0x${ctor.toString(16)} not translatable: ${(e as Error).message}`,
        );
        this.sendRpcError(msgId, new RpcError(400, "INPUT_CONSTRUCTOR_INVALID"));
        return;
      }
    }
    let obj: unknown;
    try {
      obj = readObject(payload);
    } catch {
      this.host.log(`DC${this.dcId} unknown constructor 0x${ctor.toString(16)}`);
      this.sendRpcError(msgId, new RpcError(400, "INPUT_CONSTRUCTOR_INVALID"));
      return;
    }
    if (obj instanceof Api.MsgsAck) return;
    if (obj instanceof Api.Ping || obj instanceof Api.PingDelayDisconnect) {
      this.sendService(new Api.Pong({ msgId: toBI(msgId), pingId: obj.pingId }).getBytes(), true, true);
      if (obj instanceof Api.PingDelayDisconnect) {
        clearTimeout(this.disconnectTimer);
        this.disconnectTimer = setTimeout(() => this.close(), obj.disconnectDelay * 1000);
        this.disconnectTimer.unref();
      }
      return;
    }
    if (obj instanceof Api.DestroySession) {
      const known = this.key?.sessions.delete(fromBI(obj.sessionId)) ?? false;
      const res = known
        ? new Api.DestroySessionOk({ sessionId: obj.sessionId })
        : new Api.DestroySessionNone({ sessionId: obj.sessionId });
      this.sendResult(msgId, res.getBytes());
      return;
    }
    if (obj instanceof Api.GetFutureSalts) {
      const salt = this.key!.serverSalt;
      const nowS = Math.floor(Date.now() / 1000);
      const salts = Array.from({ length: Math.max(1, Math.min(obj.num, 64)) }, (_, i) => ({
        validSince: nowS + i * 3600,
        validUntil: nowS + (i + 1) * 3600,
        salt,
      }));
      // future_salts is not wrapped in rpc_result (it is a service message answering req_msg_id).
      this.sendService(encodeFutureSalts(msgId, nowS, salts), false, true);
      return;
    }
    if (obj instanceof Api.MsgsStateReq) {
      this.sendService(
        new Api.MsgsStateInfo({
          reqMsgId: toBI(msgId),
          info: Buffer.alloc(obj.msgIds.length, 4).toString("latin1"),
        }).getBytes(),
        false,
        true,
      );
      return;
    }
    if (obj instanceof Api.RpcDropAnswer) {
      this.sendResult(msgId, new Api.RpcAnswerUnknown().getBytes());
      return;
    }
    if (obj instanceof Api.MsgResendReq || obj instanceof Api.HttpWait) return;

    // A request that is not answered at once (a delay fault, a slow method) is acknowledged
    // first, as Telegram does, so the client does not resend it.
    const ack = setTimeout(() => this.sendService(new Api.MsgsAck({ msgIds: [toBI(msgId)] }).getBytes(), false), 100);
    try {
      const result = await this.host.dispatch(obj, { dcId: this.dcId, key: this.key!, conn: this });
      this.sendResult(msgId, result);
    } catch (e) {
      if (e instanceof RpcError) this.sendRpcError(msgId, e);
      else {
        this.host.log(`DC${this.dcId} internal error: ${(e as Error).stack ?? String(e)}`);
        this.sendRpcError(msgId, new RpcError(500, "INTERNAL_SERVER_ERROR"));
      }
    } finally {
      clearTimeout(ack);
    }
  }

  private sendRpcError(reqMsgId: bigint, e: RpcError): void {
    this.sendResult(reqMsgId, new Api.RpcError({ errorCode: e.code, errorMessage: e.errorMessage }).getBytes());
  }

  private sendResult(reqMsgId: bigint, result: Buffer): void {
    this.sendService(Buffer.concat([int32(RPC_RESULT), int64(reqMsgId), result]), true, true);
  }

  /** Server-initiated content message (updates). */
  push(body: Buffer): void {
    this.sendService(body, true, false);
  }

  private sendService(body: Buffer, contentRelated: boolean, response = false): void {
    const key = this.key;
    if (!key || this.sessionId === undefined || this.closed) return;
    const msgId = nextServerMsgId(response);
    const seqNo = contentRelated ? this.seq++ * 2 + 1 : this.seq * 2;
    const header = Buffer.alloc(32);
    header.writeBigInt64LE(key.serverSalt, 0);
    header.writeBigInt64LE(this.sessionId, 8);
    header.writeBigInt64LE(BigInt.asIntN(64, msgId), 16);
    header.writeInt32LE(seqNo, 24);
    header.writeInt32LE(body.length, 28);
    const unpadded = 32 + body.length;
    const padLen = 12 + ((16 - ((unpadded + 12) % 16)) % 16);
    const plain = Buffer.concat([header, body, random(padLen)]);
    const msgKey = sha256(key.key.subarray(96, 128), plain).subarray(8, 24);
    const { key: aesKey, iv } = messageKeys(key.key, msgKey, 8);
    this.write(Buffer.concat([Buffer.from(key.idBytes), msgKey, aesIgeEncrypt(plain, aesKey, iv)]));
  }
}
