// GET /api/v1/accounts/:accountId/chats/:chatId/messages?before=|after=&limit=: a page of history.
// POST …/messages {text} with Idempotency-Key: send once, however often the POST is retried.
import { db } from "@/lib/db";
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { requireOwnAccount } from "@/lib/api/v1/accounts";
import { toApiMessage } from "@/lib/api/v1/mappers";
import { randomIdFor, requestFingerprint, runIdempotent } from "@/lib/api/idempotency";
import { getChat, sendChatMessage } from "@/lib/telegram";

export const dynamic = "force-dynamic";

const MAX_MESSAGE_ID = 2 ** 31 - 1;

export const GET = withToken(v1Routes.messages, async (_request, { principal, params, query }) => {
  await requireOwnAccount(principal.user.id, params.accountId);
  const before = query.before === undefined ? undefined : Number(query.before);
  const after = query.after === undefined ? undefined : Number(query.after);
  const page = await getChat(principal.user.id, params.chatId, { before, after, limit: query.limit });
  const data = page.messages.map(toApiMessage);
  const oldest = page.messages[0]?.id;
  const newest = page.messages.at(-1)?.id;
  let olderCursor: string | null;
  let newerCursor: string | null;
  if (after !== undefined) {
    // Forwards: everything up to `after` is older; an empty page keeps its cursor for polling.
    olderCursor = String(oldest ?? Math.min(after + 1, MAX_MESSAGE_ID));
    newerCursor = String(newest ?? after);
  } else {
    olderCursor = page.nextBefore === null ? null : String(page.nextBefore);
    newerCursor =
      newest !== undefined ? String(newest) : before !== undefined && before > 1 ? String(before - 1) : null;
  }
  return { body: { data, olderCursor, newerCursor } };
});

export const POST = withToken(v1Routes.sendMessage, async (request, { principal, params, headers, body }) => {
  await requireOwnAccount(principal.user.id, params.accountId);
  const key = headers["idempotency-key"];
  const fingerprint = requestFingerprint("POST", request.nextUrl.pathname, body);
  const answer = await runIdempotent(db, principal.tokenId, key, fingerprint, async () => {
    // Derived from the key: a retry after a lost answer (or a crash) sends the same
    // random_id, and Telegram delivers the message once.
    const message = await sendChatMessage(
      principal.user.id,
      params.chatId,
      body.text,
      randomIdFor(principal.tokenId, key),
    );
    return { status: 201, body: { message: toApiMessage(message) } };
  });
  return {
    status: answer.status,
    body: answer.body as { message: ReturnType<typeof toApiMessage> },
    headers: answer.replayed ? { "idempotent-replayed": "true" } : undefined,
  };
});
