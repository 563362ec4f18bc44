import { bucketOf } from '../store/dueItems';
import { addDays } from '../domain/time';

/**
 * Most days one run reads back, however old its resume point: the longest grant (730 days) and one.
 * Items older than that are not looked for (nothing the product schedules is due so long after).
 */
export const MAX_CATCH_UP_DAYS = 731;

/**
 * The day buckets one run reads, oldest first: from `lookbackDays` before today, or from the resume
 * point the last run left (shared/store/dueItems.ts) when that is older, then up to today.
 */
export function sweepBuckets(now: Date, lookbackDays: number, resumeFrom?: string): string[] {
  const today = Date.parse(bucketOf(now));
  const resume = resumeFrom ? Date.parse(resumeFrom) : Number.NaN;
  const back = Number.isNaN(resume)
    ? lookbackDays
    : Math.min(MAX_CATCH_UP_DAYS, Math.max(lookbackDays, Math.round((today - resume) / 86_400_000)));
  const out: string[] = [];
  for (let d = back; d >= 0; d--) out.push(bucketOf(addDays(now, -d)));
  return out;
}
