import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { appNow } from '../../shared/appClock';
import { authorize } from '../../shared/auth/authorize';
import { raiseToInvitation } from '../../shared/invitations/durable';
import { inviterSendLimiter } from '../../shared/invitations/inviterSends';
import { resendInvitation as resend } from '../../shared/invitations/resendInvitation';
import { invitationStore } from '../../shared/store/invitations';
import { readJsonBody } from '../../shared/http/body';
import { readdressWith } from '../../shared/invitations/readdressInvitation';
import { parseInput } from '../../shared/schemas/parse';
import { resendBodySchema } from '../../shared/schemas/resend';
import { auditLog } from '../../shared/store/audit';
import { invitationIndex } from '../../shared/store/invitationIndex';
import { resendRequestedEvent } from '../names';

/** POST /api/invitations/{id}/resend: asks the orchestration to send the same link again, to a corrected address after a bounce. */
export async function resendInvitation(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.resend');
  // The body is optional: none (or an empty one) resends to the same address.
  const hasBody = Number(request.headers.get('content-length') ?? 0) > 0 || request.headers.has('transfer-encoding');
  const body = hasBody ? parseInput(resendBodySchema, await readJsonBody(request)) : {};
  const invitation = await resend(
    {
      invitations: invitationStore(),
      readdress: readdressWith({ invitations: invitationStore(), index: invitationIndex(), audit: auditLog() }),
      sends: inviterSendLimiter(),
      requestResend: (id, at) => raiseToInvitation(context, id, resendRequestedEvent, { at: at.toISOString() }),
      // The resend interval is a send limit: it counts in the app's clock, as the sends per inviter do (shared/appClock.ts).
      now: () => new Date(appNow()),
    },
    caller,
    request.params.id,
    body,
  );
  return { status: 202, headers: { location: `/api/invitations/${invitation.id}` } };
}
