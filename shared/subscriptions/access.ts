import { findRelationship } from '../customers/findRelationship';
import { AppError } from '../http/errors';
import type { SubscriptionDeps } from './deps';

/**
 * The caller's active relationship with the customer, read in the caller's own partition: another
 * partner's customer is not found (404), never its subscriptions.
 */
export async function requireActiveCustomer(d: Pick<SubscriptionDeps, 'records'>, partnerTenantId: string, customerTenantId: string): Promise<void> {
  const found = await findRelationship(d.records, partnerTenantId, customerTenantId);
  if (found.doc.status !== 'active') throw new AppError('not_found', 'You have no active relationship with this customer.');
}

/** A reseller named by MPN id must be in active partnership with the caller (a provider). */
export async function requirePartnerReseller(d: Pick<SubscriptionDeps, 'partnerships'>, providerTenantId: string, mpnId: string): Promise<void> {
  if (!(await d.partnerships.byMpnId(providerTenantId, mpnId))) {
    throw new AppError('partnership_required', `No reseller with MPN id ${mpnId} is in active partnership with you.`);
  }
}
