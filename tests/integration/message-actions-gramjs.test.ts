import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listDialogs } from "@/lib/telegram/read-models/dialogs";
import { getHistory } from "@/lib/telegram/read-models/history";
import { DELETED, EDITED } from "@/lib/telegram/read-models/live-updates";
import { deleteMessages, editMessage, forwardMessages } from "@/lib/telegram/read-models/message-actions";
import { GatedAccount } from "../support/gated-account";
import { startTestSandbox, type TestSandbox } from "./support/sandbox";

// The app's message actions and live edits/deletions on a real GramJS client over TCP to
// the sandbox, with the update gate on: our own edit, deletion and forward, Telegram's
// refusals as codes, and the other side's edits and deletions both live and recovered by
// getDifference after the app was away (each once).
let sb: TestSandbox;
let alice: GatedAccount;

beforeAll(async () => {
  sb = await startTestSandbox();
  alice = await GatedAccount.login(sb, "alice");
}, 60_000);
afterAll(async () => {
  await alice?.close();
  await sb?.stop();
});

async function open() {
  const hooks: string[] = [];
  const opened = await alice.open((session) => {
    session.events.on(EDITED, () => hooks.push("edited"));
    session.events.on(DELETED, () => hooks.push("deleted"));
  });
  await opened.gate.idle();
  await listDialogs(opened.session, { limit: 50 });
  return { ...opened, hooks };
}

const idOf = (key: string) => String(sb.running.sandbox.world.userByKey(key)!.id);

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("message actions against the sandbox", () => {
  it("edits, deletes for both and forwards; Telegram's refusals come back as closed codes", async () => {
    const a = await open();
    const frank = idOf("frank");
    await sb.control.sendMessage("alice", "frank", "offer v1");
    const page = await getHistory(a.session, frank, { limit: 5 });
    const sent = page.messages.at(-1)!;
    expect(sent.text).toBe("offer v1");

    const edited = await editMessage(a.session, frank, sent.id, "offer v2");
    expect(edited).toMatchObject({ id: sent.id, text: "offer v2" });
    expect(edited.editDate).toBeGreaterThan(0);
    expect(a.events.some((e) => e.type === "edited" && e.message.text === "offer v2")).toBe(true);
    expect((await sb.control.messages("frank", "alice", 1))[0]!.text).toBe("offer v2");
    await expect(editMessage(a.session, frank, sent.id, "offer v2")).rejects.toMatchObject({
      errorCode: "message_not_modified",
    });
    const old = page.messages.find((m) => m.out && m.id !== sent.id)!;
    await expect(editMessage(a.session, frank, old.id, "too late")).rejects.toMatchObject({
      errorCode: "message_edit_time_expired",
    });
    const theirs = page.messages.find((m) => !m.out)!;
    await expect(editMessage(a.session, frank, theirs.id, "not mine")).rejects.toMatchObject({
      errorCode: "message_author_required",
    });

    const [forwarded] = await forwardMessages(a.session, frank, [sent.id], idOf("erin"), ["987654321"]);
    expect(forwarded).toMatchObject({ text: "offer v2", peerId: idOf("erin"), forward: { from: "Alice Liddell" } });
    // The same random_id again: Telegram recognises the retry.
    await forwardMessages(a.session, frank, [sent.id], idOf("erin"), ["987654321"]);
    expect((await sb.control.messages("erin", "alice", 3)).filter((m) => m.text === "offer v2")).toHaveLength(1);

    await deleteMessages(a.session, frank, [sent.id], true);
    expect(a.events.some((e) => e.type === "deleted" && e.ids.includes(sent.id) && e.peerId === frank)).toBe(true);
    expect((await sb.control.messages("frank", "alice", 3)).some((m) => m.text === "offer v2")).toBe(false);
    // Again: nothing there any more, and no error.
    await deleteMessages(a.session, frank, [sent.id], true);
    await a.gate.idle();
    expect(a.gate.current?.pts).toBe(sb.running.sandbox.world.box(Number(alice.telegramUserId)).pts);
    expect(a.hooks).toEqual(["edited", "deleted", "deleted"]);
    await a.session.destroy();
  });

  it("the other side's edit and deletion arrive live, and again after the app was away, once each", async () => {
    const a = await open();
    const sent = await sb.control.sendMessage("grace", "alice", "grace v1");
    await until(() => a.events.some((e) => e.type === "message" && e.message.text === "grace v1"));
    await sb.control.editMessage("grace", "alice", sent.id!, "grace v2");
    await until(() => a.events.some((e) => e.type === "edited" && e.message.text === "grace v2"));
    await a.session.destroy();

    const away = await sb.control.sendMessage("grace", "alice", "grace while away");
    await sb.control.editMessage("grace", "alice", away.id!, "grace while away, edited");
    await sb.control.deleteMessages("grace", [sent.id!], true);
    const b = await open();
    await until(() => b.events.some((e) => e.type === "deleted"), 10_000);
    await b.gate.idle();
    const kinds = b.events.filter((e) => ["message", "edited", "deleted"].includes(e.type));
    expect(kinds.map((e) => e.type)).toEqual(["message", "edited", "deleted"]);
    expect(kinds[1]).toMatchObject({ type: "edited", message: { text: "grace while away, edited" } });
    expect(kinds[2]).toMatchObject({ type: "deleted", peerId: null });
    expect(b.hooks).toEqual(["edited", "deleted"]);
    await b.session.destroy();
  });
});
