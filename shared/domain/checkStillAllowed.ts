import { checkInviterKind } from './checkInviterKind';
import { checkPartnerStanding } from './checkPartnerStanding';
import type { Invitation } from './invitation';
import type { Partner, Partnership } from './partner';
import { ok, refuse, type Result } from './result';

type Party = Pick<Partner, 'tenantId' | 'kind' | 'name'> & { status?: string };

/** What the answer knows now about the inviting side, read when the answer comes. */
export interface InvitingSideNow {
  invitation: Pick<Invitation, 'kind'>;
  inviter: Party;
  /** Multi-party: the indirect provider and the pair's partnership as stored now. */
  provider?: Party | undefined;
  partnership?: Pick<Partnership, 'providerTenantId' | 'resellerTenantId' | 'status'> | undefined;
}

/**
 * The send's rules about the inviting side, again at the answer: the world may have changed in
 * between. Both partners in good standing, the inviter still of a kind that sends this invitation,
 * and for a multi-party invitation the provider still an indirect provider in active partnership
 * with the reseller (409 partnership_ended otherwise). Region and cloud are the acceptor's checks.
 */
export function checkStillAllowed(now: InvitingSideNow): Result<true> {
  const { invitation, inviter, provider, partnership } = now;
  for (const party of [inviter, ...(provider ? [provider] : [])]) {
    const standing = checkPartnerStanding(party);
    if (!standing.ok) return standing;
  }
  const kind = checkInviterKind(invitation.kind, inviter.kind);
  if (!kind.ok) return kind;
  if (invitation.kind !== 'multiParty') return ok(true);
  if (!provider || provider.kind !== 'indirectProvider')
    return refuse('partner_kind_not_allowed', 'the named partner is no longer an indirect provider');
  const samePair =
    partnership?.providerTenantId.toLowerCase() === provider.tenantId.toLowerCase() &&
    partnership.resellerTenantId.toLowerCase() === inviter.tenantId.toLowerCase();
  if (!samePair || partnership?.status !== 'active') {
    return refuse(
      'partnership_ended',
      `the partnership between ${inviter.name} and ${provider.name} has ended; this invitation can no longer be accepted`,
    );
  }
  return ok(true);
}
