"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

import type { MessageDto } from "@/lib/telegram/dto";
import { PhotoViewer, type ViewerPhoto } from "./photo-viewer";

interface ChatPhotos {
  open(messageId: number): void;
}

const Context = createContext<ChatPhotos | null>(null);

/**
 * The chat's photos in order, for the full-size viewer's arrow keys; wraps the message
 * list, so the viewer moves through what the list has loaded.
 */
export function ChatPhotosProvider({ messages, children }: { messages: MessageDto[]; children: ReactNode }) {
  const photos = useMemo<ViewerPhoto[]>(
    () =>
      messages.flatMap((message) =>
        message.media?.kind === "photo" && message.media.file
          ? [{ messageId: message.id, file: message.media.file, caption: message.text }]
          : [],
      ),
    [messages],
  );
  const [openId, setOpenId] = useState<number | null>(null);
  const open = useCallback((messageId: number) => setOpenId(messageId), []);
  const value = useMemo(() => ({ open }), [open]);
  const index = openId === null ? -1 : photos.findIndex((photo) => photo.messageId === openId);
  return (
    <Context.Provider value={value}>
      {children}
      {index >= 0 ? (
        <PhotoViewer
          photos={photos}
          index={index}
          onMove={(next) => setOpenId(photos[next]?.messageId ?? null)}
          onClose={() => setOpenId(null)}
        />
      ) : null}
    </Context.Provider>
  );
}

/** Opens the viewer at a photo; outside a provider (a lone bubble) there is none. */
export function useChatPhotos(): ChatPhotos | null {
  return useContext(Context);
}
