import { useCallback, useEffect, useRef, useState } from "react";

import { canSendAsPhoto } from "@/lib/telegram/limits";

/** A file chosen, dropped or pasted, waiting in the composer to be sent. */
export interface StagedFile {
  id: string;
  file: File;
  name: string;
  /** An object URL for an image's thumbnail, revoked when the file leaves. */
  previewUrl: string | null;
}

let counter = 0;

/** A pasted image has no real name ("image.png"): give it one that says when. */
function nameOf(file: File, pasted: boolean): string {
  if (!pasted && file.name) return file.name;
  const extension = file.type.split("/")[1]?.replace("jpeg", "jpg") ?? "png";
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return `pasted-image-${stamp}.${extension}`;
}

/** The composer's files before sending: add (several at once), remove one, clear after sending. */
export function useStagedFiles() {
  const [staged, setStaged] = useState<StagedFile[]>([]);
  const [asFile, setAsFile] = useState(false);
  const urls = useRef(new Set<string>());

  useEffect(() => {
    const live = urls.current;
    return () => {
      for (const url of live) URL.revokeObjectURL(url);
      live.clear();
    };
  }, []);

  const add = useCallback((files: File[], { pasted = false }: { pasted?: boolean } = {}) => {
    const items = files.map((file): StagedFile => {
      const previewUrl =
        file.type.startsWith("image/") && canSendAsPhoto({ size: file.size, mimeType: file.type })
          ? URL.createObjectURL(file)
          : null;
      if (previewUrl) urls.current.add(previewUrl);
      counter += 1;
      return { id: `staged-${counter}`, file, name: nameOf(file, pasted), previewUrl };
    });
    if (items.length > 0) setStaged((list) => [...list, ...items]);
  }, []);

  const forget = (item: StagedFile) => {
    if (item.previewUrl) {
      URL.revokeObjectURL(item.previewUrl);
      urls.current.delete(item.previewUrl);
    }
  };

  const remove = useCallback((id: string) => {
    setStaged((list) => {
      const item = list.find((s) => s.id === id);
      if (item) forget(item);
      return list.filter((s) => s.id !== id);
    });
  }, []);

  const clear = useCallback(() => {
    setStaged((list) => {
      list.forEach(forget);
      return [];
    });
    setAsFile(false);
  }, []);

  return { staged, add, remove, clear, asFile, setAsFile };
}

export type StagedFiles = ReturnType<typeof useStagedFiles>;
