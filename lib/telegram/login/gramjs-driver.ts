import "server-only";

import bigInt from "big-integer";
import { Api, password as srp, type TelegramClient } from "telegram";

import { TelegramError, withDeadline } from "../errors";
import { serverTimeOffset } from "../gramjs/internals";
import type { LoginDriver, SentCode, TelegramIdentity, TokenResult } from "./machine";
import type { CodeDelivery } from "./types";

export interface ApiCredentials {
  apiId: number;
  apiHash: string;
}

/**
 * The login machine's view of one GramJS client. We drive auth.exportLoginToken
 * ourselves rather than use client.signInUserWithQrCode: that helper refreshes on a
 * fixed 30 s timer whatever the token's real expiry, cannot be cancelled, and leaves a
 * handler and a sleep behind after success.
 */
export class GramJsLoginDriver implements LoginDriver {
  constructor(
    readonly client: TelegramClient,
    private readonly credentials: ApiCredentials,
    /** GramJS can wait forever on a request lost across a DC switch; we never do. */
    private readonly timeoutMs = 20_000,
  ) {}

  async connect(): Promise<void> {
    // connect() reports some failures (a broken auth-key exchange) by returning false.
    const connected = await this.bounded(this.client.connect());
    if (connected === false) throw new TelegramError("NETWORK");
  }

  async exportLoginToken(exceptIds: readonly string[]): Promise<TokenResult> {
    const result = await this.invoke(
      new Api.auth.ExportLoginToken({
        apiId: this.credentials.apiId,
        apiHash: this.credentials.apiHash,
        exceptIds: exceptIds.map((id) => bigInt(id)),
      }),
    );
    return this.reshapeToken(result);
  }

  async importLoginToken(dcId: number, token: Buffer): Promise<TokenResult> {
    // The auth key is per DC: the import must run on the account's home DC.
    await this.bounded(this.client._switchDC(dcId));
    const result = await this.invoke(new Api.auth.ImportLoginToken({ token }));
    return this.reshapeToken(result);
  }

  async sendCode(phone: string): Promise<SentCode> {
    // GramJS's invoke follows PHONE_MIGRATE_X itself: it moves this client to the phone's
    // home DC (a new auth key there) and asks again, so signIn later runs on that DC too.
    const result = await this.invoke(
      new Api.auth.SendCode({
        phoneNumber: phone,
        apiId: this.credentials.apiId,
        apiHash: this.credentials.apiHash,
        settings: new Api.CodeSettings({}),
      }),
    );
    if (!(result instanceof Api.auth.SentCode)) {
      // SentCodeSuccess: logged in without a code (future-auth tokens), which we never send.
      throw new TelegramError("UNEXPECTED_SENT_CODE");
    }
    return {
      phoneCodeHash: result.phoneCodeHash,
      delivery: deliveryOf(result.type),
      length: "length" in result.type && typeof result.type.length === "number" ? result.type.length : null,
      nextDelivery: result.nextType ? deliveryOf(result.nextType) : null,
      timeoutSeconds: result.timeout ?? null,
    };
  }

  async signIn(phone: string, phoneCodeHash: string, code: string): Promise<TelegramIdentity> {
    const result = await this.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash, phoneCode: code }));
    return this.identityOf(result);
  }

  async getPasswordHint(): Promise<string | null> {
    const info = await this.invoke(new Api.account.GetPassword());
    return info.hint || null;
  }

  async checkPassword(password: string): Promise<TelegramIdentity> {
    // SRP parameters are single-use and change with the password: always fetch fresh ones.
    const info = await this.invoke(new Api.account.GetPassword());
    if (!info.hasPassword) throw new TelegramError("PASSWORD_EMPTY");
    const check = await srp.computeCheck(info, password);
    const result = await this.invoke(new Api.auth.CheckPassword({ password: check }));
    return this.identityOf(result);
  }

  onLoginTokenUpdate(listener: () => void): void {
    this.client.addEventHandler((update: unknown) => {
      if (update instanceof Api.UpdateLoginToken) listener();
    });
  }

  exportSession(): string {
    return String(this.client.session.save());
  }

  async destroy(): Promise<void> {
    await this.client.destroy();
  }

  private invoke<R extends Api.AnyRequest>(request: R): Promise<R["__response"]> {
    return this.bounded(this.client.invoke(request));
  }

  private bounded<T>(work: Promise<T>): Promise<T> {
    return withDeadline(work, this.timeoutMs);
  }

  private reshapeToken(result: Api.auth.TypeLoginToken): TokenResult {
    if (result instanceof Api.auth.LoginToken) {
      return { kind: "token", token: Buffer.from(result.token), expiresAt: this.toLocalMs(result.expires) };
    }
    if (result instanceof Api.auth.LoginTokenMigrateTo) {
      return { kind: "migrate", dcId: result.dcId, token: Buffer.from(result.token) };
    }
    return { kind: "success", user: this.identityOf(result.authorization) };
  }

  private identityOf(authorization: Api.auth.TypeAuthorization): TelegramIdentity {
    if (!(authorization instanceof Api.auth.Authorization) || !(authorization.user instanceof Api.User)) {
      // We never create accounts; Telegram answers this only for unknown phones.
      throw new TelegramError("SIGN_UP_REQUIRED");
    }
    const user = authorization.user;
    return {
      id: user.id.toString(),
      firstName: user.firstName ?? "",
      lastName: user.lastName || null,
      username: user.username || null,
      phone: user.phone || null,
      dcId: this.client.session.dcId,
    };
  }

  /**
   * Telegram states expiry in its own clock. GramJS learns the skew from msg_ids
   * (MTProtoState.timeOffset); a skewed local clock would otherwise show a code that is
   * already dead, or renew needlessly early.
   */
  private toLocalMs(serverSeconds: number): number {
    return (serverSeconds - serverTimeOffset(this.client)) * 1000;
  }
}

function deliveryOf(type: Api.auth.TypeSentCodeType | Api.auth.TypeCodeType): CodeDelivery {
  const name = type.className;
  if (name.endsWith("App")) return "app";
  if (name.endsWith("Sms") || name.includes("SmsWord") || name.includes("SmsPhrase")) return "sms";
  if (name.endsWith("FlashCall")) return "flash_call";
  if (name.endsWith("MissedCall")) return "missed_call";
  if (name.endsWith("Call")) return "call";
  if (name.includes("Email")) return "email";
  if (name.includes("Fragment")) return "fragment";
  return "other";
}
