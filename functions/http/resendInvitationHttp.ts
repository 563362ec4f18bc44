import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { resendInvitation as resend } from '../../shared/invitations/resendInvitation';
import { parseInput } from '../../shared/schemas/parse';
import { resendBodySchema } from '../../shared/schemas/resend';
import { resendInvitationDeps } from '../compose/invitationsDeps';

/**
 * POST /api/invitations/{id}/resend: asks the orchestration to send the same link again, to a
 * corrected address after a bounce.
 */
export async function resendInvitationHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.resend');
  // The body is optional: none (or an empty one) resends to the same address.
  const hasBody = Number(request.headers.get('content-length') ?? 0) > 0 || request.headers.has('transfer-encoding');
  const body = hasBody ? parseInput(resendBodySchema, await readJsonBody(request)) : {};
  const invitation = await resend(resendInvitationDeps(context), caller, request.params.id, body);
  return { status: 202, headers: { location: `/api/invitations/${invitation.id}` } };
}
