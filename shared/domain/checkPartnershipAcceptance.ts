import { checkBoundTenant } from './checkBoundTenant';
import { checkNotSelfDealing } from './checkNotSelfDealing';
import { checkSameRegion } from './checkSameRegion';
import type { Invitation } from './invitation';
import type { Partner } from './partner';
import { ok, refuse, type Result } from './result';

/** What a reseller's acceptance of a partnership request needs to know. */
export interface PartnershipAcceptanceInput {
  invitation: Pick<Invitation, 'kind' | 'customerTenantId' | 'partnerTenantId'>;
  provider: Pick<Partner, 'tenantId' | 'country'>;
  /** The acceptor's partner profile; undefined when the tenant is not enrolled at all. */
  reseller: Pick<Partner, 'tenantId' | 'kind' | 'country'> | undefined;
  acceptor: { tenantId: string; roles: readonly string[] };
}

/**
 * A partnership request is accepted by a tenant enrolled as an indirect reseller in the provider's
 * country or region; never by the provider itself. Who in the tenant may accept is the role
 * matrix's 'partnership.accept' (checked by the caller before this).
 */
export function checkPartnershipAcceptance(input: PartnershipAcceptanceInput): Result<true> {
  const { invitation, provider, reseller, acceptor } = input;
  if (invitation.kind !== 'partnership') return refuse('conflict', 'this is not a partnership request');
  const bound = checkBoundTenant(invitation.customerTenantId, acceptor.tenantId);
  if (!bound.ok) return bound;
  const self = checkNotSelfDealing({ partnerTenantId: provider.tenantId }, acceptor.tenantId);
  if (!self.ok) return self;
  // Not enrolled is the acceptor's standing (403); enrolled as another kind, a program rule (422).
  if (!reseller || reseller.tenantId.toLowerCase() !== acceptor.tenantId.toLowerCase()) {
    return refuse('reseller_not_enrolled', 'your organisation is not enrolled as an indirect reseller');
  }
  if (reseller.kind !== 'indirectReseller')
    return refuse(
      'partner_kind_not_allowed',
      `a ${reseller.kind} partner cannot enter a partnership with a provider; only an indirect reseller can`,
    );
  const region = checkSameRegion(provider.country, reseller.country);
  if (!region.ok) return region;
  return ok(true);
}
