import "server-only";

import { Api } from "telegram";
import { db, type Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { remember } from "@/lib/remember";
import { shouldNotify } from "@/lib/notifications/should-notify";
import { chatPushPayload, chatTopic, ChatPushQueue, type ChatPushItem } from "@/lib/push/chat-push";
import { pushAllowsPrivate, pushEnabled, vapidKeys } from "@/lib/push/config";
import type { DeliverOptions } from "@/lib/push/deliver";
import { sendPushToUser } from "@/lib/push/send";
import type { DialogDto, LiveEvent, PeerId } from "../dto";
import { listDialogs } from "../read-models/dialogs";
import { createAccountKeeper, type KeptPool } from "./account-keeper";
import { Lru } from "./lru";
import type { AccountSession } from "./session";

const log = logger.child({ module: "push.feed" });

/** How often the set of accounts kept connected for push is brought up to date. */
const KEEPER_EVERY_MS = 30_000;
/** How long a chat's muted state learnt from Telegram is trusted when the chat list is not loaded. */
const MUTED_TTL_MS = 60_000;

/** What the feed needs; tests give their own database and delivery options. */
export interface PushFeedDeps {
  db: Db;
  enabled: () => boolean;
  queue: ChatPushQueue;
  /** Told when a message makes no push (tests wait on it rather than on time). */
  onSkipped?: (peerId: PeerId, reason: "no_subscriptions" | "muted") => void;
}

/** A queue that sends each chat's notification to its person's browsers. */
export function createChatPushQueue(
  database: Db,
  options: () => Omit<DeliverOptions, "topic">,
  gatherMs?: number,
): ChatPushQueue {
  return new ChatPushQueue(async (item: ChatPushItem) => {
    try {
      await sendPushToUser(database, item.userId, (locale) => chatPushPayload(item, locale), {
        ...options(),
        topic: chatTopic(item.peerId),
      });
    } catch (error) {
      log.error({ userId: item.userId, err: error }, "could not send push notifications");
    }
  }, gatherMs);
}

// One queue per process, shared by every pooled session (remember: bundles are separate).
const appDeps = remember<PushFeedDeps>("push.feed", () => ({
  db,
  enabled: pushEnabled,
  queue: createChatPushQueue(db, () => ({ vapid: vapidKeys(), allowPrivate: pushAllowsPrivate() })),
}));

const mutedLookups = new WeakMap<AccountSession, Lru<PeerId, { muted: boolean; at: number }>>();

/**
 * Whether a chat is muted (Telegram's notify settings), from the live event's dialog or the
 * session's cached chat list. With every tab closed the list was never loaded: its first
 * page is read then (a chat with a new message sits at its top; kept for the cache's
 * lifetime), and a chat still not in it is asked for alone with messages.getPeerDialogs.
 * The server's way to learn `muted` for shouldNotify (lib/notifications/should-notify.ts).
 */
export async function isChatMuted(session: AccountSession, peerId: PeerId, dialog: DialogDto | null): Promise<boolean> {
  const known = dialog ?? session.dialogs.find(peerId);
  if (known) return known.muted;
  try {
    if (!session.dialogs.fresh()) {
      await listDialogs(session, {});
      const loaded = session.dialogs.find(peerId);
      if (loaded) return loaded.muted;
    }
    const input = session.peers.get(peerId)?.input;
    if (!input) return false;
    let cache = mutedLookups.get(session);
    if (!cache) {
      cache = new Lru(500);
      mutedLookups.set(session, cache);
    }
    const remembered = cache.get(peerId);
    if (remembered && session.now() - remembered.at < MUTED_TTL_MS) return remembered.muted;
    const answer = await session.invoke(
      new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: input })] }),
    );
    const row = answer.dialogs.find((d): d is Api.Dialog => d instanceof Api.Dialog);
    const settings = row?.notifySettings;
    const muted =
      settings instanceof Api.PeerNotifySettings && (settings.muteUntil ?? 0) > Math.floor(session.now() / 1000);
    cache.set(peerId, { muted, at: session.now() });
    return muted;
  } catch (error) {
    // Better a notification too many than a candidate's reply missed.
    log.debug({ accountId: session.account.id, err: error }, "could not read a chat's notify settings");
    return false;
  }
}

/**
 * Web Push for a pooled account: each message that shouldNotify (the in-tab notifications'
 * rule: not our own, not a service line, not in a muted chat) becomes a notification to
 * every browser its site user subscribed. Beside the webhook feed, attached to every
 * session the pool builds.
 */
export function attachPushFeed(session: AccountSession, deps: PushFeedDeps = appDeps): void {
  const { userId } = session.account;
  session.events.on("live", (event: LiveEvent) => {
    if (event.type !== "message") return;
    const { message, dialog } = event;
    // The rule's free part first (muted unknown yet, as for a chat with no dialog): own and
    // service messages cost neither a database read nor a Telegram call.
    if (!shouldNotify(message, null) || !deps.enabled()) return;
    void (async () => {
      // Nobody subscribed a browser: no Telegram call for the muted state either.
      const any = await deps.db.pushSubscription.findFirst({ where: { userId }, select: { id: true } });
      if (!any) return deps.onSkipped?.(message.peerId, "no_subscriptions");
      const muted = await isChatMuted(session, message.peerId, dialog);
      if (!shouldNotify(message, { muted })) return deps.onSkipped?.(message.peerId, "muted");
      // isChatMuted may just have loaded the chat list: its copy names the chat.
      const known = dialog ?? session.dialogs.find(message.peerId) ?? null;
      deps.queue.add({
        userId,
        peerId: message.peerId,
        message: {
          id: message.id,
          peerId: message.peerId,
          text: message.text,
          senderName: message.senderName,
          media: message.media,
        },
        dialog: known ? { title: known.title, kind: known.kind } : null,
      });
    })().catch((error: unknown) => log.error({ accountId: session.account.id, err: error }, "push feed failed"));
  });
}

const keeper = createAccountKeeper({
  name: "push.accountKeeper",
  wanted: async () => {
    const wanted = await db.telegramAccount.findMany({
      where: { status: "active", user: { status: "active", pushSubscriptions: { some: {} } } },
      select: { id: true },
    });
    return wanted.map((a) => a.id);
  },
  log,
  messages: {
    holdFailed: "could not connect an account for push notifications",
    roundFailed: "could not bring the push accounts up to date",
  },
});

/**
 * Keeps every active account whose owner subscribed a browser connected, so a message
 * arriving with every tab closed is heard (the pool otherwise drops idle clients after 10
 * minutes). Started from lifecycle.ts with the webhook keeper.
 */
export function startPushAccountKeeper(pool: KeptPool, everyMs: number = KEEPER_EVERY_MS): void {
  if (!pushEnabled()) return;
  keeper.start(pool, everyMs);
}

/** Brings the held set up to date now (after a browser subscribes or unsubscribes). */
export async function refreshPushAccounts(): Promise<void> {
  await keeper.refresh();
}
