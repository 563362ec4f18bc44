import type { AcsEmailLimits } from '../../../shared/email/acsLimits';

export type RequestKind = keyof AcsEmailLimits;

/**
 * ACS's per-subscription email rate limits, enforced when the sink is told to (a 429 with
 * Retry-After, as ACS answers): each kind of request counts in a one-minute and a one-hour window,
 * and a throttled request counts too ("all requests accrue against your usage limits").
 */
export interface RequestLimiter {
  /** Counts a request; returns the seconds until it would have been allowed when it is over a limit. */
  admit(kind: RequestKind): number | undefined;
  /** Requests seen per kind, admitted or not. */
  counts(): Record<RequestKind, number>;
  /** Requests refused with 429 per kind. */
  refused(): Record<RequestKind, number>;
}

export function createRequestLimiter(limits: AcsEmailLimits, now: () => number = Date.now): RequestLimiter {
  const seen: Record<RequestKind, number[]> = { send: [], status: [] };
  const refused: Record<RequestKind, number> = { send: 0, status: 0 };
  const total: Record<RequestKind, number> = { send: 0, status: 0 };
  const windows = (kind: RequestKind) => [
    { limit: limits[kind].perMinute, ms: 60_000 },
    { limit: limits[kind].perHour, ms: 3_600_000 },
  ];
  return {
    admit(kind) {
      const t = now();
      const times = seen[kind];
      let wait = 0;
      for (const w of windows(kind)) {
        const inWindow = times.filter((at) => at > t - w.ms);
        if (inWindow.length >= w.limit)
          wait = Math.max(wait, (inWindow[inWindow.length - w.limit] as number) + w.ms - t);
      }
      times.push(t);
      total[kind] += 1;
      // An hour of history is all either window reads.
      while (times.length > 0 && (times[0] as number) <= t - 3_600_000) times.shift();
      if (wait === 0) return undefined;
      refused[kind] += 1;
      return Math.max(1, Math.ceil(wait / 1000));
    },
    counts: () => ({ ...total }),
    refused: () => ({ ...refused }),
  };
}
