import { Api } from "telegram";
import type { Sandbox } from "../sandbox";
import { now } from "./common";

export function registerHelp(s: Sandbox): void {
  // GramJS's connect() waits for this answer; every field of Config is required on the wire.
  s.register(
    Api.help.GetConfig,
    (_req, ctx) =>
      new Api.Config({
        date: now(),
        expires: now() + 3600,
        testMode: false,
        thisDc: ctx.dcId,
        dcOptions: s.dcs.map(
          (dc) => new Api.DcOption({ id: dc.id, ipAddress: dc.host, port: dc.port, thisPortOnly: true }),
        ),
        dcTxtDomainName: "sandbox.invalid",
        chatSizeMax: 200,
        megagroupSizeMax: 200000,
        forwardedCountMax: 100,
        onlineUpdatePeriodMs: 210000,
        offlineBlurTimeoutMs: 5000,
        offlineIdleTimeoutMs: 30000,
        onlineCloudTimeoutMs: 300000,
        notifyCloudDelayMs: 30000,
        notifyDefaultDelayMs: 1500,
        pushChatPeriodMs: 60000,
        pushChatLimit: 2,
        editTimeLimit: 172800,
        revokeTimeLimit: 2147483647,
        revokePmTimeLimit: 2147483647,
        ratingEDecay: 2419200,
        stickersRecentLimit: 200,
        channelsReadMediaPeriod: 604800,
        callReceiveTimeoutMs: 20000,
        callRingTimeoutMs: 90000,
        callConnectTimeoutMs: 30000,
        callPacketTimeoutMs: 10000,
        meUrlPrefix: "https://t.me/",
        captionLengthMax: 1024,
        messageLengthMax: 4096,
        webfileDcId: 1,
      }),
  );
  s.register(
    Api.help.GetNearestDc,
    (_req, ctx) => new Api.NearestDc({ country: "NL", thisDc: ctx.dcId, nearestDc: ctx.dcId }),
  );
}
