import { checkBoundTenant } from './checkBoundTenant';
import { checkCustomerAgreement } from './checkCustomerAgreement';
import { checkCustomerGlobalAdmin } from './checkCustomerGlobalAdmin';
import { checkNotSelfDealing } from './checkNotSelfDealing';
import { checkSameRegion } from './checkSameRegion';
import { checkCloudRule } from './cloudRules';
import type { Invitation } from './invitation';
import type { Partner } from './partner';
import { ok, refuse, type Result } from './result';

/** Who is accepting: the signed-in customer user's tenant, directory roles and tenant country. */
export interface CustomerAcceptor {
  tenantId: string;
  wids: readonly string[];
  /** From the `tenant_ctry` claim. */
  country?: string;
}

/** What a customer's acceptance needs to know beyond the token and the state machine. */
export interface CustomerAcceptanceInput {
  invitation: Pick<
    Invitation,
    'kind' | 'customerTenantId' | 'includeDelegatedAdmin' | 'partnerTenantId' | 'providerTenantId'
  >;
  inviter: Pick<Partner, 'country' | 'cloud'>;
  /** Multi-party: the indirect provider, which must also be in the customer's country or region. */
  provider?: Pick<Partner, 'country' | 'cloud'>;
  acceptor: CustomerAcceptor;
  /** Whether the customer agreement is already on record for this customer. */
  agreementOnRecord: boolean;
  /** The acceptor's `acceptCustomerAgreement` answer. */
  acceptCustomerAgreement?: boolean;
}

/**
 * All rules a customer's acceptance must pass, in the order a person can act on them: role, tenant,
 * not the inviting side itself, region, cloud, agreement. Returns whether to record the customer agreement now.
 */
export function checkCustomerAcceptance(input: CustomerAcceptanceInput): Result<{ recordAgreement: boolean }> {
  const { invitation, inviter, provider, acceptor } = input;
  if (invitation.kind === 'partnership')
    return refuse('conflict', 'a partnership request is accepted by a reseller, not a customer');
  const checks = [
    checkCustomerGlobalAdmin(acceptor.wids),
    checkBoundTenant(invitation.customerTenantId, acceptor.tenantId),
    checkNotSelfDealing(invitation, acceptor.tenantId),
    checkSameRegion(inviter.country, acceptor.country),
    ...(provider ? [checkSameRegion(provider.country, acceptor.country)] : []),
    checkCloudRule(inviter.cloud, invitation.includeDelegatedAdmin),
  ];
  const refused = checks.find((c) => !c.ok);
  if (refused && !refused.ok) return refused;
  const agreement = checkCustomerAgreement(input.agreementOnRecord, input.acceptCustomerAgreement);
  if (!agreement.ok) return agreement;
  return ok({ recordAgreement: agreement.value.recordNow });
}
