import { Api } from "telegram";
import { DH_G, DH_PRIME, bigToBuf, random, srpServerStart, srpVerify, type SrpServerState } from "../crypto";
import { rpcError } from "../rpc";
import type { AuthState, CallContext, Sandbox } from "../sandbox";
import { bool, fromBI, toBI } from "../tl";
import type { User } from "../world";
import { apiUser, now } from "./common";

interface LoginToken {
  token: Buffer;
  dcId: number;
  exporter: AuthState;
  expires: number;
  exceptIds: number[];
  acceptedBy?: number;
  consumed?: boolean;
}

interface SrpEntry extends SrpServerState {
  srpId: bigint;
}

interface Flood {
  failures: number;
  blockedUntil: number;
}

/** Wrong passwords before FLOOD_WAIT, and how long it lasts. */
export const PASSWORD_ATTEMPTS = 5;
export const PASSWORD_FLOOD_SECONDS = 60;

function bucket<K, V>(s: Sandbox, name: string): Map<K, V> {
  let m = s.state.get(name) as Map<K, V> | undefined;
  if (!m) s.state.set(name, (m = new Map<K, V>()));
  return m;
}
export const loginTokens = (s: Sandbox) => bucket<string, LoginToken>(s, "loginTokens");
const srpStates = (s: Sandbox) => bucket<number, SrpEntry>(s, "srp");
const floods = (s: Sandbox) => bucket<number, Flood>(s, "passwordFlood");
const codes = (s: Sandbox) => bucket<string, { phone: string; userId: number; expires: number }>(s, "codes");
const exported = (s: Sandbox) =>
  bucket<string, { userId: number; dcId: number; expires: number; device?: string }>(s, "exportedAuth");

function authorization(s: Sandbox, ctx: CallContext, u: User): Api.auth.Authorization {
  s.authorize(ctx.key.auth, u.id);
  s.log(`DC${ctx.dcId} login: ${u.username ?? u.id} authorised a new session`);
  return new Api.auth.Authorization({ user: apiUser(s, u, u.id) });
}

/** The first factor passed: finish, or ask for the password as Telegram does. */
function completeLogin(s: Sandbox, ctx: CallContext, u: User): Api.auth.Authorization {
  if (u.password) {
    ctx.key.auth.pendingUserId = u.id;
    throw rpcError("SESSION_PASSWORD_NEEDED");
  }
  return authorization(s, ctx, u);
}

function findToken(s: Sandbox, token: Buffer): LoginToken {
  const t = loginTokens(s).get(token.toString("hex"));
  if (!t || t.consumed) throw rpcError("AUTH_TOKEN_INVALID");
  // An accepted token stays usable a little longer, so the exporter can finish.
  if (now() > t.expires + (t.acceptedBy ? 60 : 0)) throw rpcError("AUTH_TOKEN_EXPIRED");
  return t;
}

/** Resolves an accepted token for the session finishing the login on DC ctx.dcId. */
function finishToken(s: Sandbox, ctx: CallContext, t: LoginToken): Api.auth.TypeLoginToken {
  const u = s.world.user(t.acceptedBy!)!;
  if (u.homeDc !== ctx.dcId) return new Api.auth.LoginTokenMigrateTo({ dcId: u.homeDc, token: t.token });
  t.consumed = true;
  return new Api.auth.LoginTokenSuccess({ authorization: completeLogin(s, ctx, u) });
}

export function registerAuth(s: Sandbox): void {
  s.register(Api.auth.ExportLoginToken, (req, ctx) => {
    const auth = ctx.key.auth;
    const tokens = loginTokens(s);
    for (const t of tokens.values()) {
      if (t.exporter === auth && t.acceptedBy && !t.consumed && now() <= t.expires + 60) return finishToken(s, ctx, t);
    }
    // Drop this session's unaccepted tokens that have expired; keep the map small.
    for (const [k, t] of tokens) if (now() > t.expires + 120) tokens.delete(k);
    const token = random(32);
    const t: LoginToken = {
      token,
      dcId: ctx.dcId,
      exporter: auth,
      expires: now() + s.tokenTtlSeconds,
      exceptIds: (req.exceptIds ?? []).map((x) => Number(fromBI(x))),
    };
    tokens.set(token.toString("hex"), t);
    return new Api.auth.LoginToken({ expires: t.expires, token });
  });

  s.register(Api.auth.ImportLoginToken, (req, ctx) => {
    const t = findToken(s, req.token);
    if (!t.acceptedBy) return new Api.auth.LoginToken({ expires: t.expires, token: t.token });
    return finishToken(s, ctx, t);
  });

  // Called by the scanning phone: an authorised session of the user who logs in.
  s.register(Api.auth.AcceptLoginToken, (req, ctx) => {
    const me = s.requireUser(ctx);
    const t = findToken(s, req.token);
    if (t.acceptedBy) throw rpcError("AUTH_TOKEN_ALREADY_ACCEPTED");
    if (t.exceptIds.includes(me)) throw rpcError("AUTH_TOKEN_EXCEPTION");
    t.acceptedBy = me;
    const pushed = s.pushToAuth(t.exporter, new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: now() }));
    s.log(
      `DC${ctx.dcId} login token accepted by ${s.world.user(me)?.username ?? me}; updateLoginToken pushed to ${pushed} connection(s)`,
    );
    const info = t.exporter.info;
    return new Api.Authorization({
      hash: toBI(info.hash ?? "0"),
      deviceModel: info.deviceModel ?? "Unknown",
      platform: "",
      systemVersion: info.systemVersion ?? "",
      apiId: info.apiId ?? 0,
      appName: "tgdesk",
      appVersion: info.appVersion ?? "",
      dateCreated: now(),
      dateActive: now(),
      ip: "127.0.0.1",
      country: "Sandbox",
      region: "",
    });
  });

  s.register(Api.auth.SendCode, (req, ctx) => {
    const u = s.world.userByPhone(req.phoneNumber);
    if (!u) throw rpcError("PHONE_NUMBER_INVALID");
    if (u.homeDc !== ctx.dcId) throw rpcError(`PHONE_MIGRATE_${u.homeDc}`);
    const hash = random(9).toString("hex");
    codes(s).set(hash, { phone: u.phone, userId: u.id, expires: now() + 300 });
    return new Api.auth.SentCode({
      type: new Api.auth.SentCodeTypeApp({ length: u.code.length }),
      phoneCodeHash: hash,
      timeout: 60,
    });
  });

  s.register(Api.auth.SignIn, (req, ctx) => {
    const u = s.world.userByPhone(req.phoneNumber);
    if (!u) throw rpcError("PHONE_NUMBER_INVALID");
    if (u.homeDc !== ctx.dcId) throw rpcError(`USER_MIGRATE_${u.homeDc}`);
    if (!req.phoneCodeHash) throw rpcError("PHONE_CODE_HASH_EMPTY");
    const c = codes(s).get(req.phoneCodeHash);
    if (!c || now() > c.expires) throw rpcError("PHONE_CODE_EXPIRED");
    if (c.userId !== u.id) throw rpcError("PHONE_NUMBER_INVALID");
    if (!req.phoneCode) throw rpcError("PHONE_CODE_EMPTY");
    if (req.phoneCode !== u.code) throw rpcError("PHONE_CODE_INVALID");
    codes(s).delete(req.phoneCodeHash);
    return completeLogin(s, ctx, u);
  });

  s.register(Api.account.GetPassword, (_req, ctx) => {
    const userId = ctx.key.auth.pendingUserId ?? s.requireUser(ctx);
    const u = s.world.user(userId)!;
    const newAlgo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: random(8),
      salt2: random(16),
      g: DH_G,
      p: bigToBuf(DH_PRIME, 256),
    });
    const common = {
      newAlgo,
      newSecureAlgo: new Api.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000({ salt: random(8) }),
      secureRandom: random(32),
    };
    if (!u.password) return new Api.account.Password({ hasPassword: false, ...common });
    const v = BigInt("0x" + u.password.v);
    const st = srpServerStart(v);
    const srpId = BigInt.asIntN(64, random(8).readBigInt64LE(0));
    srpStates(s).set(u.id, { ...st, srpId });
    return new Api.account.Password({
      hasPassword: true,
      hint: u.password.hint,
      currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
        salt1: Buffer.from(u.password.salt1, "hex"),
        salt2: Buffer.from(u.password.salt2, "hex"),
        g: DH_G,
        p: bigToBuf(DH_PRIME, 256),
      }),
      srp_B: st.B,
      srpId: toBI(srpId),
      ...common,
    });
  });

  s.register(Api.auth.CheckPassword, (req, ctx) => {
    const userId = ctx.key.auth.pendingUserId;
    if (userId === undefined)
      throw rpcError(ctx.key.auth.userId === null ? "AUTH_KEY_UNREGISTERED" : "PASSWORD_HASH_INVALID");
    const u = s.world.user(userId)!;
    const f = floods(s).get(userId) ?? { failures: 0, blockedUntil: 0 };
    floods(s).set(userId, f);
    const t = Date.now() / 1000;
    if (f.blockedUntil > t) throw rpcError(`FLOOD_WAIT_${Math.ceil(f.blockedUntil - t)}`);
    if (!u.password) return authorization(s, ctx, u);
    const st = srpStates(s).get(userId);
    const check = req.password;
    if (!(check instanceof Api.InputCheckPasswordSRP)) throw rpcError("PASSWORD_HASH_INVALID");
    if (!st || fromBI(check.srpId) !== st.srpId) throw rpcError("SRP_ID_INVALID");
    const ok = srpVerify({
      v: BigInt("0x" + u.password.v),
      state: st,
      A: check.A,
      M1: check.M1,
      salt1: Buffer.from(u.password.salt1, "hex"),
      salt2: Buffer.from(u.password.salt2, "hex"),
    });
    // An SRP session is single use, as on Telegram: the client must fetch account.getPassword again.
    srpStates(s).delete(userId);
    if (!ok) {
      f.failures++;
      if (f.failures >= PASSWORD_ATTEMPTS) {
        f.failures = 0;
        f.blockedUntil = t + PASSWORD_FLOOD_SECONDS;
      }
      throw rpcError("PASSWORD_HASH_INVALID");
    }
    floods(s).delete(userId);
    return authorization(s, ctx, u);
  });

  s.register(Api.auth.ExportAuthorization, (req, ctx) => {
    const me = s.requireUser(ctx);
    if (req.dcId < 1 || req.dcId > s.dcCount || req.dcId === ctx.dcId) throw rpcError("DC_ID_INVALID");
    const bytes = random(32);
    const device = s.deviceOf(ctx.key.auth).info.hash;
    exported(s).set(bytes.toString("hex"), { userId: me, dcId: req.dcId, expires: now() + 300, device });
    return new Api.auth.ExportedAuthorization({ id: toBI(me), bytes });
  });

  s.register(Api.auth.ImportAuthorization, (req, ctx) => {
    const e = exported(s).get(req.bytes.toString("hex"));
    if (!e || e.dcId !== ctx.dcId || BigInt(e.userId) !== fromBI(req.id) || now() > e.expires)
      throw rpcError("AUTH_BYTES_INVALID");
    exported(s).delete(req.bytes.toString("hex"));
    ctx.key.auth.info.parentHash = e.device;
    return authorization(s, ctx, s.world.user(e.userId)!);
  });

  s.register(Api.auth.LogOut, (_req, ctx) => {
    s.requireUser(ctx);
    s.logOut(s.deviceOf(ctx.key.auth));
    return new Api.auth.LoggedOut({});
  });

  s.register(Api.auth.ResetAuthorizations, (_req, ctx) => {
    const me = s.requireUser(ctx);
    for (const a of s.allAuths()) if (a.userId === me && a !== ctx.key.auth && !a.info.internal) s.revoke(a);
    return bool(true);
  });
}
