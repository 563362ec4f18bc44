import { type DueItemStore, dueItemOf } from '../store/dueItems';
import type { GrantDoc } from '../store/records';
import { type GrantNoticeDeps, sendGrantNotice } from '../sweep/grantNoticeSend';

/** The sweep's item for a removal's notice, as removeMyGrant writes it. */
export const accessLostItem = (g: GrantDoc, now: Date) => {
  const dueAt = g.removedAt ?? now.toISOString();
  return { kind: 'accessLost', targetId: g.id, partitionKey: g.customerTenantId, dueAt } as const;
};

/**
 * Tells the partner's contacts at once that the customer removed a grant, and lets the sweep's
 * accessLost item go once they are told. Anything short of that (a used-up quota, an ACS outage)
 * leaves the item, and the next sweep sends under the same Operation-Ids; so a failure here is
 * logged, never the request's.
 */
export async function tellAccessLostNow(
  d: Pick<GrantNoticeDeps, 'email' | 'contacts'> & { dueItems: Pick<DueItemStore, 'done'>; log(message: string): void },
  g: GrantDoc,
  now: Date,
): Promise<'sent' | 'left to the sweep'> {
  try {
    if ((await sendGrantNotice(d, g, { kind: 'removed' })) === 'sent') {
      await d.dueItems.done(dueItemOf(accessLostItem(g, now)));
      return 'sent';
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    d.log(`grant ${g.id}: access-lost email not sent at once (${why}); the sweep sends it`);
  }
  return 'left to the sweep';
}
