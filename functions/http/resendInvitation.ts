import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { appNow } from '../../shared/appClock';
import { authorize } from '../../shared/auth/authorize';
import { raiseToInvitation } from '../../shared/invitations/durable';
import { inviterSendLimiter } from '../../shared/invitations/inviterSends';
import { resendInvitation as resend } from '../../shared/invitations/resendInvitation';
import { invitationStore } from '../../shared/store/invitations';
import { resendRequestedEvent } from '../names';

/** POST /api/invitations/{id}/resend: asks the orchestration to send the same link again. */
export async function resendInvitation(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.resend');
  const invitation = await resend(
    {
      invitations: invitationStore(),
      sends: inviterSendLimiter(),
      requestResend: (id, at) => raiseToInvitation(context, id, resendRequestedEvent, { at: at.toISOString() }),
      // The resend interval is a send limit: it counts in the app's clock, as the sends per inviter do (shared/appClock.ts).
      now: () => new Date(appNow()),
    },
    caller,
    request.params.id,
  );
  return { status: 202, headers: { location: `/api/invitations/${invitation.id}` } };
}
