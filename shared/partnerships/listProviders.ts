import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { withToken } from '../http/request';
import type { PageQuery } from '../schemas/queries';
import type { PartnershipDeps } from './ports';
import { partnershipView } from './partnershipView';

/** A reseller's indirect providers (the mirror in its own partition), newest partnership first. */
export async function listProviders(d: PartnershipDeps, caller: Caller, q: PageQuery) {
  requireRole(caller, 'partnership.read');
  const page = await withToken(q.continuationToken, () =>
    d.partnerships.providersOf(caller.tenantId, {
      pageSize: q.pageSize,
      ...(q.continuationToken ? { continuationToken: q.continuationToken } : {}),
    }),
  );
  const items = await Promise.all(
    page.items.map(async (p) => {
      const provider = await d.partners.get(p.providerTenantId);
      return { partnership: partnershipView(p), ...(provider ? { provider: provider.partner } : {}) };
    }),
  );
  return { items, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
}
