// GET /api/v1/accounts: the owner's linked Telegram account(s).
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { toApiAccount } from "@/lib/api/v1/mappers";
import { getLinkedAccount } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const GET = withToken(v1Routes.accounts, async (_request, { principal }) => {
  const account = await getLinkedAccount(principal.user.id);
  return { body: { data: account ? [toApiAccount(account)] : [] } };
});
