// The control API can deliver messages as any seeded user, install faults and accept QR
// logins, so only a process that can read the sandbox's state directory may use it. A web
// page on another loopback port (no-cors POST, HTML form) or behind DNS rebinding (foreign
// Host) must get nothing done and nothing read.
import { request } from "node:http";
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controlTokenPath, readControlToken, SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";
import { startTestSandbox, type TestSandbox } from "@/tests/integration/support/sandbox";

let sb: TestSandbox;
let port: number;

beforeAll(async () => {
  sb = await startTestSandbox();
  port = Number(new URL(sb.running.controlUrl).port);
}, 60_000);
afterAll(async () => {
  await sb?.stop();
});

/** A raw request, so Host and every other header are exactly what a browser could send. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const auth = () => ({ authorization: `Bearer ${sb.running.controlToken}` });
const host = () => ({ host: `127.0.0.1:${port}` });
const sendAsBob = JSON.stringify({ from: "bob", to: "alice", text: "forged" });

async function forgedMessages(): Promise<number> {
  return (await sb.control.messages("alice", "bob", 50)).filter((m) => m.text === "forged").length;
}

describe("sandbox control API", () => {
  it("writes a fresh token into the state directory, readable only by its owner", () => {
    expect(readControlToken(sb.dir)).toBe(sb.running.controlToken);
    expect(sb.running.controlToken.length).toBeGreaterThanOrEqual(32);
    expect(statSync(controlTokenPath(sb.dir)).mode & 0o077).toBe(0);
  });

  it("works with the token (the client reads it from the directory)", async () => {
    const client = SandboxControlClient.forDir(sb.running.controlUrl, sb.dir);
    expect((await client.info()).dcs.length).toBeGreaterThan(0);
    expect((await client.setTokenTtl(30)).tokenTtlSeconds).toBe(30);
  });

  it("refuses every call without the token or with a wrong one", async () => {
    expect((await raw("GET", "/seed", host())).status).toBe(401);
    expect((await raw("GET", "/health", host())).status).toBe(401);
    expect((await raw("GET", "/seed", { ...host(), authorization: "Bearer nope" })).status).toBe(401);
    await expect(new SandboxControlClient(sb.running.controlUrl, "wrong").listUsers()).rejects.toMatchObject({
      status: 401,
    });
  });

  it("delivers nothing from a no-cors text/plain POST or an HTML form, even with the token", async () => {
    const noCors = await raw(
      "POST",
      "/messages",
      { ...host(), origin: "http://127.0.0.1:3999", "content-type": "text/plain;charset=UTF-8" },
      sendAsBob,
    );
    expect([401, 403]).toContain(noCors.status);
    const form = await raw(
      "POST",
      "/faults",
      { ...host(), "content-type": "application/x-www-form-urlencoded" },
      "method=*&error=FLOOD_WAIT_30",
    );
    expect(form.status).toBe(401);
    const textWithToken = await raw(
      "POST",
      "/messages",
      { ...host(), ...auth(), "content-type": "text/plain" },
      sendAsBob,
    );
    expect(textWithToken.status).toBe(415);
    const noType = await raw(
      "POST",
      "/faults",
      { ...host(), ...auth() },
      JSON.stringify({ method: "*", error: "FLOOD_WAIT_30" }),
    );
    expect(noType.status).toBe(415);
    expect(await forgedMessages()).toBe(0);
    expect(await sb.control.faults()).toEqual([]);
  });

  it("refuses a foreign Host (DNS rebinding) and a foreign Origin, token or not", async () => {
    const rebound = await raw("GET", "/seed", { ...auth(), host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain("password");
    expect((await raw("GET", "/seed", { ...auth(), host: `127.0.0.1:${port + 1}` })).status).toBe(403);
    const cross = await raw(
      "POST",
      "/messages",
      { ...host(), ...auth(), origin: "http://127.0.0.1:3999", "content-type": "application/json" },
      sendAsBob,
    );
    expect(cross.status).toBe(403);
    expect(await forgedMessages()).toBe(0);
  });

  it("accepts loopback names with its own port", async () => {
    for (const name of ["127.0.0.1", "localhost", "[::1]"]) {
      expect((await raw("GET", "/health", { ...auth(), host: `${name}:${port}` })).status).toBe(200);
    }
  });

  it("uses a new token after a restart", async () => {
    const before = sb.running.controlToken;
    await sb.restart();
    port = Number(new URL(sb.running.controlUrl).port);
    expect(sb.running.controlToken).not.toBe(before);
    await expect(new SandboxControlClient(sb.running.controlUrl, before).info()).rejects.toMatchObject({ status: 401 });
    expect((await sb.control.info()).dcs.length).toBeGreaterThan(0);
  });
});
