import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { withToken } from '../http/request';
import { subscriptionView } from '../newCustomers/newCustomerView';
import type { PageQuery } from '../schemas/queries';
import { requireActiveCustomer } from './access';
import type { SubscriptionDeps } from './ports';

/**
 * GET /api/customers/{id}/subscriptions: the customer's subscriptions the caller owns or is named
 * on, oldest first, a page at a time.
 */
export async function listSubscriptions(d: SubscriptionDeps, caller: Caller, customerTenantId: string, q: PageQuery) {
  requireRole(caller, 'subscription.read');
  await requireActiveCustomer(d, caller.tenantId, customerTenantId);
  const page = await withToken(q.continuationToken, () =>
    d.subscriptions.list(customerTenantId, caller.tenantId, q.pageSize, q.continuationToken),
  );
  return {
    items: page.items.map(subscriptionView),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}
