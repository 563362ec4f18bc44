import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { checkLine } from '../catalog/offers';
import type { Subscription } from '../domain/customerCreation';
import { nameBasedUuid } from '../domain/ids';
import { unwrap } from '../http/errors';
import { AppError } from '../http/errors';
import type { SubscriptionCreate } from '../schemas/customers';
import { subscriptionView } from '../newCustomers/newCustomerView';
import { requireActiveCustomer, requirePartnerReseller, requireTransactingPartner } from './access';
import type { SubscriptionDeps } from './ports';
import { auditSubscription } from './subscriptionAudit';

/**
 * POST /api/customers/{id}/subscriptions: an offer of the catalog and a license count, optionally
 * the reseller of record by MPN id (in active partnership with the caller). The caller, the partner
 * that transacts for the customer, owns it. With an
 * Idempotency-Key a repeat returns the first subscription.
 */
export async function addSubscription(
  d: SubscriptionDeps,
  caller: Caller,
  customerTenantId: string,
  body: SubscriptionCreate,
  idempotencyKey: string | undefined,
  now: Date,
) {
  requireRole(caller, 'subscription.manage');
  await requireTransactingPartner(d, await requireActiveCustomer(d, caller.tenantId, customerTenantId));
  unwrap(checkLine(body));
  const reseller = body.resellerMpnId
    ? {
        resellerMpnId: body.resellerMpnId,
        resellerTenantId: await requirePartnerReseller(d, caller.tenantId, body.resellerMpnId),
      }
    : {};
  const id = idempotencyKey
    ? nameBasedUuid(`subscription:${caller.tenantId}:${customerTenantId}:${idempotencyKey}`)
    : randomUUID();
  const s: Subscription = {
    id,
    customerTenantId,
    ownerTenantId: caller.tenantId,
    offerId: body.offerId,
    quantity: body.quantity,
    createdAt: now.toISOString(),
    ...reseller,
  };
  if ((await d.subscriptions.create(s)) === 'created') {
    await auditSubscription(d.audit, caller, s, 'created', now);
    return subscriptionView(s);
  }
  const first = await d.subscriptions.get(customerTenantId, id);
  if (
    !first ||
    first.doc.ownerTenantId !== s.ownerTenantId ||
    first.doc.offerId !== s.offerId ||
    first.doc.quantity !== s.quantity
  ) {
    throw new AppError('conflict', 'This Idempotency-Key was used for another subscription; use a new key.');
  }
  // A repeat after a crash between the create and its entry lands the entry (keyed: once).
  await auditSubscription(d.audit, caller, first.doc, 'created', new Date(first.doc.createdAt));
  return subscriptionView(first.doc);
}
