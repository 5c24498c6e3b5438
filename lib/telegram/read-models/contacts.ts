import "server-only";

import { long } from "../gramjs/long";
import { Api } from "telegram";

import type { AccountSession } from "../runtime/session";
import type { ContactDto } from "../dto";
import { peerIdOf, reshapeContact } from "../gramjs/mappers";

/** Loads the contact list (cached like the dialogs, 30 s) and marks contacts reachable. */
export async function loadContacts(session: AccountSession): Promise<ContactDto[]> {
  const cached = session.contacts.peerIds();
  if (cached) {
    const contacts = cached
      .map((peerId) => session.peers.get(peerId)?.entity)
      .filter((entity): entity is Api.User => entity instanceof Api.User);
    // The entity cache is bounded: when it forgot one, ask again rather than drop a contact.
    if (contacts.length === cached.length) return sortContacts(contacts.map(reshapeContact));
  }
  const result = await session.invoke(new Api.contacts.GetContacts({ hash: long(0) }));
  if (result instanceof Api.contacts.ContactsNotModified) return [];
  const users = result.users.filter((user): user is Api.User => user instanceof Api.User && !user.self);
  session.rememberEntities(users, [], "all");
  session.contacts.set(users.map((user) => peerIdOf(user)));
  return sortContacts(users.map(reshapeContact));
}

function sortContacts(contacts: ContactDto[]): ContactDto[] {
  return contacts.sort((a, b) => a.name.localeCompare(b.name));
}

export function filterContacts(contacts: ContactDto[], query: string | undefined): ContactDto[] {
  const needle = query?.trim().toLocaleLowerCase().replace(/^@/, "");
  if (!needle) return contacts;
  return contacts.filter(
    (contact) =>
      contact.name.toLocaleLowerCase().includes(needle) ||
      (contact.username?.toLocaleLowerCase().includes(needle) ?? false) ||
      (contact.phone?.includes(needle.replace(/\D/g, "") || "\u0000") ?? false),
  );
}
