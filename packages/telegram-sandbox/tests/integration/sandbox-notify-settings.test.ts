// Muting a chat: account.updateNotifySettings sets the dialog's mute_until, which getDialogs
// and account.getNotifySettings report; 0 unmutes; a chat the user has no dialog with is
// PEER_ID_INVALID. Checked in-process (the sandbox's dispatch, no sockets).
import { Api } from "telegram";
import { expect, it } from "vitest";
import { RpcError } from "../../src/rpc";
import { inProcessSandbox } from "../support/in-process";
import { toBI } from "../../src/tl";

const sandbox = inProcessSandbox("tgdesk-sandbox-notify-");
const { user, as, call } = sandbox;
const inputPeer = (name: string) =>
  new Api.InputNotifyPeer({
    peer: new Api.InputPeerUser({ userId: toBI(user(name).id), accessHash: toBI(user(name).accessHash) }),
  });
const mute = (name: string, peer: string, muteUntil: number) =>
  call<boolean>(
    as(name),
    new Api.account.UpdateNotifySettings({
      peer: inputPeer(peer),
      settings: new Api.InputPeerNotifySettings({ muteUntil }),
    }),
  );
/** The dialog's mute_until, 0 when not muted (the flag absent). */
async function muteUntilInDialogs(name: string, peer: string): Promise<number> {
  const r = await call<Api.messages.Dialogs | Api.messages.DialogsSlice>(
    as(name),
    new Api.messages.GetDialogs({
      offsetDate: 0,
      offsetId: 0,
      offsetPeer: new Api.InputPeerEmpty(),
      limit: 100,
      hash: toBI(0),
    }),
  );
  const dialog = r.dialogs.find(
    (d) => d.peer instanceof Api.PeerUser && d.peer.userId.toString() === String(user(peer).id),
  ) as Api.Dialog;
  return dialog.notifySettings.muteUntil ?? 0;
}

it("mutes and unmutes a chat, as getDialogs and getNotifySettings then say", async () => {
  expect(await muteUntilInDialogs("alice", "erin")).toBe(0);
  expect(await mute("alice", "erin", 2_147_483_647)).toBe(true);
  expect(await muteUntilInDialogs("alice", "erin")).toBe(2_147_483_647);
  const settings = await call<Api.PeerNotifySettings>(
    as("alice"),
    new Api.account.GetNotifySettings({ peer: inputPeer("erin") }),
  );
  expect(settings.muteUntil).toBe(2_147_483_647);
  // Only Alice's side: Erin's chat with Alice is untouched.
  expect(await muteUntilInDialogs("erin", "alice")).toBe(0);

  expect(await mute("alice", "erin", 0)).toBe(true);
  expect(await muteUntilInDialogs("alice", "erin")).toBe(0);
  // The seed mutes Frank for Alice.
  expect(await muteUntilInDialogs("alice", "frank")).toBe(2_147_483_647);
});

it("refuses a peer the user has no chat with", async () => {
  const stranger = sandbox.current.world.addUser({ firstName: "Nobody", homeDc: 2 });
  const error = await mute("alice", stranger.username ?? String(stranger.id), 2_147_483_647).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcError);
  expect((error as RpcError).errorMessage).toBe("PEER_ID_INVALID");
});
