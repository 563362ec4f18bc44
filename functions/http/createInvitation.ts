import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { sendInvitation } from '../../shared/invitations/sendInvitation';
import { invitationCreateSchema } from '../../shared/schemas/invitations';
import { parseInput } from '../../shared/schemas/parse';
import { acceptedInvitation, idempotencyKeyOf, sendInvitationDeps } from './issueRequest';

/** POST /api/invitations: 202 with the invitation; its orchestration emails it. */
export async function createInvitationHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.create.withoutAdmin');
  const body = parseInput(invitationCreateSchema, await readJsonBody(request));
  const key = idempotencyKeyOf(request);
  return acceptedInvitation(caller.tenantId, await sendInvitation(sendInvitationDeps(context), caller, body, key));
}
