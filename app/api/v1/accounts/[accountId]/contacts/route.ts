// GET /api/v1/accounts/:accountId/contacts?q=&cursor=&limit=: the account's contacts.
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { requireOwnAccount } from "@/lib/api/v1/accounts";
import { decodeOffsetCursor, encodeOffsetCursor, toApiContact } from "@/lib/api/v1/mappers";
import { getContacts } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const GET = withToken(v1Routes.contacts, async (_request, { principal, params, query }) => {
  await requireOwnAccount(principal.user.id, params.accountId);
  const offset = decodeOffsetCursor(query.cursor);
  // Telegram answers the whole contact list at once (cached for a while by the read model).
  const contacts = await getContacts(principal.user.id, query.q);
  const end = offset + query.limit;
  return {
    body: {
      data: contacts.slice(offset, end).map(toApiContact),
      nextCursor: end < contacts.length ? encodeOffsetCursor(end) : null,
    },
  };
});
