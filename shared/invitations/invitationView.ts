import type { Invitation } from '../domain/invitation';
import { effectiveStatus } from '../domain/effectiveStatus';

/**
 * What the inviter sees: everything but the token hash, the idempotency key and the failed-answer
 * count. The count is security bookkeeping; reaching the limit shows in the audit trail instead.
 */
export function invitationView(invitation: Invitation, now: Date): Record<string, unknown> {
  const { tokenHash, idempotencyKey, answerFailures, ...view } = invitation;
  void tokenHash;
  void idempotencyKey;
  void answerFailures;
  return { ...view, status: effectiveStatus(invitation, now) };
}

/** Only the inviter and, for a multi-party invitation, its provider may see an invitation. */
export function visibleTo(invitation: Invitation, tenantId: string): boolean {
  const t = tenantId.toLowerCase();
  return invitation.partnerTenantId === t || invitation.providerTenantId === t;
}
