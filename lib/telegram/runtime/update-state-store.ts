import "server-only";

import { db } from "@/lib/db";
import type { UpdateState, UpdateStateStore } from "./update-gate";

/** Linked accounts' update states in the database (TelegramUpdateState, one row each). */
export const dbUpdateStateStore: UpdateStateStore = {
  async load(accountId) {
    const row = await db.telegramUpdateState.findUnique({ where: { accountId } });
    if (!row) return null;
    return { pts: row.pts, qts: row.qts, date: row.date, seq: row.seq, channels: parseChannels(row.channels) };
  },
  async save(accountId, state) {
    const data = {
      pts: state.pts,
      qts: state.qts,
      date: state.date,
      seq: state.seq,
      channels: JSON.stringify(state.channels),
    };
    // The account may have been unlinked meanwhile: then there is nothing to keep.
    const exists = await db.telegramAccount.count({ where: { id: accountId } });
    if (!exists) return;
    await db.telegramUpdateState.upsert({ where: { accountId }, create: { accountId, ...data }, update: data });
  },
};

function parseChannels(json: string): UpdateState["channels"] {
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object") return {};
    const out: UpdateState["channels"] = {};
    for (const [id, pts] of Object.entries(value))
      if (Number.isInteger(pts) && /^\d+$/.test(id)) out[id] = pts as number;
    return out;
  } catch {
    return {};
  }
}
