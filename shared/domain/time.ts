/** One day in milliseconds; grant and invitation lifetimes are whole days of 24 hours (UTC). */
export const DAY_MS = 86_400_000;

/** Adds whole days to an instant; pure arithmetic on UTC milliseconds, so DST never shifts it. */
export function addDays(at: Date | string, days: number): Date {
  return new Date(toMs(at) + days * DAY_MS);
}

/** Milliseconds since the epoch of a Date or an ISO 8601 string (stored documents keep strings). */
export function toMs(at: Date | string): number {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${String(at)}`);
  return ms;
}

/** The ISO 8601 form stored in documents and durable history (JSON has no Date). */
export function iso(at: Date | string): string {
  return new Date(toMs(at)).toISOString();
}
