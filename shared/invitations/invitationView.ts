import type { Invitation } from '../domain/invitation';
import { effectiveStatus } from '../domain/effectiveStatus';

/**
 * What the inviter sees: everything but the token hash, the idempotency key, the failed-answer
 * count and when the latest resend was taken. The last two are bookkeeping; reaching the answer
 * limit shows in the audit trail instead, a resend in the timeline once it is emailed.
 */
export function invitationView(invitation: Invitation, now: Date): Record<string, unknown> {
  const { tokenHash, idempotencyKey, answerFailures, resendRequestedAt, ...view } = invitation;
  void tokenHash;
  void idempotencyKey;
  void answerFailures;
  void resendRequestedAt;
  return { ...view, status: effectiveStatus(invitation, now) };
}

/** Only the inviter and, for a multi-party invitation, its provider may see an invitation. */
export function visibleTo(invitation: Invitation, tenantId: string): boolean {
  const t = tenantId.toLowerCase();
  return invitation.partnerTenantId === t || invitation.providerTenantId === t;
}
