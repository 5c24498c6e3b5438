import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { AuthState, Sandbox } from "../sandbox";
import { bool, fromBI, toBI } from "../tl";
import { apiPeer, notifySettings, now, resolveInputPeer } from "./common";

function apiAuthorization(a: AuthState, current: boolean): Api.Authorization {
  return new Api.Authorization({
    current,
    hash: current ? toBI(0) : toBI(a.info.hash ?? "0"),
    deviceModel: a.info.deviceModel ?? "Unknown",
    platform: "",
    systemVersion: a.info.systemVersion ?? "",
    apiId: a.info.apiId ?? 0,
    appName: a.info.internal ? "Sandbox Phone" : "tgdesk",
    appVersion: a.info.appVersion ?? "",
    dateCreated: a.info.authorizedAt ?? a.createdAt,
    dateActive: a.info.activeAt ?? now(),
    ip: "127.0.0.1",
    country: "Sandbox",
    region: `DC${a.dcId}`,
  });
}

export function registerAccount(s: Sandbox): void {
  s.register(Api.account.GetAuthorizations, (_req, ctx) => {
    const me = s.requireUser(ctx);
    // One entry per device: keys a client authorised on its media DCs belong to it.
    const current = s.deviceOf(ctx.key.auth);
    const list = s.allAuths().filter((a) => a.userId === me && !a.info.parentHash);
    return new Api.account.Authorizations({
      authorizationTtlDays: 180,
      authorizations: list.map((a) => apiAuthorization(a, a === current)),
    });
  });

  s.register(Api.account.ResetAuthorization, (req, ctx) => {
    const me = s.requireUser(ctx);
    const target = s
      .allAuths()
      .find((a) => a.userId === me && !a.info.parentHash && a.info.hash === fromBI(req.hash).toString());
    if (!target || target === s.deviceOf(ctx.key.auth)) throw rpcError("HASH_INVALID");
    s.revoke(target);
    return bool(true);
  });

  s.register(Api.account.UpdateStatus, (_req, ctx) => {
    s.requireUser(ctx);
    return bool(true);
  });

  // Muting a chat, as a phone's "Mute" does: the dialog's mutedUntil, which getDialogs
  // reports in its notify_settings; the user's other sessions hear updateNotifySettings.
  s.register(Api.account.UpdateNotifySettings, (req, ctx) => {
    const me = s.requireUser(ctx);
    if (!(req.peer instanceof Api.InputNotifyPeer)) throw rpcError("PEER_ID_INVALID");
    const peer = resolveInputPeer(s, me, req.peer.peer);
    const dialog = s.world.box(me).dialogs[peer];
    if (!dialog) throw rpcError("PEER_ID_INVALID");
    const until = req.settings.muteUntil ?? 0;
    if (until > now()) dialog.mutedUntil = until;
    else delete dialog.mutedUntil;
    s.world.markDirty();
    s.pushToUser(
      me,
      new Api.UpdateShort({
        update: new Api.UpdateNotifySettings({
          peer: new Api.NotifyPeer({ peer: apiPeer(peer) }),
          notifySettings: notifySettings(dialog),
        }),
        date: now(),
      }),
      ctx.key.auth,
    );
    return bool(true);
  });

  s.register(Api.account.GetNotifySettings, (req, ctx) => {
    const me = s.requireUser(ctx);
    if (!(req.peer instanceof Api.InputNotifyPeer)) return notifySettings();
    return notifySettings(s.world.box(me).dialogs[resolveInputPeer(s, me, req.peer.peer)]);
  });
}
