import { formatPhone } from "@/components/telegram/login/format-phone";

/**
 * How the UI names a Telegram account: its name and @username, or its number when it has
 * no username. Login attempts keep this text, so they still name an account unlinked since.
 */
export function telegramAccountLabel(account: {
  firstName: string;
  lastName: string | null;
  username: string | null;
  phone: string | null;
}): string {
  const name = [account.firstName, account.lastName].filter(Boolean).join(" ");
  const handle = account.username ? `@${account.username}` : account.phone ? formatPhone(account.phone) : "";
  if (!handle) return name;
  return name ? `${name} (${handle})` : handle;
}
