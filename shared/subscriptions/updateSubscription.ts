import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { AppError } from '../http/errors';
import { subscriptionView } from '../newCustomers/view';
import type { SubscriptionPatch } from '../schemas/customers';
import type { SubscriptionDoc } from '../store/subscriptions';
import { requireActiveCustomer, requirePartnerReseller } from './access';
import type { SubscriptionDeps } from './deps';

/**
 * PATCH /api/customers/{id}/subscriptions/{subscriptionId}: names the reseller of record and/or the
 * support contact, each by MPN id and each in active partnership with the caller; ETag-conditional.
 */
export async function updateSubscription(d: SubscriptionDeps, caller: Caller, customerTenantId: string, subscriptionId: string, patch: SubscriptionPatch) {
  requireRole(caller, 'subscription.manage');
  await requireActiveCustomer(d, caller.tenantId, customerTenantId);
  for (const mpn of new Set([patch.resellerMpnId, patch.supportContactMpnId])) if (mpn) await requirePartnerReseller(d, caller.tenantId, mpn);
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await d.subscriptions.get(customerTenantId, subscriptionId);
    if (!found || found.doc.customerTenantId !== customerTenantId) throw new AppError('not_found', 'The customer has no such subscription.');
    const next: SubscriptionDoc = { ...found.doc, ...(patch.resellerMpnId ? { resellerMpnId: patch.resellerMpnId } : {}), ...(patch.supportContactMpnId ? { supportContactMpnId: patch.supportContactMpnId } : {}) };
    if ((await d.subscriptions.replace(next, found.etag)) === 'done') return subscriptionView(next);
  }
  throw new AppError('conflict', 'The subscription is being changed by someone else; try again.');
}
