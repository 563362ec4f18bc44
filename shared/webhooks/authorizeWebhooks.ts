import type { HttpRequest } from '@azure/functions';
import { authenticate } from '../auth/authenticate';
import type { Caller } from '../auth/caller';
import { partnerStanding } from '../auth/partnerStanding';
import { requireEnrolledPartner } from '../auth/requireEnrolledPartner';
import { PROGRAM_ADMIN, requireRole } from '../auth/roles';

export interface WebhookCaller {
  caller: Caller;
  /** 'program': the operator's own endpoints (partner.* events of every partner). */
  audience: 'partner' | 'program';
}

/**
 * Who manages webhooks (issue 16), from the role matrix: a partner's Global admin and Admin agent
 * (webhook.manage / webhook.read, enrolled), or the program operator (program.webhooks.manage;
 * authenticate() keeps ProgramAdmin only in the operator's tenant). Each manages its own tenant's
 * endpoints only: every read and write is keyed by the caller's tenant.
 */
export async function authorizeWebhooks(request: HttpRequest, kind: 'manage' | 'read'): Promise<WebhookCaller> {
  const caller = await authenticate(request);
  if (caller.roles.includes(PROGRAM_ADMIN)) {
    requireRole(caller, 'program.webhooks.manage');
    return { caller, audience: 'program' };
  }
  const action = kind === 'manage' ? 'webhook.manage' : 'webhook.read';
  requireRole(caller, action);
  requireEnrolledPartner(await partnerStanding(caller.tenantId), action);
  return { caller, audience: 'partner' };
}
