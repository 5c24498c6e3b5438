import type { SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Links a sandbox user to the site user behind `cookie` the way a person does: the login
 * API for a QR code, then the phone's scan through the sandbox's control API.
 */
export async function linkByQr(
  url: string,
  cookie: string,
  username: string,
  control: SandboxControlClient,
): Promise<void> {
  const headers = { cookie, origin: url, "content-type": "application/json" };
  type State = { status: string; qr?: { url: string } };
  let state = (await (
    await fetch(`${url}/api/telegram/login`, { method: "POST", headers, body: '{"restart":true}' })
  ).json()) as State;
  for (let i = 0; i < 100 && state.status !== "qr"; i++) {
    await sleep(50);
    state = (await (await fetch(`${url}/api/telegram/login`, { headers })).json()) as State;
  }
  if (state.status !== "qr" || !state.qr) throw new Error(`no QR for ${username}: ${JSON.stringify(state)}`);
  await control.scan(state.qr.url, username);
  for (let i = 0; i < 200 && state.status !== "success"; i++) {
    await sleep(50);
    state = (await (await fetch(`${url}/api/telegram/login`, { headers })).json()) as State;
  }
  if (state.status !== "success") throw new Error(`linking ${username} ended in ${state.status}`);
}
