"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";

import type { MediaFileDto } from "@/lib/telegram/dto";
import { formatDuration } from "./format";

const BARS = 48;

/** The waveform resampled to a fixed number of bars (Telegram sends about 100 levels of 0..31). */
function barsOf(waveform: number[] | null): number[] {
  if (!waveform || waveform.length === 0) return Array.from({ length: BARS }, () => 8);
  return Array.from({ length: BARS }, (_, i) => {
    const from = Math.floor((i * waveform.length) / BARS);
    const to = Math.max(from + 1, Math.floor(((i + 1) * waveform.length) / BARS));
    return Math.max(...waveform.slice(from, to));
  });
}

/**
 * A voice note or audio file: play/pause, the waveform (or a bar) filling as it plays,
 * click or arrow keys to seek, and the time. The browser asks for byte ranges as it
 * plays and seeks; the media route answers them from Telegram.
 */
export function AudioMedia({
  file,
  duration,
  label,
  out,
}: {
  file: MediaFileDto;
  duration: number | null;
  label: string | null;
  out: boolean;
}) {
  const t = useTranslations("dashboard.chat.player");
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [failed, setFailed] = useState(false);
  const total = duration ?? 0;
  const progress = total > 0 ? Math.min(1, time / total) : 0;
  const bars = barsOf(file.waveform);
  const seek = (to: number) => {
    const node = audio.current;
    if (!node || total <= 0) return;
    node.currentTime = Math.max(0, Math.min(total, to));
    setTime(node.currentTime);
  };
  return (
    <div className="mb-1 flex w-72 max-w-full items-center gap-2" data-testid="media-audio">
      <audio
        ref={audio}
        src={file.url}
        preload="metadata"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
        onTimeUpdate={(event) => setTime(event.currentTarget.currentTime)}
        onError={() => setFailed(true)}
        data-testid="media-audio-element"
      />
      <button
        type="button"
        onClick={() => {
          const node = audio.current;
          if (!node) return;
          if (node.paused) void node.play().catch(() => setFailed(true));
          else node.pause();
        }}
        aria-label={playing ? t("pause") : t("play")}
        className={`flex size-10 shrink-0 items-center justify-center rounded-full focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 ${
          out
            ? "bg-white text-brand-600 focus-visible:outline-white"
            : "bg-brand-600 text-white focus-visible:outline-brand-600"
        }`}
        data-testid="media-audio-play"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
          {playing ? <path d="M5 4h3.5v12H5zM11.5 4H15v12h-3.5z" /> : <path d="M6 4l10 6-10 6z" />}
        </svg>
      </button>
      <div className="min-w-0 flex-1">
        {label ? <p className="truncate text-xs font-medium">{label}</p> : null}
        <div
          role="slider"
          tabIndex={0}
          aria-label={t("position")}
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={Math.round(time)}
          aria-valuetext={`${formatDuration(time)} / ${formatDuration(total)}`}
          onClick={(event) => {
            const rect = event.currentTarget.getBoundingClientRect();
            seek(((event.clientX - rect.left) / rect.width) * total);
          }}
          onKeyDown={(event) => {
            if (event.key === "ArrowRight") seek(time + 5);
            else if (event.key === "ArrowLeft") seek(time - 5);
            else return;
            event.preventDefault();
          }}
          className="flex h-7 cursor-pointer items-center gap-px rounded focus-visible:outline focus-visible:outline-2"
          data-testid="media-audio-progress"
          data-progress={progress.toFixed(3)}
        >
          {bars.map((level, i) => (
            <span
              key={i}
              className={`w-[3px] rounded-full ${
                (i + 0.5) / bars.length <= progress
                  ? out
                    ? "bg-white"
                    : "bg-brand-600"
                  : out
                    ? "bg-white/45"
                    : "bg-slate-300"
              }`}
              style={{ height: `${Math.max(12, (level / 31) * 100)}%` }}
            />
          ))}
        </div>
        <p className={`text-[11px] ${out ? "text-white/75" : "text-slate-500"}`} data-testid="media-audio-time">
          {failed ? t("unavailable") : playing || time > 0 ? formatDuration(time) : formatDuration(total)}
        </p>
      </div>
    </div>
  );
}
