import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import type { CustomerListQuery } from '../schemas/queries';
import { customerView } from './customerView';
import type { RecordsDeps } from './ports';
import { withToken } from '../http/request';

/** The caller's active customers (its own partition only), a page at a time, newest first. */
export async function listCustomers(
  d: Pick<RecordsDeps, 'records' | 'partners'>,
  caller: Caller,
  q: CustomerListQuery,
) {
  requireRole(caller, 'customer.read');
  const page = await withToken(q.continuationToken, () =>
    d.records.relationshipsOf(caller.tenantId, q.pageSize, q.continuationToken, q.resellerId),
  );
  const items = await Promise.all(page.items.map((r) => customerView(d, r)));
  return { items, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
}
