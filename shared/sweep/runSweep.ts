import type { DueItem } from '../store/dueItems';
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
 * One sweep: reads the due items of the day buckets from `lookbackDays` ago to today (never a full scan) and
 * handles each, up to `maxItems`, `concurrency` at a time. Every step is conditional or idempotent, so a run
 * that overlaps another or follows a crash changes nothing twice. One item's failure does not stop the rest.
 */
export async function runSweep(
  d: SweepDeps,
  now: Date,
  limits: SweepLimits = defaultSweepLimits,
): Promise<SweepReport> {
  const report: SweepReport = {};
  const count = (k: string) => (report[k] = (report[k] ?? 0) + 1);
  let handled = 0;
  for (const bucket of sweepBuckets(now, limits.lookbackDays)) {
    if (handled >= limits.maxItems) break;
    const items = await dueOf(d, bucket, now, limits, limits.maxItems - handled);
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
  return report;
}
