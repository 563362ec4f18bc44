import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { AppError } from '../http/errors';
import { subscriptionView } from '../newCustomers/newCustomerView';
import type { SubscriptionPatch } from '../schemas/customers';
import type { SubscriptionDoc } from '../store/subscriptions';
import { mayRead, requireActiveCustomer, requirePartnerReseller } from './access';
import type { SubscriptionDeps } from './ports';
import { auditSubscription } from './subscriptionAudit';

/**
 * The subscription when the caller owns it: 403 for a reseller it names (it reads, never changes), 404 for anyone else.
 */
async function ownedSubscription(
  d: SubscriptionDeps,
  caller: Caller,
  customerTenantId: string,
  subscriptionId: string,
) {
  const found = await d.subscriptions.get(customerTenantId, subscriptionId);
  if (!found || found.doc.customerTenantId !== customerTenantId || !mayRead(found.doc, caller.tenantId))
    throw new AppError('not_found', 'The customer has no such subscription.');
  if (found.doc.ownerTenantId !== caller.tenantId)
    throw new AppError('forbidden', 'Only the partner that transacts this subscription changes it.');
  return found;
}

/**
 * PATCH /api/customers/{id}/subscriptions/{subscriptionId}: the owner names the reseller of record
 * and/or the support contact, each by MPN id and each in active partnership with it; ETag-conditional.
 */
export async function updateSubscription(
  d: SubscriptionDeps,
  caller: Caller,
  customerTenantId: string,
  subscriptionId: string,
  patch: SubscriptionPatch,
) {
  requireRole(caller, 'subscription.manage');
  await requireActiveCustomer(d, caller.tenantId, customerTenantId);
  await ownedSubscription(d, caller, customerTenantId, subscriptionId);
  const named: Partial<SubscriptionDoc> = {};
  if (patch.resellerMpnId)
    Object.assign(named, {
      resellerMpnId: patch.resellerMpnId,
      resellerTenantId: await requirePartnerReseller(d, caller.tenantId, patch.resellerMpnId),
    });
  if (patch.supportContactMpnId)
    Object.assign(named, {
      supportContactMpnId: patch.supportContactMpnId,
      supportContactTenantId: await requirePartnerReseller(d, caller.tenantId, patch.supportContactMpnId),
    });
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await ownedSubscription(d, caller, customerTenantId, subscriptionId);
    const next: SubscriptionDoc = { ...found.doc, ...named };
    if ((await d.subscriptions.replace(next, found.etag)) === 'done') {
      await auditSubscription(d.audit, caller, next, 'updated', new Date());
      return subscriptionView(next);
    }
  }
  throw new AppError('conflict', 'The subscription is being changed by someone else; try again.');
}
