// Message lookups and history windows shared by messages.*, channels.* and the control API.
import { Api } from "telegram";
import type { Sandbox } from "../sandbox";
import { parsePeerKey, type Msg, type PeerKey } from "../world";
import { apiMessage, collectEntities } from "./common";

export const MAX_LIMIT = 100;

/** Binary search: histories are kept in ascending id order. */
export function findMsg(h: Msg[], id: number): Msg | undefined {
  let lo = 0;
  let hi = h.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = h[mid]!;
    if (m.id === id) return m;
    if (m.id < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export function historySlice(
  h: Msg[],
  o: { offsetId: number; offsetDate: number; addOffset: number; limit: number; maxId: number; minId: number },
): Msg[] {
  // Position of the first message (newest first) older than the offset.
  let start = h.length; // exclusive upper index in ascending order
  if (o.offsetId > 0) {
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h[mid]!.id < o.offsetId) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  } else if (o.offsetDate > 0) {
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h[mid]!.date < o.offsetDate) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const limit = Math.max(0, Math.min(o.limit || 20, MAX_LIMIT));
  // min_id/max_id bound the history first (exclusive); the window is then taken inside them.
  const lo = o.minId > 0 ? lowerBound(h, o.minId + 1) : 0;
  const hi = o.maxId > 0 ? lowerBound(h, o.maxId) : h.length;
  // add_offset moves the window towards older messages (positive) or newer (negative).
  const hiIdx = Math.min(hi, Math.max(lo, start - o.addOffset));
  const loIdx = Math.max(lo, hiIdx - limit);
  const out: Msg[] = [];
  for (let i = hiIdx - 1; i >= loIdx; i--) out.push(h[i]!);
  return out;
}

/** First index whose id is >= id (histories ascend by id). */
function lowerBound(h: Msg[], id: number): number {
  let a = 0;
  let b = h.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (h[mid]!.id < id) a = mid + 1;
    else b = mid;
  }
  return a;
}

export function messagesResult(s: Sandbox, me: number, peer: PeerKey, msgs: Msg[], count: number) {
  const { users, chats } = collectEntities(
    s,
    me,
    [peer],
    msgs.map((m) => m.fromId),
  );
  const messages = msgs.map((m) => apiMessage(s, me, peer, m));
  const p = parsePeerKey(peer);
  if (p.type === "channel") {
    return new Api.messages.ChannelMessages({
      pts: s.world.channel(p.id)!.pts,
      count,
      messages,
      topics: [],
      chats,
      users,
    });
  }
  if (msgs.length >= count) return new Api.messages.Messages({ messages, chats, users });
  return new Api.messages.MessagesSlice({ count, messages, chats, users });
}
