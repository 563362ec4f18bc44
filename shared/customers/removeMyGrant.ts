import type { Caller } from '../auth/caller';
import { userActor } from '../domain/invitation';
import { AppError } from '../http/errors';
import type { DueItemStore } from '../store/dueItems';
import { accessLostItem } from './accessLostNow';
import type { GrantDoc } from '../store/records';
import type { RecordsDeps, RequestMeta } from './ports';
import { requireCustomerGlobalAdmin } from './customerSide';
import { grantView } from './recordViews';

/** Sets status 'removed' over the version read; re-reads on a concurrent write (the sweep may be extending it). */
async function markRemoved(
  d: Pick<RecordsDeps, 'records'>,
  customer: string,
  id: string,
  now: Date,
): Promise<GrantDoc> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await d.records.grant(customer, id);
    // A point read in the caller's own partition: another tenant's grant is simply not found.
    if (!found || found.doc.type !== 'grant' || found.doc.customerTenantId !== customer)
      throw new AppError('not_found', 'Your organisation has no such grant.');
    if (found.doc.status === 'removed') return found.doc;
    if (found.doc.status === 'expired')
      throw new AppError('conflict', 'The grant has already expired; it gives no access.');
    const next: GrantDoc = { ...found.doc, status: 'removed', removedAt: now.toISOString() };
    if ((await d.records.replaceGrant(next, found.etag)) === 'done') return next;
  }
  throw new AppError('conflict', 'The grant is being changed by someone else; try again.');
}

/**
 * A customer Global admin removes delegated admin privileges its tenant granted; removing twice
 * answers the same. The partner's contacts are told: `tellNow` emails them at once, and the sweep's
 * `accessLost` item, due at the removal (its time, so a repeated request writes the same item),
 * sends what that could not (a used-up quota, an outage, a crash), since a request cannot wait.
 */
export async function removeMyGrant(
  d: RecordsDeps & { dueItems: Pick<DueItemStore, 'put'>; tellNow?: (removed: GrantDoc) => Promise<unknown> },
  caller: Caller,
  grantId: string,
  meta: RequestMeta,
) {
  requireCustomerGlobalAdmin(caller, 'customer.grant.remove');
  const removed = await markRemoved(d, caller.tenantId, grantId, meta.now);
  await d.dueItems.put(accessLostItem(removed, meta.now));
  await d.audit.append(
    [removed.customerTenantId, removed.partnerTenantId],
    {
      at: meta.now.toISOString(),
      actor: userActor(caller),
      action: 'grant.removed',
      subject: { type: 'grant', id: removed.id },
      correlationId: meta.correlationId,
      detail: { customerTenantId: removed.customerTenantId, partnerTenantId: removed.partnerTenantId },
      resource: grantView(removed),
    },
    `grant-removed:${removed.id}`,
  );
  await d.tellNow?.(removed);
  return grantView(removed);
}
