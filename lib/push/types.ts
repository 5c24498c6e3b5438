// Web Push shapes shared by the server, the settings card and (by copy of the field
// names) public/sw.js. Client-safe: no imports.

/** Browsers one person may subscribe; beyond it the oldest is replaced. */
export const PUSH_SUBSCRIPTIONS_PER_USER = 20;
/** Longest endpoint URL accepted (real ones are some 200–500 characters). */
export const PUSH_ENDPOINT_MAX = 2_048;

/** One subscribed browser as the settings card lists it. */
export interface PushSubscriptionDto {
  id: string;
  /** The browser's push endpoint: the card finds "this browser" by it. */
  endpoint: string;
  label: string;
  createdAt: string;
  lastSuccessAt: string | null;
  failures: number;
}

/** GET /api/push/subscriptions. */
export interface PushStatusDto {
  /** Push is switched on for this site (WEB_PUSH). */
  enabled: boolean;
  /** The VAPID public key (base64url) browsers subscribe with; empty while push is off. */
  publicKey: string;
  subscriptions: PushSubscriptionDto[];
}

/** What the service worker receives, decrypted: never session data, only what it shows. */
export interface PushPayload {
  v: 1;
  kind: "message" | "test";
  /** The chat to open on click (a marked peer id), absent for a test. */
  peerId?: string;
  /** Notification title: the chat's title, else the sender (chatNotification in lib/notifications/should-notify.ts). */
  title: string;
  /** The preview ("Sender: " in groups, media in words), or "N new messages" after a burst. */
  body: string;
  /** Collapses notifications of one chat into one (Notification tag), shared with the in-tab ones. */
  tag: string;
  /** Where a click goes (same origin path). */
  url: string;
  /** Messages of this chat in this notification (more than 1 after a burst). */
  count: number;
}
