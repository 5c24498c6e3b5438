import "server-only";

import { ApiError } from "@/lib/http/errors";
import { getLinkedAccount, type LinkedAccountDto } from "@/lib/telegram";

/** The owner's linked account with this id; any other id is 404, as another user's chat is. */
export async function requireOwnAccount(userId: string, accountId: string): Promise<LinkedAccountDto> {
  const account = await getLinkedAccount(userId);
  if (!account || account.id !== accountId) throw new ApiError("not_found", "This account does not exist.");
  return account;
}
