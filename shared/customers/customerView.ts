import type { RelationshipDoc } from '../store/records';
import type { RecordsDeps } from './ports';
import { grantView, relationshipView } from './recordViews';

/**
 * A customer as its partner sees it: the relationship, the company name, the grants given to this
 * partner, and for an indirect provider's customer the reseller associated with it, by name.
 */
export async function customerView(d: Pick<RecordsDeps, 'records' | 'partners'>, r: RelationshipDoc) {
  const [customer, grants, reseller] = await Promise.all([
    d.records.customer(r.customerTenantId),
    d.records.grantsOf(r.customerTenantId, r.partnerTenantId),
    r.resellerTenantId ? d.partners.get(r.resellerTenantId) : undefined,
  ]);
  const companyName = customer?.doc.type === 'customer' ? customer.doc.companyName : undefined;
  return {
    customerTenantId: r.customerTenantId,
    ...(companyName ? { companyName } : {}),
    ...(r.resellerTenantId
      ? {
          reseller: {
            tenantId: r.resellerTenantId,
            ...(reseller ? { name: reseller.partner.name, mpnId: reseller.partner.mpnId } : {}),
          },
        }
      : {}),
    relationships: [relationshipView(r)],
    grants: grants.map(grantView),
  };
}
