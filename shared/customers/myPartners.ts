import type { Caller } from '../auth/caller';
import { relationshipId } from '../domain/ids';
import type { Relationship } from '../domain/partner';
import { AppError } from '../http/errors';
import type { PageQuery } from '../schemas/queries';
import type { RecordsDeps } from './ports';
import { requireCustomerGlobalAdmin } from './customerSide';
import { grantView, relationshipView } from './recordViews';

// A customer has few partners: its partition is read whole and paged by offset.
const tokenOf = (offset: number) => `o${offset}`;
function offsetOf(token: string | undefined): number {
  if (token === undefined) return 0;
  const m = /^o(\d{1,6})$/.exec(token);
  if (!m) throw new AppError('bad_request', 'The continuation token is not valid.');
  return Number(m[1]);
}

/**
 * The caller's own tenant's partners: active relationships, plus partners whose relationship was
 * removed but who still hold an active grant (the customer must see it to remove it).
 */
export async function myPartners(d: Pick<RecordsDeps, 'records' | 'partners'>, caller: Caller, q: PageQuery) {
  requireCustomerGlobalAdmin(caller, 'customer.partners.read');
  const offset = offsetOf(q.continuationToken);
  const customer = caller.tenantId;
  const [mirrors, grants] = await Promise.all([d.records.partnersOf(customer), d.records.grantsOf(customer)]);
  const relationships = new Map<string, Relationship>(mirrors.map((m) => [m.partnerTenantId, m]));
  for (const p of new Set(grants.filter((g) => g.status === 'active').map((g) => g.partnerTenantId))) {
    if (relationships.has(p)) continue;
    const removed = await d.records.relationship(p, relationshipId(p, customer));
    if (removed?.doc.type === 'relationship' && removed.doc.customerTenantId === customer)
      relationships.set(p, removed.doc);
  }
  const all = [...relationships.values()].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id),
  );
  const page = all.slice(offset, offset + q.pageSize);
  const items = await Promise.all(
    page.map(async (r) => {
      const name = (await d.partners.get(r.partnerTenantId))?.partner.name;
      return {
        partnerTenantId: r.partnerTenantId,
        ...(name ? { name } : {}),
        relationship: relationshipView(r),
        grants: grants.filter((g) => g.partnerTenantId === r.partnerTenantId).map(grantView),
      };
    }),
  );
  const next = offset + q.pageSize;
  return { items, ...(next < all.length ? { continuationToken: tokenOf(next) } : {}) };
}
