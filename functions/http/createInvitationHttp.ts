import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { issueCustomerInvitation } from '../../shared/invitations/issueCustomerInvitation';
import { invitationCreateSchema } from '../../shared/schemas/invitations';
import { parseInput } from '../../shared/schemas/parse';
import { issueInvitationDeps } from '../compose/invitationsDeps';
import { acceptedInvitation, idempotencyKeyOf } from './issuingEndpoint';

/** POST /api/invitations: 202 with the invitation; its orchestration emails it. */
export async function createInvitationHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.create.withoutAdmin');
  const body = parseInput(invitationCreateSchema, await readJsonBody(request));
  const key = idempotencyKeyOf(request);
  return acceptedInvitation(
    caller.tenantId,
    await issueCustomerInvitation(issueInvitationDeps(context), caller, body, key),
  );
}
