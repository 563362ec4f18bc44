import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { invitationView } from '../../shared/invitations/invitationView';
import { revokeInvitation } from '../../shared/invitations/revokeInvitation';
import { revokeInvitationDeps } from '../compose/invitationsDeps';

/** POST /api/invitations/{id}/revoke: the inviter withdraws a pending invitation; its link stops working. */
export async function revokeInvitationHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.revoke');
  const revoked = await revokeInvitation(revokeInvitationDeps(context), caller, request.params.id);
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: invitationView(revoked, new Date()) };
}
