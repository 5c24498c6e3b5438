import "server-only";

import { randomBytes } from "node:crypto";
import { Api } from "telegram";

import type { CodedError } from "@/lib/http/coded-error";
import type { DialogDto, PeerId } from "../dto";
import { TelegramError } from "../errors";
import { long } from "../gramjs/long";
import { peerIdOf } from "../gramjs/mappers";
import type { AccountSession } from "../runtime/session";
import { dialogFor } from "./dialogs";

const FIND_ERRORS = {
  username_not_occupied: "Nobody on Telegram has this username.",
  username_invalid: "This is not a valid Telegram username.",
  phone_not_on_telegram: "Nobody can be found on Telegram by this number.",
} as const;

/** Why a person could not be found; worded by its code. */
export class FindPersonError extends Error implements CodedError {
  readonly publicMessage: string;

  constructor(readonly errorCode: keyof typeof FIND_ERRORS) {
    super(FIND_ERRORS[errorCode]);
    this.name = "FindPersonError";
    this.publicMessage = FIND_ERRORS[errorCode];
  }
}

/** The chat with someone just found: remembered as reachable, so it opens like any chat. */
function openable(
  session: AccountSession,
  users: Api.TypeUser[],
  chats: Api.TypeChat[],
  peer: Api.TypePeer,
): DialogDto {
  const peerId: PeerId = peerIdOf(peer);
  session.rememberEntities(users, chats, new Set([peerId]));
  const dialog = dialogFor(session, peerId);
  if (!dialog) throw new FindPersonError("username_not_occupied");
  return dialog;
}

/** contacts.resolveUsername: a person, group or channel by its public @username. */
export async function findByUsername(session: AccountSession, username: string): Promise<DialogDto> {
  try {
    const result = await session.invoke(new Api.contacts.ResolveUsername({ username: username.replace(/^@/, "") }));
    return openable(session, result.users, result.chats, result.peer);
  } catch (error) {
    if (error instanceof TelegramError && error.code === "USERNAME_NOT_OCCUPIED") {
      throw new FindPersonError("username_not_occupied");
    }
    if (error instanceof TelegramError && error.code === "USERNAME_INVALID")
      throw new FindPersonError("username_invalid");
    throw error;
  }
}

/**
 * A person by phone number: contacts.importContacts (Telegram's way to find someone by
 * number), then contacts.deleteContacts when the person should not stay in the address
 * book. A number not on Telegram and one whose owner hides it answer alike: nothing.
 */
export async function findByPhone(
  session: AccountSession,
  phone: string,
  { keepContact }: { keepContact: boolean },
): Promise<DialogDto> {
  const clientId = long(randomBytes(6).readUIntLE(0, 6));
  const result = await session.invoke(
    new Api.contacts.ImportContacts({
      contacts: [new Api.InputPhoneContact({ clientId, phone, firstName: phone, lastName: "" })],
    }),
  );
  const imported = result.imported[0];
  const user = result.users.find(
    (u): u is Api.User => u instanceof Api.User && imported !== undefined && u.id.equals(imported.userId),
  );
  if (!imported || !user) throw new FindPersonError("phone_not_on_telegram");
  const dialog = openable(session, [user], [], new Api.PeerUser({ userId: user.id }));
  if (!keepContact) {
    await session.invoke(
      new Api.contacts.DeleteContacts({
        id: [new Api.InputUser({ userId: user.id, accessHash: user.accessHash ?? long(0) })],
      }),
    );
  }
  // The contact list changed either way: read it afresh next time.
  session.contacts.invalidate();
  return dialog;
}
