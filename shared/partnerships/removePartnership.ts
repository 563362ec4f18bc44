import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { grantView } from '../customers/recordViews';
import type { RequestMeta } from '../customers/ports';
import { isGrantExpired } from '../domain/grantPeriod';
import { userActor } from '../domain/invitation';
import { AppError } from '../http/errors';
import type { PartnershipDoc } from '../store/partnerships';
import type { PartnershipDeps } from './ports';
import { associatedCustomers, partnershipView } from './partnershipView';

/**
 * Said plainly in every removal response (the customers and grants stay and nobody is told, so the
 * partner must hear it here).
 */
export const PARTNERSHIP_REMOVED_NOTE =
  'The partnership is removed and the reseller is off your list. Customers associated with the reseller stay associated, and delegated admin privileges already granted remain in force, unchanged. No notice was sent to anyone.';

/** Sets status 'removed' over the version read; re-reads on a concurrent write. */
async function markRemoved(d: PartnershipDeps, provider: string, reseller: string, now: Date): Promise<PartnershipDoc> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await d.partnerships.get(provider, reseller);
    if (!found || found.doc.providerTenantId !== provider)
      throw new AppError('not_found', 'You have no partnership with this reseller.');
    if (found.doc.status === 'removed') return found.doc;
    const next: PartnershipDoc = { ...found.doc, status: 'removed', removedAt: now.toISOString() };
    if ((await d.partnerships.replace(next, found.etag)) === 'done') return next;
  }
  throw new AppError('conflict', 'The partnership is being changed by someone else; try again.');
}

/**
 * A provider removes its partnership with a reseller by an ETag-conditional status change. Nothing
 * else changes: the response lists the customers still associated with the reseller and the
 * reseller's grants from them, still in force. Removing twice answers the same.
 */
export async function removePartnership(
  d: PartnershipDeps,
  caller: Caller,
  resellerTenantId: string,
  meta: RequestMeta,
) {
  requireRole(caller, 'partnership.remove');
  const reseller = resellerTenantId.toLowerCase();
  const removed = await markRemoved(d, caller.tenantId, reseller, meta.now);
  await d.audit.append(
    [removed.providerTenantId, removed.resellerTenantId],
    {
      at: meta.now.toISOString(),
      actor: userActor(caller),
      action: 'partnership.removed',
      subject: { type: 'partnership', id: removed.id },
      correlationId: meta.correlationId,
      detail: { providerTenantId: removed.providerTenantId, resellerTenantId: removed.resellerTenantId },
      resource: partnershipView(removed),
    },
    `partnership-removed:${removed.id}:${removed.removedAt}`,
  );
  const customers = await associatedCustomers(d.records, caller.tenantId, reseller);
  const grants = (await Promise.all(customers.map((c) => d.records.grantsOf(c, reseller)))).flat();
  const inForce = grants.filter((g) => g.status === 'active' && !isGrantExpired(g, meta.now));
  return {
    removed: partnershipView(removed),
    customersStillAssociated: customers,
    grantsUnchanged: inForce.map(grantView),
    noticeSent: false as const,
    note: PARTNERSHIP_REMOVED_NOTE,
  };
}
