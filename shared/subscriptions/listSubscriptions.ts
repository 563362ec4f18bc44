import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { withToken } from '../customers/request';
import { subscriptionView } from '../newCustomers/view';
import type { PageQuery } from '../schemas/queries';
import { requireActiveCustomer } from './access';
import type { SubscriptionDeps } from './deps';

/** GET /api/customers/{id}/subscriptions: one customer's subscriptions, oldest first, a page at a time. */
export async function listSubscriptions(d: SubscriptionDeps, caller: Caller, customerTenantId: string, q: PageQuery) {
  requireRole(caller, 'subscription.read');
  await requireActiveCustomer(d, caller.tenantId, customerTenantId);
  const page = await withToken(q.continuationToken, () => d.subscriptions.list(customerTenantId, q.pageSize, q.continuationToken));
  return { items: page.items.map(subscriptionView), ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
}
