import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { customerView } from './customerView';
import type { RecordsDeps } from './ports';
import { findRelationship } from './findRelationship';

/** One of the caller's customers (a removed relationship too, since its grants may remain), with its grants. */
export async function getCustomer(
  d: Pick<RecordsDeps, 'records' | 'partners'>,
  caller: Caller,
  customerTenantId: string,
) {
  requireRole(caller, 'customer.read');
  const found = await findRelationship(d.records, caller.tenantId, customerTenantId);
  return customerView(d, found.doc);
}
