// messages.search and messages.searchGlobal with Telegram's paging rules.
import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { parsePeerKey, type Msg, type PeerKey } from "../world";
import { apiMessage, collectEntities, resolveInputPeer, resolveInputUser } from "./common";
import { historySlice, MAX_LIMIT, messagesResult } from "./history";

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text as Telegram's index sees them: letters and digits, case-folded. */
export function searchWords(text: string): string[] {
  return (text.toLocaleLowerCase().match(WORD) ?? []) as string[];
}

/**
 * Telegram's full-text match: every word of the query must begin some word of the
 * message ("notice per" finds "notice period"). Service messages never match.
 */
export function textMatcher(q: string): ((m: Msg) => boolean) | null {
  const needles = searchWords(q);
  if (needles.length === 0) return null;
  return (m) => {
    if (m.service || !m.text) return false;
    const words = searchWords(m.text);
    return needles.every((n) => words.some((w) => w.startsWith(n)));
  };
}

/** Only the empty filter has a meaning here (the sandbox's media are few); others find nothing. */
function filterAllows(filter: Api.TypeMessagesFilter): boolean {
  return filter instanceof Api.InputMessagesFilterEmpty;
}

function inDates(m: Msg, minDate: number, maxDate: number): boolean {
  return (!minDate || m.date >= minDate) && (!maxDate || m.date <= maxDate);
}

interface Hit {
  peer: PeerKey;
  m: Msg;
}

/** Newest first across chats: date, then peer, then id, all descending (a strict order for offsets). */
function globalOrder(a: { date: number; peer: string; id: number }, b: { date: number; peer: string; id: number }) {
  return b.date - a.date || (a.peer < b.peer ? 1 : a.peer > b.peer ? -1 : 0) || b.id - a.id;
}

export function registerSearch(s: Sandbox): void {
  s.register(Api.messages.Search, (req, ctx) => {
    const me = s.requireUser(ctx);
    const peer = resolveInputPeer(s, me, req.peer);
    const match = textMatcher(req.q);
    if (!match && req.filter instanceof Api.InputMessagesFilterEmpty) throw rpcError("SEARCH_QUERY_EMPTY");
    const fromId = req.fromId ? resolveInputUser(s, me, req.fromId).id : undefined;
    const hits = filterAllows(req.filter)
      ? s.world
          .history(me, peer)
          .filter(
            (m) =>
              (!match || match(m)) &&
              inDates(m, req.minDate, req.maxDate) &&
              (fromId === undefined || m.fromId === fromId),
          )
      : [];
    // The window over the matches moves exactly as getHistory's over the whole history.
    const page = historySlice(hits, {
      offsetId: req.offsetId,
      offsetDate: 0,
      addOffset: req.addOffset,
      limit: req.limit,
      maxId: req.maxId,
      minId: req.minId,
    });
    const result = messagesResult(s, me, peer, page, hits.length);
    // A search answers with a slice whenever the page is not every match (even on the
    // first page), so a client always learns the total.
    if (result instanceof Api.messages.Messages && page.length < hits.length) {
      return new Api.messages.MessagesSlice({
        count: hits.length,
        messages: result.messages,
        chats: result.chats,
        users: result.users,
      });
    }
    return result;
  });

  s.register(Api.messages.SearchGlobal, (req, ctx) => {
    const me = s.requireUser(ctx);
    const match = textMatcher(req.q);
    if (!match) throw rpcError("SEARCH_QUERY_EMPTY");
    const box = s.world.box(me);
    const hits: Hit[] = [];
    if (filterAllows(req.filter)) {
      for (const d of Object.values(box.dialogs)) {
        const kind = parsePeerKey(d.peer).type;
        if (req.usersOnly && kind !== "user") continue;
        if (req.groupsOnly && kind === "user") continue;
        if (req.broadcastsOnly && !(kind === "channel" && s.world.channel(parsePeerKey(d.peer).id)?.broadcast))
          continue;
        for (const m of s.world.history(me, d.peer)) {
          if (match(m) && inDates(m, req.minDate, req.maxDate)) hits.push({ peer: d.peer, m });
        }
      }
    }
    hits.sort((a, b) => globalOrder({ ...a.m, peer: a.peer }, { ...b.m, peer: b.peer }));
    // offset_rate is the previous page's next_rate (its last message's date); offset_peer
    // and offset_id name that last message, so the next page starts strictly after it.
    let start = 0;
    if (req.offsetRate > 0) {
      let pivotPeer = "";
      if (!(req.offsetPeer instanceof Api.InputPeerEmpty)) {
        try {
          pivotPeer = resolveInputPeer(s, me, req.offsetPeer);
        } catch {
          pivotPeer = "";
        }
      }
      const pivot = { date: req.offsetRate, peer: pivotPeer, id: req.offsetId };
      start = hits.findIndex((h) => globalOrder({ ...h.m, peer: h.peer }, pivot) > 0);
      if (start < 0) start = hits.length;
    }
    const limit = Math.max(1, Math.min(req.limit || 20, MAX_LIMIT));
    const page = hits.slice(start, start + limit);
    const { users, chats } = collectEntities(
      s,
      me,
      page.map((h) => h.peer),
      page.map((h) => h.m.fromId),
    );
    const messages = page.map((h) => apiMessage(s, me, h.peer, h.m));
    const more = start + page.length < hits.length;
    if (start === 0 && !more) return new Api.messages.Messages({ messages, chats, users });
    return new Api.messages.MessagesSlice({
      count: hits.length,
      nextRate: more ? page.at(-1)!.m.date : undefined,
      messages,
      chats,
      users,
    });
  });
}
