import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { issueMultiPartyInvitation } from '../../shared/invitations/issueMultiPartyInvitation';
import { multiPartyCreateSchema } from '../../shared/schemas/invitations';
import { parseInput } from '../../shared/schemas/parse';
import { issueWithPartnershipDeps } from '../compose/invitationsDeps';
import { acceptedInvitation, idempotencyKeyOf } from './issuingEndpoint';

/** POST /api/invitations/multi-party: a reseller invites a customer together with one of its providers. */
export async function createMultiPartyInvitationHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.create.withoutAdmin');
  const body = parseInput(multiPartyCreateSchema, await readJsonBody(request));
  const key = idempotencyKeyOf(request);
  return acceptedInvitation(
    caller.tenantId,
    await issueMultiPartyInvitation(issueWithPartnershipDeps(context), caller, body, key),
  );
}
