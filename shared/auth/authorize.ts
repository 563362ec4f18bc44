import type { HttpRequest } from '@azure/functions';
import { authenticate } from './authenticate';
import type { Caller } from './caller';
import { partnerStanding } from './partnerStanding';
import { requireEnrolledPartner } from './requireEnrolledPartner';
import { isPartnerAction, requireRole, type Action } from './roles';
import type { ApiScope } from './scopes';

/**
 * Who the caller is and whether it may take the action, decided from data the program owns: the
 * token's verified identity, the one role matrix, and for a partner action the partner's enrolment
 * and standing (one cached point read, through the lookup installed in shared/auth/partnerStanding.ts).
 * Every endpoint with a signed-in caller starts here.
 */
export async function authorize(request: HttpRequest, action: Action, accepted?: readonly ApiScope[]): Promise<Caller> {
  const caller = await authenticate(request, accepted);
  requireRole(caller, action);
  if (isPartnerAction(action)) {
    requireEnrolledPartner(await partnerStanding(caller.tenantId), action);
  }
  return caller;
}
