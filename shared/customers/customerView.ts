import type { RelationshipDoc } from '../store/records';
import type { RecordsDeps } from './deps';
import { grantView, relationshipView } from './views';

/** A customer as its partner sees it: the relationship, the company name, the grants given to this partner. */
export async function customerView(d: Pick<RecordsDeps, 'records'>, r: RelationshipDoc) {
  const [customer, grants] = await Promise.all([d.records.customer(r.customerTenantId), d.records.grantsOf(r.customerTenantId, r.partnerTenantId)]);
  const companyName = customer?.doc.type === 'customer' ? customer.doc.companyName : undefined;
  return {
    customerTenantId: r.customerTenantId,
    ...(companyName ? { companyName } : {}),
    relationships: [relationshipView(r)],
    grants: grants.map(grantView),
  };
}
