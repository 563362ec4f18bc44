import { findRelationship } from '../customers/findRelationship';
import type { Subscription } from '../domain/customerCreation';
import { AppError } from '../http/errors';
import type { RelationshipDoc } from '../store/records';
import type { SubscriptionDeps } from './ports';

/**
 * The caller's active relationship with the customer, read in the caller's own partition: another
 * partner's customer is not found (404), never its subscriptions.
 */
export async function requireActiveCustomer(
  d: Pick<SubscriptionDeps, 'records'>,
  partnerTenantId: string,
  customerTenantId: string,
): Promise<RelationshipDoc> {
  const found = await findRelationship(d.records, partnerTenantId, customerTenantId);
  if (found.doc.status !== 'active')
    throw new AppError('not_found', 'You have no active relationship with this customer.');
  return found.doc;
}

/**
 * Only the partner that transacts for the customer owns its subscriptions: a direct partner, or the
 * indirect provider of a reseller's customer. An indirect reseller's orders go through its provider.
 */
export async function requireTransactingPartner(
  d: Pick<SubscriptionDeps, 'partners'>,
  relationship: RelationshipDoc,
): Promise<void> {
  if (relationship.kind === 'indirectProvider') return;
  const kind = (await d.partners.get(relationship.partnerTenantId))?.partner.kind;
  if (kind !== 'direct') {
    throw new AppError(
      'partner_kind_not_allowed',
      "Subscriptions for an indirect reseller's customers are added by its indirect provider.",
    );
  }
}

/** The reseller's tenant, when the one named by MPN id is in active partnership with the caller (a provider). */
export async function requirePartnerReseller(
  d: Pick<SubscriptionDeps, 'partnerships'>,
  providerTenantId: string,
  mpnId: string,
): Promise<string> {
  const tenant = await d.partnerships.byMpnId(providerTenantId, mpnId);
  if (!tenant)
    throw new AppError('partnership_required', `No reseller with MPN id ${mpnId} is in active partnership with you.`);
  return tenant;
}

/** Who may read a subscription: its owner and the resellers it names. */
export function mayRead(s: Subscription, tenantId: string): boolean {
  const t = tenantId.toLowerCase();
  return [s.ownerTenantId, s.resellerTenantId, s.supportContactTenantId].some((x) => x?.toLowerCase() === t);
}
