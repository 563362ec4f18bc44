import { grantEnd } from './grantPeriod';
import { grantId } from './ids';
import type { Invitation } from './invitation';
import type { Grant } from './partner';
import { ok, refuse, type Result } from './result';
import { iso } from './time';

/**
 * The grant an accepted invitation records: its roles and duration, starting at acceptance, ending
 * at start + duration, with a deterministic id so recording twice finds the first grant.
 */
export function grantFromInvitation(invitation: Invitation, customerTenantId: string): Result<Grant | undefined> {
  if (invitation.status !== 'accepted' && invitation.status !== 'recorded') {
    return refuse('conflict', 'only an accepted invitation creates a grant');
  }
  if (!invitation.includeDelegatedAdmin || !invitation.delegatedAdmin) return ok(undefined);
  const startsAt = iso(invitation.answeredAt ?? invitation.createdAt);
  const { roles, duration, autoExtend } = invitation.delegatedAdmin;
  return ok({
    id: grantId(invitation.id),
    partnerTenantId: invitation.partnerTenantId,
    customerTenantId,
    invitationId: invitation.id,
    roles: [...roles],
    duration,
    autoExtend,
    startsAt,
    endsAt: grantEnd(startsAt, duration),
    status: 'active',
  });
}
