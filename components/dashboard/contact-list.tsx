"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState } from "react";

import { Card, CardToolbar } from "@/components/ui/card";
import type { ContactDto } from "@/lib/telegram/dto";
import { Avatar } from "./avatar";
import { SearchField } from "./search-field";
import { useWording } from "./use-wording";

/** Every contact at once (contact lists are small), filtered as one types. */
export function ContactList({ contacts }: { contacts: ContactDto[] }) {
  const t = useTranslations("dashboard.contacts");
  const wording = useWording();
  const [query, setQuery] = useState("");
  const needle = query.trim().toLocaleLowerCase().replace(/^@/, "");
  const shown = useMemo(() => {
    if (!needle) return contacts;
    const digits = needle.replace(/\D/g, "");
    return contacts.filter(
      (contact) =>
        contact.name.toLocaleLowerCase().includes(needle) ||
        (contact.username?.toLocaleLowerCase().includes(needle) ?? false) ||
        (digits.length > 0 && (contact.phone?.includes(digits) ?? false)),
    );
  }, [contacts, needle]);

  const status = (contact: ContactDto) =>
    contact.status.kind === "offline" && contact.status.at
      ? t("status.offline", { time: wording.relative(contact.status.at) })
      : t(`status.${contact.status.kind}`);

  return (
    <Card aria-labelledby="contacts-heading">
      <CardToolbar>
        <div className="flex items-baseline gap-2">
          <h1 id="contacts-heading" className="text-lg font-semibold tracking-tight">
            {t("title")}
          </h1>
          <span className="text-sm text-slate-500">{t("count", { count: contacts.length })}</span>
        </div>
        <SearchField
          value={query}
          onChange={setQuery}
          label={t("searchLabel")}
          placeholder={t("searchPlaceholder")}
          testId="contact-search"
          className="w-full sm:w-80"
        />
      </CardToolbar>
      {shown.length === 0 ? (
        <p className="px-6 py-16 text-center text-sm text-slate-500" data-testid="contacts-empty">
          {needle ? t("noMatches", { query: query.trim() }) : t("empty")}
        </p>
      ) : (
        <ul
          className="grid grid-cols-1 divide-y divide-slate-100 md:grid-cols-2 md:divide-y-0"
          data-testid="contact-list"
        >
          {shown.map((contact) => (
            <li key={contact.peerId} className="md:border-b md:border-slate-100 md:odd:border-r">
              <Link
                href={`/telegram/chats/${encodeURIComponent(contact.peerId)}`}
                aria-label={t("open", { name: contact.name })}
                data-testid="contact-row"
                data-peer={contact.peerId}
                className="flex items-center gap-3 px-4 py-3 transition hover:bg-slate-50 focus-visible:bg-slate-50 sm:px-5"
              >
                <Avatar src={contact.avatarUrl} initials={contact.initials} seed={contact.peerId} />
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium text-slate-900">{contact.name}</p>
                  <p className="truncate text-sm text-slate-500" suppressHydrationWarning>
                    {contact.username ? <span className="text-brand-700">@{contact.username}</span> : null}
                    {contact.username ? " · " : null}
                    <span className={contact.status.kind === "online" ? "text-emerald-600" : undefined}>
                      {status(contact)}
                    </span>
                  </p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
