import { bucketOf, type DueItem } from '../store/dueItems';
import { sweepBuckets } from './buckets';
import { defaultSweepLimits, type SweepDeps, type SweepLimits } from './ports';
import { sweepBatch } from './sweepBatch';
import { sweepGrant } from './sweepGrant';
import { sweepAccessLost, sweepGrantNotice } from './sweepGrantNotice';
import { sweepInvitation } from './sweepInvitation';

/** Counts of one run by outcome, e.g. { expired: 2, extended: 1 }. */
export type SweepReport = Record<string, number>;

/** Up to `budget` due items of one bucket; read before any is changed, so deletes cannot shift pages. */
async function dueOf(d: SweepDeps, bucket: string, now: Date, limits: SweepLimits, budget: number): Promise<DueItem[]> {
  const out: DueItem[] = [];
  let token: string | undefined;
  do {
    const page = await d.dueItems.dueIn(bucket, now, Math.min(limits.pageSize, budget - out.length), token);
    out.push(...page.items);
    token = page.continuationToken;
  } while (token && out.length < budget);
  return out.slice(0, budget);
}

/** Handles one item by its kind; the outcome, prefixed with what it was about, is counted. */
async function handle(d: SweepDeps, item: DueItem, now: Date): Promise<string> {
  switch (item.kind) {
    case 'grantEnd':
      return `grant.${await sweepGrant(d, item, now)}`;
    case 'grantNotice':
      return `grantNotice.${await sweepGrantNotice(d, item, now)}`;
    case 'accessLost':
      return `accessLost.${await sweepAccessLost(d, item)}`;
    case 'batchStart':
      return `batch.${await sweepBatch(d, item)}`;
    default:
      return `invitation.${await sweepInvitation(d, item, now)}`;
  }
}

/**
 * One sweep: reads the due items of the day buckets from `lookbackDays` ago (or from the resume point
 * the last run left, when older) to today (never a full scan) and handles each, up to `maxItems`,
 * `concurrency` at a time. Every step is conditional or idempotent, so a run that overlaps another or
 * follows a crash changes nothing twice. One item's failure does not stop the rest, nor does one
 * bucket that cannot be read (a throttled or dropped query): the point stays at it for the next run.
 *
 * The resume point: Functions runs a timer that missed its occurrences (the app stopped, every run
 * failing) once when it is back, not once per occurrence, so after a week or more without a sweep a
 * look-back alone would never read the days in between again: grants would stay active past their
 * end, and their notices go unsent (found by the soak, test/soak/LOG.md). Each run therefore records
 * the oldest bucket it left due items in, or today, and the next one starts there.
 */
export async function runSweep(
  d: SweepDeps,
  now: Date,
  limits: SweepLimits = defaultSweepLimits,
): Promise<SweepReport> {
  const report: SweepReport = {};
  const count = (k: string) => (report[k] = (report[k] ?? 0) + 1);
  const start = await startingPoint(d, now, limits);
  let handled = 0;
  /** Buckets that had due items, oldest first. */
  const withItems: string[] = [];
  /** The first bucket this run did not read to the end: its budget ran out there, or the read failed. */
  let leftFrom: string | undefined;
  for (const bucket of sweepBuckets(now, limits.lookbackDays, start.from)) {
    if (handled >= limits.maxItems) {
      leftFrom ??= bucket;
      break;
    }
    const budget = limits.maxItems - handled;
    let items: DueItem[];
    try {
      items = await dueOf(d, bucket, now, limits, budget);
    } catch (e) {
      // A read that outlived the SDK's retries: the other buckets are still handled (a run that
      // failed as a whole on one of many reads saved no point and handled nothing, soak defect 10).
      count('bucketUnread');
      d.log(`sweep: bucket ${bucket} not read: ${e instanceof Error ? e.message : String(e)}`);
      leftFrom ??= bucket;
      continue;
    }
    if (items.length >= budget) leftFrom ??= bucket;
    if (items.length > 0) withItems.push(bucket);
    handled += items.length;
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++] as DueItem;
        try {
          count(await handle(d, item, now));
        } catch (e) {
          count('failed');
          d.log(`sweep: ${item.id} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limits.concurrency, items.length)) }, worker));
  }
  if (start.known) await saveResumePoint(d, now, start.from, withItems, leftFrom);
  return report;
}

/**
 * Where this run starts reading, and whether it may move the point at the end. Without a stored
 * point (the first run ever, or one whose first save was lost) it starts at the oldest bucket that
 * holds due items, found in one query, for a deployment whose sweep never ran while due items aged
 * past the look-back (soak defect 10), and records that before handling anything, so a run that
 * dies meanwhile leaves it. A point that cannot be read or found: the look-back window only, and
 * the point is left for the next run.
 */
async function startingPoint(
  d: SweepDeps,
  now: Date,
  limits: SweepLimits,
): Promise<{ from: string | undefined; known: boolean }> {
  const why = (e: unknown) => (e instanceof Error ? e.message : String(e));
  let stored: string | undefined;
  try {
    stored = await d.dueItems.resumeFrom();
  } catch (e) {
    d.log(`sweep: resume point not read: ${why(e)}`);
    return { from: undefined, known: false };
  }
  if (stored !== undefined) return { from: stored, known: true };
  let oldest: string | undefined;
  try {
    oldest = await d.dueItems.oldestDueBucket(now);
  } catch (e) {
    d.log(`sweep: oldest due bucket not found: ${why(e)}`);
    return { from: undefined, known: false };
  }
  const windowStart = sweepBuckets(now, limits.lookbackDays)[0] as string;
  const from = oldest !== undefined && oldest < windowStart ? oldest : windowStart;
  try {
    await d.dueItems.setResumeFrom(from);
  } catch (e) {
    // The save at the end may still succeed; if not, the next run looks for the oldest again.
    d.log(`sweep: resume point not saved: ${why(e)}`);
  }
  return { from, known: true };
}

/**
 * The oldest bucket that still holds due items (an item that failed or was deferred, one the budget
 * did not reach, or a bucket that could not be read), else today. Only buckets that had items are read again, so a quiet run
 * costs nothing more; a failed write leaves the older point, which only means reading more.
 */
async function saveResumePoint(
  d: SweepDeps,
  now: Date,
  before: string | undefined,
  withItems: readonly string[],
  leftFrom: string | undefined,
): Promise<void> {
  try {
    let oldest = leftFrom;
    for (const bucket of withItems) {
      if (oldest !== undefined && bucket >= oldest) break;
      if ((await d.dueItems.dueIn(bucket, now, 1)).items.length > 0) oldest = bucket;
    }
    const next = oldest ?? bucketOf(now);
    if (next !== before) await d.dueItems.setResumeFrom(next);
  } catch (e) {
    d.log(`sweep: resume point not saved: ${e instanceof Error ? e.message : String(e)}`);
  }
}
