import type { Caller } from '../auth/caller';
import { isCustomerGlobalAdmin } from '../auth/caller';
import { requireRole } from '../auth/roles';
import type { AuditListQuery } from '../schemas/queries';
import type { RecordsDeps } from './deps';
import { withToken } from './request';
import { auditView } from './views';

/**
 * The caller's own tenant's audit trail, newest first: partner admins, or the customer's Global
 * admin (its tenant's trail holds the grants it gave and removed).
 */
export async function listAudit(d: Pick<RecordsDeps, 'audit'>, caller: Caller, q: AuditListQuery) {
  if (!isCustomerGlobalAdmin(caller)) requireRole(caller, 'audit.read');
  const page = await withToken(q.continuationToken, () => d.audit.list(caller.tenantId, q.pageSize, q.continuationToken));
  return { items: page.items.map(auditView), ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
}
