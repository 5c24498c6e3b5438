import type {
  ChatSearchPage,
  DialogDto,
  DialogPage,
  GlobalSearchPage,
  HistoryPage,
  HistoryWindow,
  MessageDto,
  SessionDto,
} from "@/lib/telegram/dto";
import type { LoginState } from "@/lib/telegram/login/types";
import type { ApiScope, ApiTokenDto } from "@/lib/api/scopes";
import type { WebhookDeliveryDto, WebhookEndpointDto, WebhookEventType } from "@/lib/webhooks/events";
import type { PushStatusDto, PushSubscriptionDto } from "@/lib/push/types";
import type { AdminSettingsDto, AdminSettingsPatch } from "@/lib/validations/admin-settings";
import { apiFetch } from "./api-fetch";
import { uploadRaw } from "./api-upload";

// The browser's one door to the app's JSON API: every URL the client calls is spelled
// here, typed by the DTO it answers with. Components use the hooks in ./hooks, not this.

const BASE = "/api/telegram";
const peerPath = (peerId: string) => `${BASE}/chats/${encodeURIComponent(peerId)}`;

export const apiPaths = {
  /** Server-Sent Events with LiveEvent payloads (EventSource, not fetch). */
  events: `${BASE}/events`,
} as const;

export const loginApi = {
  /** The current state; with `after`, a long poll that answers once the version moves past it. */
  get: (after: number | null, signal?: AbortSignal) =>
    apiFetch<LoginState>(after === null ? `${BASE}/login` : `${BASE}/login?after=${after}`, { signal }),
  start: (method: "qr" | "phone" = "qr") =>
    apiFetch<LoginState>(`${BASE}/login`, { method: "POST", json: { restart: true, method } }),
  /** Phone login steps: the number, the code, a resend, or back to the number. */
  phoneStep: (step: { phone: string } | { code: string } | { resend: true } | { changePhone: true }) =>
    apiFetch<LoginState>(`${BASE}/login/phone`, { method: "POST", json: step }),
  cancel: () => apiFetch<LoginState>(`${BASE}/login`, { method: "DELETE" }),
  submitPassword: (password: string) =>
    apiFetch<LoginState>(`${BASE}/login/password`, { method: "POST", json: { password } }),
  /** Sandbox only: plays the phone's part and "scans" the code as a demo user. */
  sandboxScan: (username: string) =>
    apiFetch<{ ok: true }>(`${BASE}/sandbox/scan`, { method: "POST", json: { as: username } }),
};

export const chatsApi = {
  page: (offset: number, limit: number, signal?: AbortSignal) =>
    apiFetch<DialogPage>(`${BASE}/chats?offset=${offset}&limit=${limit}`, { signal }),
  search: (query: string, limit: number, signal?: AbortSignal) =>
    apiFetch<DialogPage>(`${BASE}/chats?q=${encodeURIComponent(query)}&limit=${limit}`, { signal }),
  history: (peerId: string, before: number | undefined, signal?: AbortSignal) =>
    apiFetch<HistoryPage>(`${peerPath(peerId)}/messages${before ? `?before=${before}` : ""}`, { signal }),
  send: (peerId: string, body: { text: string; randomId: string; replyTo?: number }) =>
    apiFetch<{ message: MessageDto }>(`${peerPath(peerId)}/messages`, { method: "POST", json: body }),
  markRead: (peerId: string, maxId: number) =>
    apiFetch<unknown>(`${peerPath(peerId)}/read`, { method: "POST", json: { maxId } }),
};

/** Acting on sent messages: edit one's own, delete (for me / for both), forward to another chat. */
export const messagesApi = {
  edit: (peerId: string, id: number, text: string) =>
    apiFetch<{ message: MessageDto }>(`${peerPath(peerId)}/messages/${id}`, { method: "PATCH", json: { text } }),
  remove: (peerId: string, ids: number[], revoke: boolean) =>
    apiFetch<{ ok: true; ids: number[] }>(`${peerPath(peerId)}/messages/delete`, {
      method: "POST",
      json: { ids, revoke },
    }),
  forward: (peerId: string, body: { ids: number[]; to: string; randomIds: string[] }) =>
    apiFetch<{ messages: MessageDto[] }>(`${peerPath(peerId)}/messages/forward`, { method: "POST", json: body }),
};

/** Sending files: the raw file is the body, its details in the query (see app/api/telegram/chats/[peer]/files). */
export const filesApi = {
  /** The largest file the site accepts (its MAX_UPLOAD_MB or Telegram's limit). */
  limits: (signal?: AbortSignal) => apiFetch<{ maxBytes: number }>(`${BASE}/uploads`, { signal }),
  send: (
    peerId: string,
    file: Blob,
    meta: { name: string; caption: string; asFile: boolean; randomId: string; replyTo?: number },
    options: { onProgress?: (sent: number, total: number) => void; signal?: AbortSignal } = {},
  ) => {
    const query = new URLSearchParams({
      name: meta.name,
      randomId: meta.randomId,
      asFile: meta.asFile ? "1" : "0",
      ...(meta.caption ? { caption: meta.caption } : {}),
      ...(meta.replyTo ? { replyTo: String(meta.replyTo) } : {}),
    });
    return uploadRaw<{ message: MessageDto }>(`${peerPath(peerId)}/files?${query.toString()}`, file, options);
  },
};

/** Message search (in a chat, everywhere) and the history around a found message. */
export const searchApi = {
  inChat: (peerId: string, q: string, offsetId: number | undefined, signal?: AbortSignal) =>
    apiFetch<ChatSearchPage>(
      `${peerPath(peerId)}/search?q=${encodeURIComponent(q)}${offsetId ? `&offsetId=${offsetId}` : ""}`,
      { signal },
    ),
  everywhere: (q: string, cursor: string | undefined, signal?: AbortSignal) =>
    apiFetch<GlobalSearchPage>(
      `${BASE}/search?q=${encodeURIComponent(q)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { signal },
    ),
  around: (peerId: string, messageId: number, signal?: AbortSignal) =>
    apiFetch<HistoryWindow>(`${peerPath(peerId)}/window?around=${messageId}`, { signal }),
  after: (peerId: string, messageId: number, signal?: AbortSignal) =>
    apiFetch<HistoryPage>(`${peerPath(peerId)}/window?after=${messageId}`, { signal }),
};

/** New message: find a person by @username or phone; answers the chat to open. */
export const peopleApi = {
  find: (body: { username: string } | { phone: string; keepContact: boolean }) =>
    apiFetch<{ chat: DialogDto }>(`${BASE}/people/find`, { method: "POST", json: body }),
};

export const sessionsApi = {
  list: (signal?: AbortSignal) =>
    apiFetch<{ sessions: SessionDto[] }>(`${BASE}/sessions`, { signal }).then((body) => body.sessions),
  terminate: (hash: string) => apiFetch<unknown>(`${BASE}/sessions/${encodeURIComponent(hash)}`, { method: "DELETE" }),
};

export const accountApi = {
  /** auth.logOut with a time limit; `confirmed` says whether Telegram answered in time. */
  logout: () => apiFetch<{ confirmed: boolean }>(`${BASE}/account/logout`, { method: "POST" }),
  unlink: () => apiFetch<{ ok: true }>(`${BASE}/account`, { method: "DELETE" }),
};

/** The admin panel's writes (reads are server-rendered tables). Members get 403 `forbidden`. */
export const adminApi = {
  createPerson: (body: { email: string; name: string; role: string; mode: string }) =>
    apiFetch<{ user: { email: string }; password: string } | { invitation: { url: string; expiresAt: string } }>(
      "/api/admin/users",
      {
        method: "POST",
        json: body,
      },
    ),
  updatePerson: (id: string, body: { name?: string; role?: string }) =>
    apiFetch<{ ok: true }>(`/api/admin/users/${encodeURIComponent(id)}`, { method: "PATCH", json: body }),
  resetPassword: (id: string) =>
    apiFetch<{ password: string }>(`/api/admin/users/${encodeURIComponent(id)}/reset-password`, { method: "POST" }),
  disablePerson: (id: string) =>
    apiFetch<{ ok: true }>(`/api/admin/users/${encodeURIComponent(id)}/disable`, { method: "POST" }),
  enablePerson: (id: string) =>
    apiFetch<{ ok: true }>(`/api/admin/users/${encodeURIComponent(id)}/enable`, { method: "POST" }),
  deletePerson: (id: string) =>
    apiFetch<{ accounts: { accountId: string; label: string; confirmed: boolean }[] }>(
      `/api/admin/users/${encodeURIComponent(id)}`,
      { method: "DELETE" },
    ),
  forceLogout: (accountId: string) =>
    apiFetch<{ confirmed: boolean }>(`/api/admin/telegram-accounts/${encodeURIComponent(accountId)}/logout`, {
      method: "POST",
    }),
  unlink: (accountId: string) =>
    apiFetch<{ confirmed: boolean }>(`/api/admin/telegram-accounts/${encodeURIComponent(accountId)}`, {
      method: "DELETE",
    }),
  updateSettings: (body: AdminSettingsPatch) =>
    apiFetch<AdminSettingsDto>("/api/admin/settings", { method: "PATCH", json: body }),
};

/** The signed-in person's own account. */
export const profileApi = {
  update: (body: { name?: string; locale?: string | null }) =>
    apiFetch<{ ok: true }>("/api/profile", { method: "PATCH", json: body }),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    apiFetch<{ otherSessionsEnded: number }>("/api/profile/password", { method: "POST", json: body }),
  signOutEverywhere: () => apiFetch<{ sessionsEnded: number }>("/api/profile/sign-out-everywhere", { method: "POST" }),
  acceptInvitation: (body: { token: string; name: string; password: string }) =>
    apiFetch<{ email: string }>("/api/invitations", { method: "POST", json: body }),
};

/** Personal API tokens (profile page) and, for admins, anyone's. */
export const apiTokensApi = {
  create: (body: { name: string; scopes: ApiScope[]; expiresInDays: number | null }) =>
    apiFetch<{ token: string; apiToken: ApiTokenDto }>("/api/profile/tokens", { method: "POST", json: body }),
  revoke: (id: string) =>
    apiFetch<{ token: ApiTokenDto }>(`/api/profile/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
  adminRevoke: (id: string) =>
    apiFetch<{ token: ApiTokenDto }>(`/api/admin/api-tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
};

/** The profile's webhook endpoints and their deliveries. */
export const webhooksApi = {
  create: (body: { url: string; events: WebhookEventType[] }) =>
    apiFetch<{ secret: string; endpoint: WebhookEndpointDto }>("/api/profile/webhooks", { method: "POST", json: body }),
  update: (id: string, body: { events?: WebhookEventType[]; enabled?: boolean }) =>
    apiFetch<{ webhook: WebhookEndpointDto }>(`/api/profile/webhooks/${encodeURIComponent(id)}`, {
      method: "PATCH",
      json: body,
    }),
  remove: (id: string) =>
    apiFetch<{ ok: true }>(`/api/profile/webhooks/${encodeURIComponent(id)}`, { method: "DELETE" }),
  deliveries: (id: string) =>
    apiFetch<{ deliveries: WebhookDeliveryDto[] }>(`/api/profile/webhooks/${encodeURIComponent(id)}/deliveries`),
  redeliver: (id: string, deliveryId: string) =>
    apiFetch<{ ok: true }>(
      `/api/profile/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
      { method: "POST" },
    ),
};

/** Web Push: this person's subscribed browsers (notifications while the site is closed). */
export const pushApi = {
  status: (signal?: AbortSignal) => apiFetch<PushStatusDto>("/api/push/subscriptions", { signal }),
  subscribe: (subscription: PushSubscriptionJSON) =>
    apiFetch<{ subscription: PushSubscriptionDto }>("/api/push/subscriptions", { method: "POST", json: subscription }),
  unsubscribe: (id: string) =>
    apiFetch<{ ok: true }>(`/api/push/subscriptions/${encodeURIComponent(id)}`, { method: "DELETE" }),
  test: () =>
    apiFetch<{ sent: number; removed: number; failed: number }>("/api/push/test", { method: "POST", json: {} }),
};
