import type { Container } from '@azure/cosmos';
import { containers } from './containers';
import { appDatabase } from './database';
import { queryPage } from './cosmosOps';

/** Work the sweep must look at once its time has come. */
export interface DueItem {
  id: string;
  bucket: string;
  /**
   * grantNotice: the grant's next expiry notice (one item per grant, moved from notice to notice);
   * accessLost: the partner's email that a customer removed a grant;
   * batchStart: a submitted batch whose orchestration may not have started (shared/sweep/sweepBatch.ts).
   */
  kind: 'invitationDeadline' | 'grantEnd' | 'grantNotice' | 'accessLost' | 'batchStart';
  targetId: string;
  /** The customer tenant for grants (their partition), absent for invitations. */
  partitionKey?: string;
  dueAt: string;
  /** grantNotice: days before the grant's end this item is due for (shown, not trusted: the sweep recomputes). */
  offsetDays?: number;
}

/** Day buckets: the sweep reads only the days that came due, so its cost follows due items. */
export const bucketOf = (at: string | Date): string => new Date(at).toISOString().slice(0, 10);

export interface DueItemStore {
  put(item: Omit<DueItem, 'id' | 'bucket'>): Promise<void>;
  /** Items of one day bucket due at or before `now`. */
  dueIn(
    bucket: string,
    now: Date,
    pageSize: number,
    continuationToken?: string,
  ): Promise<{ items: DueItem[]; continuationToken?: string }>;
  done(item: DueItem): Promise<void>;
  /**
   * The oldest day bucket the last sweep left due items in (or the day it ran, when it left none):
   * where the next sweep starts reading, so a sweep that stopped for longer than its look-back still
   * finds what came due meanwhile. Undefined before the first sweep.
   */
  resumeFrom(): Promise<string | undefined>;
  setResumeFrom(bucket: string): Promise<void>;
  /**
   * The oldest day bucket holding an item due at or before `now`, undefined when none: one query
   * across every bucket, for a sweep that has no resume point yet (its first run ever, or one whose
   * first save was lost), so that it starts where the due items are, however long ago.
   */
  oldestDueBucket(now: Date): Promise<string | undefined>;
}

/** The resume point's document: in a partition of its own, which no due-item query reads. */
const RESUME = { id: 'sweep-resume', bucket: '_sweep' };

/** The stored item of a kind, target and due time (one per kind and target in a day bucket). */
export const dueItemOf = (item: Omit<DueItem, 'id' | 'bucket'>): DueItem => ({
  ...item,
  id: `${item.kind}:${item.targetId}`,
  bucket: bucketOf(item.dueAt),
});

export function cosmosDueItemStore(container: Container): DueItemStore {
  return {
    async put(item) {
      await container.items.upsert(dueItemOf(item));
    },
    dueIn(bucket, now, pageSize, continuationToken) {
      return queryPage<DueItem>(
        container,
        { field: 'bucket', value: bucket },
        'SELECT * FROM c WHERE c.dueAt <= @now',
        [{ name: '@now', value: now.toISOString() }],
        pageSize,
        continuationToken,
      );
    },
    async done(item) {
      try {
        await container.item(item.id, item.bucket).delete();
      } catch (e) {
        if ((e as { code?: number }).code !== 404) throw e;
      }
    },
    async resumeFrom() {
      try {
        const r = await container.item(RESUME.id, RESUME.bucket).read<{ resumeFrom?: string }>();
        return r.resource?.resumeFrom;
      } catch (e) {
        if ((e as { code?: number }).code === 404) return undefined;
        throw e;
      }
    },
    async setResumeFrom(bucket) {
      await container.items.upsert({ ...RESUME, resumeFrom: bucket });
    },
    async oldestDueBucket(now) {
      // A cross-partition aggregate: Cosmos answers it per partition from the index and the SDK
      // combines the minima (its query plan), so the cost follows partitions, not items. The resume
      // document has no dueAt, so it never matches.
      const { resources } = await container.items
        .query<string | null>({
          query: 'SELECT VALUE MIN(c.bucket) FROM c WHERE c.dueAt <= @now',
          parameters: [{ name: '@now', value: now.toISOString() }],
        })
        .fetchAll();
      return resources.find((r): r is string => typeof r === 'string');
    },
  };
}

let shared: DueItemStore | undefined;
export function dueItemStore(): DueItemStore {
  shared ??= cosmosDueItemStore(appDatabase().container(containers.dueItems.id));
  return shared;
}
