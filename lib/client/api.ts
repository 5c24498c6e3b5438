import type { DialogPage, HistoryPage, MessageDto, SessionDto } from "@/lib/telegram/dto";
import type { LoginState } from "@/lib/telegram/login/types";
import { apiFetch } from "./api-fetch";

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
  start: (method: "qr" | "phone" = "qr") => apiFetch<LoginState>(`${BASE}/login`, { method: "POST", json: { restart: true, method } }),
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
  send: (peerId: string, body: { text: string; randomId: string }) =>
    apiFetch<{ message: MessageDto }>(`${peerPath(peerId)}/messages`, { method: "POST", json: body }),
  markRead: (peerId: string, maxId: number) =>
    apiFetch<unknown>(`${peerPath(peerId)}/read`, { method: "POST", json: { maxId } }),
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
