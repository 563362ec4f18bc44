import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { requireRole } from '../../shared/auth/roles';
import { effectiveStatus } from '../../shared/domain/effectiveStatus';
import { AppError } from '../../shared/http/errors';
import { raiseToInvitation } from '../../shared/invitations/durable';
import { loadVisibleInvitation } from '../../shared/invitations/loadVisible';
import { invitationStore } from '../../shared/store/invitations';
import { resendRequestedEvent } from '../names';

/** Resends are limited per invitation: a few in its life, and not more often than this. */
export const RESEND_LIMIT = 5;
export const RESEND_INTERVAL_MS = 10 * 60_000;

/** POST /api/invitations/{id}/resend: asks the orchestration to send the same link again. */
export async function resendInvitation(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  requireRole(caller, 'invitation.resend');
  const invitation = await loadVisibleInvitation(invitationStore(), caller, request.params.id);
  if (invitation.partnerTenantId !== caller.tenantId) throw new AppError('forbidden', 'Only the inviter can resend an invitation.');
  const now = new Date();
  if (effectiveStatus(invitation, now) !== 'pending') throw new AppError('already_answered', `The invitation is ${effectiveStatus(invitation, now)}.`);
  const lastEmail = [...invitation.timeline].reverse().find((e) => e.type === 'emailed' || e.type === 'created');
  const waitMs = lastEmail ? Date.parse(lastEmail.at) + RESEND_INTERVAL_MS - now.getTime() : 0;
  if (invitation.sendCount > RESEND_LIMIT || waitMs > 0) {
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError('rate_limited', invitation.sendCount > RESEND_LIMIT ? 'This invitation was sent as often as allowed.' : `Try again in ${retryAfter} seconds.`, { retryAfterSeconds: retryAfter });
  }
  const delivered = await raiseToInvitation(context, invitation.id, resendRequestedEvent, { at: now.toISOString() });
  if (!delivered) throw new AppError('conflict', 'The invitation is not waiting for an answer any more.');
  return { status: 202, headers: { location: `/api/invitations/${invitation.id}` } };
}
