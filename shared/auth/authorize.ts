import type { HttpRequest } from '@azure/functions';
import { partnerStore } from '../store/partners';
import { cachedInviterProfiles } from '../store/inviterProfileCache';
import { authenticate } from './authenticate';
import type { Caller } from './caller';
import { requireEnrolledPartner } from './requireEnrolledPartner';
import { isPartnerAction, requireRole, type Action } from './roles';
import type { ApiScope } from './scopes';

/**
 * Who the caller is and whether it may take the action, decided from data the program owns: the
 * token's verified identity, the one role matrix, and for a partner action the partner's enrolment
 * and standing (one cached point read). Every endpoint with a signed-in caller starts here.
 */
export async function authorize(request: HttpRequest, action: Action, accepted?: readonly ApiScope[]): Promise<Caller> {
  const caller = await authenticate(request, accepted);
  requireRole(caller, action);
  if (isPartnerAction(action)) {
    const stored = await cachedInviterProfiles(partnerStore()).get(caller.tenantId);
    requireEnrolledPartner(stored?.partner, action);
  }
  return caller;
}
