import { ok, refuse, type Result } from './result';

/** The inviting side of an invitation: the inviter and, multi-party, its indirect provider. */
export interface InvitingSide {
  partnerTenantId: string;
  providerTenantId?: string | undefined;
}

/**
 * Nobody deals with itself: the tenant on the other side (the customer or reseller accepting, or
 * the one an invitation is bound to) is never the inviter nor the provider of a multi-party
 * invitation. Otherwise a reseller's own admin could "accept" and list the reseller as its own
 * customer with admin privileges over itself.
 */
export function checkNotSelfDealing(side: InvitingSide, counterpartTenantId: string | undefined): Result<true> {
  if (!counterpartTenantId) return ok(true);
  const other = counterpartTenantId.toLowerCase();
  const inviting = [side.partnerTenantId, side.providerTenantId]
    .filter((t): t is string => Boolean(t))
    .map((t) => t.toLowerCase());
  if (inviting.includes(other))
    return refuse(
      'self_relationship',
      'an organisation cannot enter a relationship with itself or with its own provider as the other party',
    );
  return ok(true);
}
