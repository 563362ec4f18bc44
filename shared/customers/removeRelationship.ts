import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { isGrantExpired } from '../domain/grantPeriod';
import { removeRelationshipAt } from '../domain/relationshipPeriods';
import { userActor } from '../domain/invitation';
import { AppError } from '../http/errors';
import type { RelationshipDoc } from '../store/records';
import type { RecordsDeps, RequestMeta } from './ports';
import { findRelationship } from './findRelationship';
import { grantView, relationshipView } from './recordViews';

/** Said plainly in every removal response (the grants stay and nobody is told, so the partner must hear it here). */
export const GRANTS_REMAIN_NOTE =
  'The relationship is removed and the customer is off your list. Delegated admin privileges already granted remain in force, unchanged; remove them separately if they are no longer needed. No notice was sent to anyone.';

/** Sets status 'removed' over the version read; re-reads on a concurrent write. */
async function markRemoved(
  d: Pick<RecordsDeps, 'records'>,
  partner: string,
  customer: string,
  now: Date,
): Promise<RelationshipDoc> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await findRelationship(d.records, partner, customer);
    if (found.doc.status === 'removed') return found.doc;
    const next: RelationshipDoc = { ...found.doc, ...removeRelationshipAt(found.doc, now.toISOString()) };
    if ((await d.records.replaceRelationship(next, found.etag)) === 'done') return next;
  }
  throw new AppError('conflict', 'The relationship is being changed by someone else; try again.');
}

/**
 * Removes the caller's relationship with a customer by an ETag-conditional status change. Grants
 * are not touched: the response lists the ones still in force. Removing twice answers the same.
 */
export async function removeRelationship(d: RecordsDeps, caller: Caller, customerTenantId: string, meta: RequestMeta) {
  requireRole(caller, 'customer.removeRelationship');
  const removed = await markRemoved(d, caller.tenantId, customerTenantId, meta.now);
  // Keyed by the removal instant: a retry lands once, a later re-created and re-removed relationship appends anew.
  await d.audit.append(
    [removed.partnerTenantId, removed.customerTenantId],
    {
      at: meta.now.toISOString(),
      actor: userActor(caller),
      action: 'relationship.removed',
      subject: { type: 'relationship', id: removed.id },
      correlationId: meta.correlationId,
      detail: { customerTenantId: removed.customerTenantId, partnerTenantId: removed.partnerTenantId },
      resource: relationshipView(removed),
    },
    `relationship-removed:${removed.id}:${removed.removedAt}`,
  );
  const grants = await d.records.grantsOf(removed.customerTenantId, removed.partnerTenantId);
  const inForce = grants.filter((g) => g.status === 'active' && !isGrantExpired(g, meta.now));
  return {
    removed: relationshipView(removed),
    grantsUnchanged: inForce.map(grantView),
    noticeSent: false as const,
    note: GRANTS_REMAIN_NOTE,
  };
}
