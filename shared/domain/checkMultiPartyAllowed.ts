import type { Partner, Partnership } from './partner';
import { ok, refuse, type Result } from './result';

/**
 * A multi-party invitation needs an indirect provider in active partnership with the inviting
 * reseller; `partnership` is what the store found for the pair (undefined when there is none).
 */
export function checkMultiPartyAllowed(
  reseller: Pick<Partner, 'tenantId' | 'kind'>,
  provider: Pick<Partner, 'tenantId' | 'kind'> | undefined,
  partnership: Pick<Partnership, 'providerTenantId' | 'resellerTenantId' | 'status'> | undefined,
): Result<true> {
  if (reseller.kind !== 'indirectReseller') {
    return refuse('partner_kind_not_allowed', 'only an indirect reseller can send a multi-party invitation');
  }
  if (!provider || provider.kind !== 'indirectProvider') {
    return refuse('partner_kind_not_allowed', 'the named partner is not an indirect provider');
  }
  const samePair =
    partnership?.providerTenantId.toLowerCase() === provider.tenantId.toLowerCase() &&
    partnership.resellerTenantId.toLowerCase() === reseller.tenantId.toLowerCase();
  if (!samePair || partnership?.status !== 'active') {
    return refuse('partnership_required', 'there is no active partnership with this indirect provider');
  }
  return ok(true);
}
