/** The length of an inviter's send window: the allowance is per clock hour (UTC). */
export const SEND_WINDOW_MS = 3_600_000;

/** One fixed window of an inviter's sends: its key (the counter document's id) and its end. */
export interface SendWindow {
  /** ISO 8601 start of the window, e.g. 2026-05-01T13:00:00.000Z. */
  readonly key: string;
  /** When the window ends and a fresh allowance begins (ms since the epoch). */
  readonly endsAt: number;
}

/**
 * The window `atMs` falls in. Fixed windows, not sliding ones: every instance agrees on the window
 * from the clock alone, so one counter document per window can be shared without coordination.
 */
export function sendWindowAt(atMs: number, windowMs: number = SEND_WINDOW_MS): SendWindow {
  const start = Math.floor(atMs / windowMs) * windowMs;
  return { key: new Date(start).toISOString(), endsAt: start + windowMs };
}

/** Whole seconds until the window ends (at least 1): the Retry-After of a refused send. */
export function secondsUntilWindowEnds(window: SendWindow, atMs: number): number {
  return Math.max(1, Math.ceil((window.endsAt - atMs) / 1000));
}
