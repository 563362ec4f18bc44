import { createHash } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { checkLine } from '../catalog/offers';
import { checkSameRegion } from '../domain/checkSameRegion';
import {
  adminUserNameOf,
  creationSubscriptionId,
  type CustomerCreation,
  newCustomerTenantId,
} from '../domain/customerCreation';
import { userActor } from '../domain/invitation';
import { unwrap } from '../http/errors';
import { AppError } from '../http/errors';
import type { NewCustomer } from '../schemas/customers';
import type { CreationDeps } from './ports';

/** SHA-256 of the parsed request: a retry must ask for the same customer. */
export const requestHash = (body: NewCustomer): string =>
  createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * The rules before anything is written: the caller is an indirect provider, the customer is in its
 * country or region, every subscription line is in the catalog, the reseller is in active partnership.
 */
export async function checkNewCustomer(
  d: Pick<CreationDeps, 'partners' | 'partnerships'>,
  caller: Caller,
  body: NewCustomer,
): Promise<void> {
  const profile = (await d.partners.get(caller.tenantId))?.partner;
  if (profile?.kind !== 'indirectProvider') {
    throw new AppError(
      'partner_kind_not_allowed',
      'Only an indirect provider (with its partner profile set) adds customers for resellers.',
    );
  }
  unwrap(checkSameRegion(profile.country, body.country));
  for (const line of body.subscriptions) unwrap(checkLine(line));
  if (!(await d.partnerships.isActive(caller.tenantId, body.resellerTenantId))) {
    throw new AppError('partnership_required', 'The reseller is not in active partnership with you.');
  }
}

/** The creation record of a first attempt: pending, open, every id derived from the creation id. */
export function pendingCreation(caller: Caller, body: NewCustomer, id: string, now: Date): CustomerCreation {
  return {
    id,
    providerTenantId: caller.tenantId,
    resellerTenantId: body.resellerTenantId,
    customerTenantId: newCustomerTenantId(id),
    domainPrefix: body.domainPrefix,
    adminUserName: adminUserNameOf(body.domainPrefix),
    companyName: body.companyName,
    country: body.country,
    contact: body.contact,
    subscriptions: body.subscriptions.map((s, n) => ({
      id: creationSubscriptionId(id, n),
      offerId: s.offerId,
      quantity: s.quantity,
    })),
    requestHash: requestHash(body),
    state: 'pending',
    open: true,
    createdBy: userActor(caller),
    startedAt: now.toISOString(),
  };
}
