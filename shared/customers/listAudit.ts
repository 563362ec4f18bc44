import type { Caller } from '../auth/caller';
import { PROGRAM_ADMIN, requireRole, type Action } from '../auth/roles';
import type { AuditListQuery } from '../schemas/queries';
import type { RecordsDeps } from './ports';
import { withToken } from '../http/request';
import { auditView } from './recordViews';

/**
 * The caller's own tenant's audit trail, newest first: partner admins, or the customer's Global
 * admin (its tenant's trail holds the grants it gave and removed).
 */
export async function listAudit(d: Pick<RecordsDeps, 'audit' | 'partners'>, caller: Caller, q: AuditListQuery) {
  requireRole(caller, await auditActionOf(d, caller));
  const page = await withToken(q.continuationToken, () =>
    d.audit.list(caller.tenantId, q.pageSize, q.continuationToken),
  );
  return {
    items: page.items.map(auditView),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}

/**
 * Whose rules apply to the trail is decided from the program's data, never from the token alone: an
 * enrolled partner's trail follows the partner roles (a directory Global admin of a partner tenant
 * without an admin partner role may not read it), the operator's its program role, any other
 * tenant's (a customer's) its Global administrator.
 */
async function auditActionOf(d: Pick<RecordsDeps, 'partners'>, caller: Caller): Promise<Action> {
  if (caller.roles.includes(PROGRAM_ADMIN)) return 'program.audit.read';
  return (await d.partners.get(caller.tenantId)) ? 'audit.read' : 'customer.audit.read';
}
