import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { requestPartnership } from '../../shared/invitations/requestPartnership';
import { partnershipRequestSchema } from '../../shared/schemas/invitations';
import { parseInput } from '../../shared/schemas/parse';
import { issueWithPartnershipDeps } from '../compose/invitationsDeps';
import { acceptedInvitation, idempotencyKeyOf } from './issuingEndpoint';

/** POST /api/indirect-resellers/requests: an indirect provider invites a reseller; 202 with the invitation. */
export async function requestPartnershipHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'partnership.request');
  const body = parseInput(partnershipRequestSchema, await readJsonBody(request));
  const key = idempotencyKeyOf(request);
  return acceptedInvitation(
    caller.tenantId,
    await requestPartnership(issueWithPartnershipDeps(context), caller, body, key),
  );
}
