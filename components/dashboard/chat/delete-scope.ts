import type { DialogDto, MessageDto } from "@/lib/telegram/dto";

/**
 * Which deletions a chat allows, as Telegram does: a private chat may lose a message on
 * both sides (any message), a basic group one's own messages for everyone, a channel or
 * supergroup (marked -100…) always deletes for everyone.
 */
export function deleteScope(peer: DialogDto, message: MessageDto): "choice" | "everyone" | "me" {
  if (peer.peerId.startsWith("-100")) return "everyone";
  if (peer.kind === "user") return "choice";
  return message.out ? "choice" : "me";
}
