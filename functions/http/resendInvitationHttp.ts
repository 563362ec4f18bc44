import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { resendInvitation as resend } from '../../shared/invitations/resendInvitation';
import { resendInvitationDeps } from '../compose/invitationsDeps';

/** POST /api/invitations/{id}/resend: asks the orchestration to send the same link again. */
export async function resendInvitationHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.resend');
  const invitation = await resend(resendInvitationDeps(context), caller, request.params.id);
  return { status: 202, headers: { location: `/api/invitations/${invitation.id}` } };
}
