"use client";

import type { MessageDto } from "@/lib/telegram/dto";
import { useWording } from "../../use-wording";
import { AudioMedia } from "./audio-media";
import { DocumentMedia } from "./document-media";
import { PhotoMedia } from "./photo-media";
import { StickerMedia } from "./sticker-media";
import { VideoMedia } from "./video-media";

/**
 * A message's photo, file, voice note, video or sticker, when it has a downloadable file;
 * null otherwise (the bubble then names the media, as for polls and locations).
 */
export function MessageMedia({ message }: { message: MessageDto }) {
  const wording = useWording();
  const media = message.media;
  if (!media) return null;
  const file = media.file ?? null;
  if (media.kind === "sticker") return <StickerMedia file={file} emoji={media.label} label={wording.media(media)} />;
  if (!file) return null;
  switch (media.kind) {
    case "photo":
      return <PhotoMedia messageId={message.id} file={file} caption={message.text} />;
    case "voice":
    case "audio":
      return (
        <AudioMedia
          file={file}
          duration={media.duration}
          label={media.kind === "audio" ? media.label : null}
          out={message.out}
        />
      );
    case "video":
    case "round":
    case "gif":
      return (
        <VideoMedia file={file} round={media.kind === "round"} label={wording.media(media)} duration={media.duration} />
      );
    case "document":
      return <DocumentMedia file={file} out={message.out} />;
    default:
      return null;
  }
}

/** Whether MessageMedia shows something for this message (else the bubble names the media). */
export function hasMediaView(message: MessageDto): boolean {
  const media = message.media;
  if (!media) return false;
  if (media.kind === "sticker") return true;
  return Boolean(media.file) && ["photo", "voice", "audio", "video", "round", "gif", "document"].includes(media.kind);
}
