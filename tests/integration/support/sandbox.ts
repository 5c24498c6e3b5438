import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api, password as gramPassword, type TelegramClient } from "telegram";
import {
  SandboxControlClient,
  startSandbox,
  type RunningSandbox,
  type StartSandboxOptions,
} from "@tgdesk/telegram-sandbox";
import { buildTelegramClient, SANDBOX_API_HASH, SANDBOX_API_ID } from "@/lib/telegram/gramjs/connect-core";

export interface TestSandbox {
  running: RunningSandbox;
  control: SandboxControlClient;
  dir: string;
  port: number;
  /** stops it; keeps the directory when `keepDir` */
  stop(keepDir?: boolean): Promise<void>;
  restart(): Promise<void>;
  /** Stops the DCs as an outage would (state dir and ports kept); `up()` brings them back. */
  down(): Promise<void>;
  up(): Promise<void>;
}

/** Starts a sandbox on free loopback ports (<= 32767) in a fresh temp dir. */
export async function startTestSandbox(opts: Partial<StartSandboxOptions> = {}): Promise<TestSandbox> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "tgdesk-sandbox-"));
  let lastErr: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    try {
      const running = await startSandbox({ dir, port, controlPort: 0, logger: () => {}, ...opts });
      const t: TestSandbox = {
        running,
        control: new SandboxControlClient(running.controlUrl, running.controlToken),
        dir,
        port,
        async stop(keepDir = false) {
          await t.running.stop();
          if (!keepDir) rmSync(dir, { recursive: true, force: true });
        },
        async restart() {
          await t.down();
          await t.up();
        },
        async down() {
          await t.running.stop();
        },
        async up() {
          t.running = await startSandbox({ dir, port, controlPort: 0, logger: () => {}, ...opts });
          t.control = new SandboxControlClient(t.running.controlUrl, t.running.controlToken);
        },
      };
      return t;
    } catch (e) {
      lastErr = e;
    }
  }
  throw lastErr;
}

export function newClient(sb: TestSandbox, session = "", connectionRetries = 2): TelegramClient {
  return buildTelegramClient({
    session,
    mode: "sandbox",
    sandbox: { host: "127.0.0.1", port: sb.port, publicKeyPem: sb.running.publicKeyPem },
    connectionRetries,
    timeoutSeconds: 5,
  });
}

export function tokenUrl(token: Buffer): string {
  return `tg://login?token=${token.toString("base64url")}`;
}

const exportReq = (exceptIds: number[] = []) =>
  new Api.auth.ExportLoginToken({
    apiId: SANDBOX_API_ID,
    apiHash: SANDBOX_API_HASH,
    exceptIds: exceptIds.map((x) => x as never),
  });

/** Resolves when GramJS dispatches updateLoginToken to its handlers. */
export function waitForLoginToken(client: TelegramClient, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("updateLoginToken did not arrive")), timeoutMs);
    const handler = (u: unknown) => {
      if (u instanceof Api.UpdateLoginToken) {
        clearTimeout(timer);
        client.removeEventHandler(handler, undefined as never);
        resolve();
      }
    };
    client.addEventHandler(handler);
  });
}

export async function exportToken(client: TelegramClient, exceptIds: number[] = []): Promise<Api.auth.TypeLoginToken> {
  return client.invoke(exportReq(exceptIds));
}

/**
 * Drives a QR login the way the app does: export, have the phone scan, react to
 * updateLoginToken, follow loginTokenMigrateTo, and answer 2FA.
 */
export async function qrLogin(
  client: TelegramClient,
  sb: TestSandbox,
  asUser: string,
  passwords: string[] = [],
): Promise<{ user: Api.User; migratedTo?: number; passwordErrors: string[] }> {
  const first = await exportToken(client);
  if (!(first instanceof Api.auth.LoginToken)) throw new Error(`expected a login token, got ${first.className}`);
  const pushed = waitForLoginToken(client);
  await sb.control.scan(tokenUrl(first.token), asUser);
  await pushed;
  let migratedTo: number | undefined;
  const passwordErrors: string[] = [];
  try {
    let r = await exportToken(client);
    if (r instanceof Api.auth.LoginTokenMigrateTo) {
      migratedTo = r.dcId;
      await (client as unknown as { _switchDC(dc: number): Promise<void> })._switchDC(r.dcId);
      r = await client.invoke(new Api.auth.ImportLoginToken({ token: r.token }));
    }
    if (!(r instanceof Api.auth.LoginTokenSuccess)) throw new Error(`expected success, got ${r.className}`);
    return { user: (r.authorization as Api.auth.Authorization).user as Api.User, migratedTo, passwordErrors };
  } catch (e) {
    if ((e as { errorMessage?: string }).errorMessage !== "SESSION_PASSWORD_NEEDED") throw e;
  }
  for (const pw of passwords) {
    const params = await client.invoke(new Api.account.GetPassword());
    const check = await gramPassword.computeCheck(params, pw);
    try {
      const auth = await client.invoke(new Api.auth.CheckPassword({ password: check }));
      return { user: (auth as Api.auth.Authorization).user as Api.User, migratedTo, passwordErrors };
    } catch (e) {
      const err = e as { errorMessage?: string; seconds?: number };
      // GramJS turns FLOOD_WAIT_X into errorMessage "FLOOD" plus `seconds`.
      passwordErrors.push(err.seconds !== undefined ? `FLOOD_WAIT_${err.seconds}` : (err.errorMessage ?? String(e)));
    }
  }
  throw new Error(`password login failed: ${passwordErrors.join(", ")}`);
}
