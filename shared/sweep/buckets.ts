import { bucketOf } from '../store/dueItems';
import { addDays } from '../domain/time';

/** The day buckets one run reads, oldest first: `lookbackDays` before today, then today. */
export function sweepBuckets(now: Date, lookbackDays: number): string[] {
  const out: string[] = [];
  for (let d = lookbackDays; d >= 0; d--) out.push(bucketOf(addDays(now, -d)));
  return out;
}
