import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { effectiveStatus } from '../domain/effectiveStatus';
import { type Invitation, userActor } from '../domain/invitation';
import { AppError } from '../http/errors';
import { loadVisibleInvitation } from './loadVisible';
import type { ResendInvitationDeps } from './ports';

/** Resends are limited per invitation: a few in its life, and not more often than this. */
export const RESEND_LIMIT = 5;
export const RESEND_INTERVAL_MS = 10 * 60_000;

/**
 * The inviter asks for the same link to be sent again: refused (429) when this invitation was
 * resent too often or too recently, or when the partner has used its sends of the hour. The
 * orchestration sends and records the email; only a corrected address (`recipientEmail`, allowed
 * after the latest email bounced, was suppressed or failed) is written here, before the send.
 */
export async function resendInvitation(
  d: ResendInvitationDeps,
  caller: Caller,
  rawId: string | undefined,
  body: { recipientEmail?: string } = {},
): Promise<Invitation> {
  requireRole(caller, 'invitation.resend');
  const invitation = await loadVisibleInvitation(d.invitations, caller, rawId);
  if (invitation.partnerTenantId !== caller.tenantId)
    throw new AppError('forbidden', 'Only the inviter can resend an invitation.');
  const now = d.now();
  if (effectiveStatus(invitation, now) !== 'pending')
    throw new AppError('already_answered', `The invitation is ${effectiveStatus(invitation, now)}.`);
  const lastEmail = [...invitation.timeline].reverse().find((e) => e.type === 'emailed' || e.type === 'created');
  const waitMs = lastEmail ? Date.parse(lastEmail.at) + RESEND_INTERVAL_MS - now.getTime() : 0;
  if (invitation.sendCount > RESEND_LIMIT || waitMs > 0) {
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError(
      'rate_limited',
      invitation.sendCount > RESEND_LIMIT
        ? 'This invitation was sent as often as allowed.'
        : `Try again in ${retryAfter} seconds.`,
      { retryAfterSeconds: retryAfter },
    );
  }
  // A corrected address (after a bounce) is written before the send is asked for, so the send goes there.
  let current = invitation;
  if (body.recipientEmail && body.recipientEmail !== invitation.recipientEmail) {
    if (!d.readdress) throw new AppError('conflict', 'The address cannot be corrected here.');
    current = await d.readdress(invitation, body.recipientEmail, userActor(caller), now);
  }
  // Counted last, once this invitation's own limits allow it, and given back when nothing is sent.
  const giveBack = await d.sends.take(invitation.partnerTenantId);
  let delivered = false;
  try {
    // The send after those this request saw: requests fired at once all ask for the same one.
    delivered = await d.requestResend(invitation.id, now, invitation.sendCount + 1);
  } finally {
    if (!delivered) giveBack();
  }
  if (!delivered) throw new AppError('conflict', 'The invitation is not waiting for an answer any more.');
  return current;
}
