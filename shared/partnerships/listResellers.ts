import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { withToken } from '../http/request';
import type { ResellerListQuery } from '../schemas/queries';
import type { PartnershipDeps } from './ports';
import { associatedCustomers, partnershipView } from './partnershipView';

/**
 * A provider's indirect resellers (its own partition only), newest partnership first, optionally
 * filtered by a fragment of the reseller's name: each with the partnership date, the reseller's
 * profile and the number of customers associated with it.
 */
export async function listResellers(d: PartnershipDeps, caller: Caller, q: ResellerListQuery) {
  requireRole(caller, 'partnership.read');
  const page = await withToken(q.continuationToken, () =>
    d.partnerships.resellersOf(caller.tenantId, {
      pageSize: q.pageSize,
      ...(q.continuationToken ? { continuationToken: q.continuationToken } : {}),
      ...(q.name ? { name: q.name } : {}),
    }),
  );
  const items = await Promise.all(
    page.items.map(async (p) => {
      const [reseller, customers] = await Promise.all([
        d.partners.get(p.resellerTenantId),
        associatedCustomers(d.records, caller.tenantId, p.resellerTenantId),
      ]);
      return {
        partnership: partnershipView(p),
        ...(reseller ? { reseller: reseller.partner } : {}),
        associatedCustomers: customers.length,
      };
    }),
  );
  return { items, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
}
