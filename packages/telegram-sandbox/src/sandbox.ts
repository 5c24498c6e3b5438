import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { Api } from "telegram";
import { ClientConnection, DEFAULT_TIMEOUTS, type ConnectionTimeouts } from "./connection";
import { authKeyId, generateRsaKey, random, rsaFromPrivatePem, stripLeadingZeros, type RsaKey } from "./crypto";
import { Faults, normaliseMethod, tlName } from "./faults";
import { effectiveLayer, NATIVE_LAYER, objectFromNative, resultFromNative } from "./layers";
import { RpcError, rpcError, type HandlerResult } from "./rpc";
import type { AuthState, CallContext, KeyRecord } from "./auth-state";
import { FileStore } from "./files";
import { Store } from "./store";
import type { Serializable } from "./tl";
import { World, type WorldData } from "./world";
import { DEFAULT_DIFFERENCE_LIMITS, type DifferenceLimits } from "./methods/updates";

/**
 * A GramJS request class (Api.messages.GetDialogs, …): its static className names the TL
 * method, and its instances carry the result type in `__response`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RequestClass = { readonly className: string; new (...args: any[]): { __response: unknown } };

/**
 * What a handler returns for a request whose result type is T: the TL object itself, or
 * its serialised bytes where GramJS has no class for it (vectors, Bool, bare numbers).
 */
export type ReplyFor<T> = T extends { getBytes(): Buffer } ? T : Buffer;

export type MethodHandler<C extends RequestClass> = (
  req: InstanceType<C>,
  ctx: CallContext,
) => ReplyFor<InstanceType<C>["__response"]> | Promise<ReplyFor<InstanceType<C>["__response"]>>;

type AnyHandler = (req: unknown, ctx: CallContext) => Promise<HandlerResult> | HandlerResult;

export type { AuthState, CallContext, KeyRecord } from "./auth-state";

export interface SandboxOptions {
  dir: string;
  host?: string;
  port: number;
  dcCount?: number;
  tokenTtlSeconds?: number;
  logger?: (line: string) => void;
  /** limits on clients that stall (tests shorten them) */
  timeouts?: Partial<ConnectionTimeouts>;
  /** updates.getDifference slice size and channel too-long gap (tests shrink them) */
  differenceLimits?: Partial<DifferenceLimits>;
}

export interface DcAddress {
  id: number;
  host: string;
  port: number;
}

/** The data centres: listeners, keys, the world, dispatch and push. */
export class Sandbox {
  readonly host: string;
  readonly dcCount: number;
  readonly rsa: RsaKey;
  readonly store: Store;
  readonly world: World;
  readonly files: FileStore;
  readonly faults = new Faults();
  tokenTtlSeconds: number;
  /** mutable so a test can shrink them on a running sandbox */
  differenceLimits: DifferenceLimits;
  private handlers = new Map<string, AnyHandler>();
  private keys = new Map<string, KeyRecord>();
  private authByPrimary = new Map<string, AuthState>();
  private servers: Server[] = [];
  private conns = new Set<ClientConnection>();
  private nextConnId = 1;
  private flushTimer: NodeJS.Timeout | undefined;
  /** per auth key (primary id) → method → count */
  readonly counters = new Map<string, Map<string, number>>();
  dcs: DcAddress[] = [];
  /** Free-form per-feature state owned by method modules (login tokens, SRP, flood). */
  readonly state = new Map<string, unknown>();

  constructor(private readonly opts: SandboxOptions) {
    this.host = opts.host ?? "127.0.0.1";
    // A test double with no real security: never reachable from another machine.
    if (!["127.0.0.1", "::1", "localhost"].includes(this.host))
      throw new Error(`the sandbox only listens on loopback, not ${this.host}`);
    this.dcCount = Math.max(2, Math.min(opts.dcCount ?? 3, 5));
    this.tokenTtlSeconds = opts.tokenTtlSeconds ?? 30;
    this.differenceLimits = { ...DEFAULT_DIFFERENCE_LIMITS, ...opts.differenceLimits };
    mkdirSync(opts.dir, { recursive: true });
    this.rsa = loadOrCreateRsa(opts.dir);
    this.store = new Store(opts.dir);
    this.world = new World(this.store.getJson<WorldData>("world"), this.dcCount);
    this.files = new FileStore(opts.dir, this.world);
    this.files.installSeedAssets();
    for (const row of this.store.loadAuthKeys()) {
      this.addKey({
        primaryId: row.id,
        fullKey: row.key,
        dcId: row.dcId,
        serverSalt: row.serverSalt,
        userId: row.userId,
        revoked: row.info.revoked === true,
        createdAt: row.createdAt,
        info: row.info,
      });
    }
    this.flush();
  }

  log(line: string): void {
    (this.opts.logger ?? ((l: string) => process.stderr.write(`[sandbox] ${l}\n`)))(line);
  }

  /** Registers the handler of one TL method; the compiler checks its request and result types. */
  register<C extends RequestClass>(cls: C, h: MethodHandler<C>): void {
    const method = normaliseMethod(tlName(cls.className));
    if (this.handlers.has(method)) throw new Error(`${tlName(cls.className)} is registered twice`);
    this.handlers.set(method, h as AnyHandler);
  }

  /** TL names of the methods the sandbox answers, sorted. */
  methods(): string[] {
    return [...this.handlers.keys()].sort();
  }

  async listen(): Promise<DcAddress[]> {
    for (let n = 1; n <= this.dcCount; n++) {
      const port = this.opts.port + n - 1;
      const server = createServer((socket) => {
        const c = new ClientConnection(this, n, socket, this.nextConnId++, {
          ...DEFAULT_TIMEOUTS,
          ...this.opts.timeouts,
        });
        this.conns.add(c);
      });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(port, this.host, () => resolve());
        });
      } catch (e) {
        // A port already taken must not leave the DCs bound so far (nor the store) behind:
        // the caller retries elsewhere with the same state directory.
        await this.close();
        throw e;
      }
      this.servers.push(server);
      this.dcs.push({ id: n, host: this.host, port });
    }
    this.flushTimer = setInterval(() => this.flush(), 300);
    this.flushTimer.unref();
    return this.dcs;
  }

  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    for (const c of this.conns) c.close();
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.servers = [];
    this.flush();
    this.store.close();
  }

  flush(): void {
    if (this.world.takeDirty()) this.store.setJson("world", this.world.data);
  }

  // ---- keys ----

  private addKey(auth: AuthState): void {
    this.authByPrimary.set(auth.primaryId, auth);
    const variants = [auth.fullKey];
    // GramJS keeps the key without leading zero bytes (about 1 key in 256) and derives
    // its id and message keys from that; accept both forms.
    const stripped = stripLeadingZeros(auth.fullKey);
    if (stripped.length !== auth.fullKey.length) variants.push(stripped);
    for (const key of variants) {
      const idBytes = authKeyId(key);
      const rec: KeyRecord = {
        id: idBytes.toString("hex"),
        idBytes,
        key,
        dcId: auth.dcId,
        serverSalt: auth.serverSalt,
        sessions: new Set(),
        auth,
      };
      this.keys.set(rec.id, rec);
    }
  }

  registerAuthKey(fullKey: Buffer, serverSalt: bigint, dcId: number, internal = false): AuthState {
    const primaryId = authKeyId(fullKey).toString("hex");
    const auth: AuthState = {
      primaryId,
      fullKey,
      dcId,
      serverSalt,
      userId: null,
      createdAt: Math.floor(Date.now() / 1000),
      info: { hash: BigInt.asIntN(64, random(8).readBigInt64LE(0)).toString(), internal },
    };
    this.addKey(auth);
    this.saveAuth(auth);
    return auth;
  }

  saveAuth(a: AuthState): void {
    this.store.saveAuthKey({
      id: a.primaryId,
      key: a.fullKey,
      dcId: a.dcId,
      serverSalt: a.serverSalt,
      userId: a.userId,
      createdAt: a.createdAt,
      info: { ...a.info, revoked: a.revoked === true },
    });
  }

  findKey(id: string, dcId: number): KeyRecord | undefined {
    const k = this.keys.get(id);
    return k && k.dcId === dcId ? k : undefined;
  }

  allAuths(): AuthState[] {
    return [...this.authByPrimary.values()];
  }

  authByHash(hash: string): AuthState | undefined {
    return this.allAuths().find((a) => a.info.hash === hash);
  }

  keyRecordFor(auth: AuthState): KeyRecord {
    return this.keys.get(auth.primaryId)!;
  }

  /** Binds a key to a user (a completed login). */
  authorize(auth: AuthState, userId: number): void {
    auth.userId = userId;
    auth.pendingUserId = undefined;
    auth.revoked = false;
    auth.info.authorizedAt = Math.floor(Date.now() / 1000);
    this.saveAuth(auth);
  }

  revoke(auth: AuthState): void {
    for (const key of [auth, ...this.childrenOf(auth)]) {
      key.userId = null;
      key.revoked = true;
      this.saveAuth(key);
    }
  }

  /** Ends an authorization the way auth.logOut does: its keys stay, logged out. */
  logOut(auth: AuthState): void {
    for (const key of [auth, ...this.childrenOf(auth)]) {
      key.userId = null;
      this.saveAuth(key);
    }
  }

  /** The keys a client authorised on other DCs from this authorization. */
  childrenOf(auth: AuthState): AuthState[] {
    const hash = auth.info.hash;
    return hash ? this.allAuths().filter((a) => a !== auth && a.info.parentHash === hash) : [];
  }

  /** The authorization a key belongs to: itself, or the one that exported it. */
  deviceOf(auth: AuthState): AuthState {
    return (auth.info.parentHash && this.authByHash(auth.info.parentHash)) || auth;
  }

  /** The sandbox's own authorised "phone" session of a user, used by the control API's scan. */
  phoneSession(userId: number): CallContext {
    const user = this.world.user(userId);
    if (!user) throw new Error(`no user ${userId}`);
    let auth = this.allAuths().find((a) => a.info.internal && a.userId === userId);
    if (!auth) {
      auth = this.registerAuthKey(random(256), BigInt.asIntN(64, random(8).readBigInt64LE(0)), user.homeDc, true);
      auth.info.deviceModel = "Sandbox Phone";
      auth.info.systemVersion = "SandboxOS 1";
      auth.info.appVersion = "1.0";
      this.authorize(auth, userId);
    }
    return { dcId: auth.dcId, key: this.keyRecordFor(auth) };
  }

  // ---- connections and push ----

  connectionReady(c: ClientConnection): void {
    this.conns.add(c);
  }
  connectionClosed(c: ClientConnection): void {
    this.conns.delete(c);
  }

  /** Open TCP connections, authenticated or not (tests check that none leak). */
  connectionCount(): number {
    return [...this.conns].filter((c) => !c.closed).length;
  }

  connectionsOf(pred: (c: ClientConnection) => boolean): ClientConnection[] {
    return [...this.conns].filter((c) => !c.closed && c.key && pred(c));
  }

  /** Sends an Updates object to every live session of a user (optionally except one auth key). */
  pushToUser(userId: number, updates: Serializable, exceptAuth?: AuthState): number {
    const targets = this.connectionsOf(
      (c) => c.key!.auth.userId === userId && c.key!.auth !== exceptAuth && c.wantsUpdates,
    );
    return this.pushTo(targets, updates);
  }

  pushToAuth(auth: AuthState, updates: Serializable): number {
    return this.pushTo(
      this.connectionsOf((c) => c.key!.auth === auth),
      updates,
    );
  }

  /** Each connection gets the update in its key's layer (serialised once per layer). */
  private pushTo(targets: ClientConnection[], updates: Serializable): number {
    const native = updates.getBytes();
    const byLayer = new Map<number, Buffer>([[NATIVE_LAYER, native]]);
    let sent = 0;
    for (const c of targets) {
      const layer = effectiveLayer(c.key!.auth.info.layer);
      let bytes = byLayer.get(layer);
      if (!bytes) {
        try {
          bytes = objectFromNative(native, layer);
        } catch (e) {
          this.log(`warning: an update could not be written in layer ${layer}: ${(e as Error).message}`);
          continue;
        }
        byLayer.set(layer, bytes);
      }
      c.push(bytes);
      sent++;
    }
    return sent;
  }

  dropConnections(pred: (c: ClientConnection) => boolean): number {
    const targets = this.connectionsOf(pred);
    for (const c of targets) c.close();
    return targets.length;
  }

  // ---- dispatch ----

  async dispatch(req: unknown, ctx: CallContext): Promise<Buffer> {
    let obj = req as { className?: string; query?: unknown } & Record<string, unknown>;
    // Wrappers: record what they say, then run the inner query.
    for (;;) {
      if (obj instanceof Api.InvokeWithLayer) {
        ctx.key.auth.info.layer = obj.layer;
      } else if (obj instanceof Api.InitConnection) {
        Object.assign(ctx.key.auth.info, {
          apiId: obj.apiId,
          deviceModel: obj.deviceModel,
          systemVersion: obj.systemVersion,
          appVersion: obj.appVersion,
          langCode: obj.langCode,
        });
      } else if (obj instanceof Api.InvokeWithoutUpdates) {
        if (ctx.conn) ctx.conn.wantsUpdates = false;
      } else if (!(
        obj instanceof Api.InvokeAfterMsg ||
        obj instanceof Api.InvokeAfterMsgs ||
        obj instanceof Api.InvokeWithTakeout ||
        obj instanceof Api.InvokeWithMessagesRange
      )) {
        break;
      }
      obj = obj.query as typeof obj;
    }
    const method = tlName(obj?.className ?? "unknown");
    ctx.key.auth.info.activeAt = Math.floor(Date.now() / 1000);
    this.count(ctx.key.auth, method);
    await this.faults.apply(method, ctx.key.auth.userId);
    const h = this.handlers.get(normaliseMethod(method));
    if (!h) {
      this.log(`DC${ctx.dcId} method not implemented: ${method}`);
      throw new RpcError(400, "METHOD_NOT_IMPLEMENTED");
    }
    const result = await h(obj, ctx);
    const bytes = Buffer.isBuffer(result) ? result : result.getBytes();
    const layer = effectiveLayer(ctx.key.auth.info.layer);
    return layer === NATIVE_LAYER ? bytes : resultFromNative(method, bytes, layer);
  }

  private count(auth: AuthState, method: string): void {
    let m = this.counters.get(auth.primaryId);
    if (!m) this.counters.set(auth.primaryId, (m = new Map<string, number>()));
    m.set(method, (m.get(method) ?? 0) + 1);
  }

  /**
   * Throws 401 unless the key is bound to a user. As on Telegram, a session the user
   * terminated from another device gets SESSION_REVOKED; a key never logged in, or
   * logged out by its own client (auth.logOut), gets AUTH_KEY_UNREGISTERED. Clients tell
   * the two apart (one is "you were signed out elsewhere").
   */
  requireUser(ctx: CallContext): number {
    const a = ctx.key.auth;
    if (a.userId === null) throw rpcError(a.revoked ? "SESSION_REVOKED" : "AUTH_KEY_UNREGISTERED");
    return a.userId;
  }
}

function loadOrCreateRsa(dir: string): RsaKey {
  const file = join(dir, "rsa-private.pem");
  if (existsSync(file)) return rsaFromPrivatePem(readFileSync(file, "utf8"));
  const key = generateRsaKey();
  writeFileSync(file, key.privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, "rsa-public.pem"), key.publicKeyPem);
  return key;
}
