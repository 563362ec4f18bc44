import type { Grant } from './partner';
import { DAY_MS, toMs } from './time';

/**
 * The expiry notices of a grant, as a schedule (like an invitation's reminders): one notice per
 * offset, `offsetDays` before the grant's current end. A notice whose time falls at or before the
 * grant's start is skipped (a 20-day grant gets no 30-day notice), and so is one overtaken by a
 * later notice (a sweep that stopped for a week sends the 1-day notice, not the 7-day one too).
 */
type Period = Pick<Grant, 'startsAt' | 'endsAt'>;

const noticeAt = (g: Period, offsetDays: number): number => toMs(g.endsAt) - offsetDays * DAY_MS;

/** The notice that is due at `now`: the latest of those whose time came, before the end; else undefined. */
export function dueGrantNotice(g: Period, offsets: readonly number[], now: Date): number | undefined {
  const t = now.getTime();
  if (t >= toMs(g.endsAt)) return undefined;
  const came = offsets.filter((o) => noticeAt(g, o) <= t && noticeAt(g, o) > toMs(g.startsAt));
  return came.length > 0 ? Math.min(...came) : undefined;
}

/** The next notice after `now`: its offset and time; undefined when none is left before the end. */
export function nextGrantNotice(
  g: Period,
  offsets: readonly number[],
  now: Date,
): { offsetDays: number; dueAt: string } | undefined {
  const ahead = offsets.filter((o) => o > 0 && noticeAt(g, o) > now.getTime() && noticeAt(g, o) > toMs(g.startsAt));
  if (ahead.length === 0) return undefined;
  const offsetDays = Math.max(...ahead);
  return { offsetDays, dueAt: new Date(noticeAt(g, offsetDays)).toISOString() };
}

/** What a notice says happened or is coming: an expiry ahead, the expiry, an automatic extension, a removal. */
export type GrantNotice =
  { kind: 'expiring'; offsetDays: number } | { kind: 'expired' } | { kind: 'extended' } | { kind: 'removed' };

/** The notice's audit key and email identity part: one per grant, notice and grant end. */
export function grantNoticeName(g: Pick<Grant, 'id' | 'endsAt'>, n: GrantNotice): string {
  return n.kind === 'expiring'
    ? `grant-expiring:${g.id}:${n.offsetDays}:${g.endsAt}`
    : `grant-${n.kind}-notice:${g.id}:${g.endsAt}`;
}
