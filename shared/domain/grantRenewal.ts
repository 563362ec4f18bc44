import { validateDelegatedAdmin } from './delegatedAdmin';
import { grantEnd, isGrantExpired } from './grantPeriod';
import type { DelegatedAdminRequest, Invitation } from './invitation';
import type { Grant } from './partner';
import { ok, refuse, type Result } from './result';
import { iso } from './time';

/**
 * Whether a partner may ask the customer to renew this grant with these privileges: the grant is
 * the partner's (else 404, never telling another partner's grant from a missing one), still in
 * force (409 grant_not_active), and the request keeps to the grant's roles (400 roles_not_in_grant)
 * under the rules of any invitation's delegated admin (duration, no auto-extension with Global
 * Administrator). Returns the request normalised.
 */
export function checkRenewalRequest(
  grant: Grant | undefined,
  partnerTenantId: string,
  asked: DelegatedAdminRequest,
  now: Date,
): Result<DelegatedAdminRequest> {
  if (!grant || grant.partnerTenantId !== partnerTenantId.toLowerCase()) return refuse('not_found', 'no such grant');
  if (grant.status !== 'active' || isGrantExpired(grant, now)) {
    return refuse(
      'grant_not_active',
      `the grant is ${grant.status === 'active' ? 'past its end' : grant.status}; send a new invitation instead`,
    );
  }
  const checked = validateDelegatedAdmin(asked);
  if (!checked.ok) return checked;
  const held = new Set(grant.roles.map((r) => r.toLowerCase()));
  const beyond = checked.value.roles.filter((r) => !held.has(r));
  if (beyond.length > 0)
    return refuse(
      'roles_not_in_grant',
      `a renewal asks for the grant's roles or fewer; not in the grant: ${beyond.join(', ')}`,
    );
  return ok(checked.value);
}

/**
 * What accepting a renewal does to its grant: extend it, nothing (done before), nothing (a renewal
 * accepted later already extended it), or refuse.
 */
export type RenewalChange = { action: 'extend'; grant: Grant } | { action: 'alreadyDone' } | { action: 'superseded' };

/**
 * The grant once the accepted renewal is applied in place: the roles asked, the new duration and
 * auto-extension, and a new end counted from the acceptance (a renewal starts a new period, as a
 * new grant would, without the gap and the new consent flow). `renewal` names the invitation, so a
 * re-run after a crash finds it applied; a removed grant, or one that ended before the acceptance,
 * is not revived (409), but one the sweep expired after it is; a grant a renewal accepted later
 * already extended stays as that one left it.
 */
export function renewedGrant(
  grant: Grant,
  invitation: Pick<Invitation, 'id' | 'delegatedAdmin' | 'answeredAt' | 'createdAt'>,
  now: Date,
): Result<RenewalChange> {
  if (grant.renewal?.invitationId === invitation.id) return ok({ action: 'alreadyDone' });
  // In force when the customer accepted is what counts, not when the acceptance is recorded: the
  // sweep may expire the grant in between (an orchestration slowed by throttling, a crash), and a
  // customer who renewed before the end must not lose the grant to that race.
  const inForce =
    grant.status === 'active'
      ? !isGrantExpired(grant, now)
      : grant.status === 'expired' && now.getTime() < Date.parse(grant.endsAt);
  if (!inForce)
    return refuse('grant_not_active', `the grant is ${grant.status === 'active' ? 'past its end' : grant.status}`);
  const asked = invitation.delegatedAdmin;
  if (!asked) return refuse('validation_failed', 'a renewal request asks for delegated admin');
  const at = iso(invitation.answeredAt ?? invitation.createdAt);
  // Two renewals accepted close together may be recorded in either order (each by its own
  // orchestration, or a retry after a crash): the one the customer accepted last stands, so an
  // earlier acceptance recorded late never overwrites its roles and end.
  if (grant.renewal && Date.parse(grant.renewal.at) > Date.parse(at)) return ok({ action: 'superseded' });
  return ok({
    action: 'extend',
    grant: {
      ...grant,
      status: 'active',
      roles: [...asked.roles],
      duration: asked.duration,
      autoExtend: asked.autoExtend,
      endsAt: grantEnd(at, asked.duration),
      renewal: { invitationId: invitation.id, at, previousEndsAt: grant.endsAt },
    },
  });
}
