import type { CustomerCreation, Subscription } from '../domain/customerCreation';
import { creationSubscriptions } from '../domain/customerCreation';

/** A subscription as the API shows it (storage fields left out). */
export function subscriptionView(s: Subscription): Subscription {
  const { id, customerTenantId, offerId, quantity, resellerMpnId, supportContactMpnId, createdAt } = s;
  return { id, customerTenantId, offerId, quantity, createdAt, ...(resellerMpnId ? { resellerMpnId } : {}), ...(supportContactMpnId ? { supportContactMpnId } : {}) };
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
