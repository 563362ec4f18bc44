import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { loadVisibleInvitation } from '../../shared/invitations/loadVisible';
import { invitationView } from '../../shared/invitations/invitationView';
import { invitationReadDeps } from '../compose/invitationsDeps';

/** GET /api/invitations/{id}: status and timeline, for the inviter (and a multi-party provider). */
export async function getInvitationHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.read');
  const invitation = await loadVisibleInvitation(invitationReadDeps().invitations, caller, request.params.id);
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: invitationView(invitation, new Date()) };
}
