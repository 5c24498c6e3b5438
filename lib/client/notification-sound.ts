// The notification chime: two short sine tones made with WebAudio, so there is no audio
// file to load (or to be blocked) and its loudness stays gentle.
let context: AudioContext | null = null;

/**
 * Browsers keep audio suspended until the page has had a click or a key press; called from
 * the first one, so a later chime in a background tab is heard.
 */
export function unlockNotificationSound(): void {
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") void context.resume().catch(() => undefined);
  } catch {
    // No audio here: nothing to unlock.
  }
}

/** Plays the chime; silently nothing where audio is unavailable or not yet allowed. */
export function playNotificationSound(): void {
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") void context.resume().catch(() => undefined);
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.12, 1320],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.3);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.32);
    }
  } catch {
    // No audio (no device, a locked-down browser): the notification itself still shows.
  }
}
