import type { CustomerCreation, Subscription } from '../domain/customerCreation';
import { creationSubscriptions } from '../domain/customerCreation';

/** A subscription as the API shows it (storage fields left out). */
export function subscriptionView(s: Subscription): Subscription {
  const {
    id,
    customerTenantId,
    ownerTenantId,
    offerId,
    quantity,
    resellerMpnId,
    resellerTenantId,
    supportContactMpnId,
    supportContactTenantId,
    createdAt,
  } = s;
  const named = {
    ...(resellerMpnId ? { resellerMpnId } : {}),
    ...(resellerTenantId ? { resellerTenantId } : {}),
    ...(supportContactMpnId ? { supportContactMpnId } : {}),
    ...(supportContactTenantId ? { supportContactTenantId } : {}),
  };
  return { id, customerTenantId, ownerTenantId, offerId, quantity, createdAt, ...named };
}

/** The new customer as the confirmation shows it; the password only when this call committed it. */
export function newCustomerView(c: CustomerCreation, temporaryPassword?: string) {
  return {
    customerTenantId: c.customerTenantId,
    companyName: c.companyName,
    domainPrefix: c.domainPrefix,
    resellerTenantId: c.resellerTenantId,
    adminUserName: c.adminUserName,
    ...(temporaryPassword ? { temporaryPassword } : {}),
    subscriptions: creationSubscriptions(c).map(subscriptionView),
  };
}
