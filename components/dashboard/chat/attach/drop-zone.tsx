import { useTranslations } from "next-intl";
import { useRef, useState, type ReactNode } from "react";

const hasFiles = (event: React.DragEvent) => Array.from(event.dataTransfer.types).includes("Files");

/** Files dragged onto the chat are attached to the composer; an overlay says where they go. */
export function DropZone({ onFiles, children }: { onFiles: (files: File[]) => void; children: ReactNode }) {
  const t = useTranslations("attach");
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the pointer left.
  const depth = useRef(0);
  return (
    <div
      className="relative flex min-h-0 flex-1 flex-col"
      data-testid="chat-drop-zone"
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        onFiles(Array.from(event.dataTransfer.files));
      }}
    >
      {children}
      {over ? (
        <div
          className="pointer-events-none absolute inset-2 z-10 flex items-center justify-center rounded-2xl border-2 border-dashed border-brand-400 bg-white/85 text-sm font-semibold text-brand-700"
          data-testid="drop-overlay"
        >
          {t("dropHere")}
        </div>
      ) : null}
    </div>
  );
}
