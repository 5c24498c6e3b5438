"use client";

import { useFormatter, useNow, useTranslations } from "next-intl";

import type { MediaDto, MessageDto } from "@/lib/telegram/dto";

function clockDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** Words messages, media and times for the current locale (one place, used by every list). */
export function useWording() {
  const t = useTranslations("dashboard");
  const format = useFormatter();
  const now = useNow({ updateInterval: 60_000 });

  const media = (item: MediaDto): string => {
    const name = t(`media.${item.kind}`);
    const extra = [item.label, item.duration !== null ? clockDuration(item.duration) : null].filter(Boolean).join(", ");
    return extra ? `${name} · ${extra}` : name;
  };

  const service = (message: MessageDto): string => {
    const action = message.service;
    if (!action) return "";
    // "you" picks the first-person wording (Russian conjugates it: «Вы создали»).
    const who = { you: message.out ? "yes" : "no", sender: message.senderName ?? t("service.someone") };
    switch (action.type) {
      case "chatCreate":
      case "editTitle":
        return t(`service.${action.type}`, { ...who, title: action.title });
      case "channelCreate":
        return t("service.channelCreate", { title: action.title });
      case "addUser":
        return t("service.addUser", { ...who, users: format.list(action.users) });
      case "removeUser":
        return t("service.removeUser", { ...who, user: action.user });
      case "phoneCall":
        return action.missed || !action.duration
          ? t("service.missedCall")
          : t("service.phoneCall", { duration: clockDuration(action.duration) });
      case "historyClear":
        return t("service.historyClear");
      case "other":
        return t("service.other");
      default:
        return t(`service.${action.type}`, who);
    }
  };

  /** One line for the chat list: media placeholder and caption, or the wording of a service message. */
  const preview = (message: MessageDto | null): string => {
    if (!message) return "";
    if (message.service) return service(message);
    const text = message.text.replace(/\s+/g, " ").trim();
    if (message.media) return text ? `${media(message.media)}: ${text}` : media(message.media);
    return text;
  };

  const isSameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

  /** Chat-list time: the clock today, the weekday this week, else the date. */
  const listTime = (unix: number): string => {
    const date = new Date(unix * 1000);
    if (isSameDay(date, now)) return format.dateTime(date, { hour: "2-digit", minute: "2-digit" });
    if (now.getTime() - date.getTime() < 6 * 86_400_000) return format.dateTime(date, { weekday: "short" });
    // The year only when it is not this one, and in full: "Jun 1, 25" reads as a day.
    return format.dateTime(date, {
      day: "numeric",
      month: "short",
      year: date.getFullYear() === now.getFullYear() ? undefined : "numeric",
    });
  };

  const clock = (unix: number): string =>
    format.dateTime(new Date(unix * 1000), { hour: "2-digit", minute: "2-digit" });

  /** Date separator label in a chat. */
  const day = (unix: number): string => {
    const date = new Date(unix * 1000);
    if (isSameDay(date, now)) return t("chat.today");
    if (isSameDay(date, new Date(now.getTime() - 86_400_000))) return t("chat.yesterday");
    return format.dateTime(date, {
      day: "numeric",
      month: "long",
      year: date.getFullYear() === now.getFullYear() ? undefined : "numeric",
    });
  };

  // `now` moves once a minute, so a time from the last minute can lie after it; such a
  // past moment is "now", never "in 11 seconds".
  const relative = (unix: number): string => format.relativeTime(new Date(Math.min(unix * 1000, now.getTime())), now);

  /** A full date and time, the year only when it is not this one. */
  const dateTime = (unix: number): string => {
    const date = new Date(unix * 1000);
    const year = date.getFullYear() === now.getFullYear() ? undefined : "numeric";
    return format.dateTime(date, { day: "numeric", month: "short", year, hour: "2-digit", minute: "2-digit" });
  };

  const waitTime = (seconds: number | null): string => {
    const s = seconds ?? 0;
    return s >= 120 ? t("time.minutes", { count: Math.ceil(s / 60) }) : t("time.seconds", { count: s });
  };

  return { media, service, preview, listTime, clock, day, relative, dateTime, waitTime };
}

export function dayKey(unix: number): string {
  return new Date(unix * 1000).toDateString();
}
