import { ok, refuse, type Result } from '../domain/result';

/** An offer of the catalog: what a subscription names, and the license counts it allows. */
export interface Offer {
  id: string;
  name: string;
  minQuantity: number;
  maxQuantity: number;
}

/** The catalog, kept as data: a few offers a provider may put on a new customer's subscriptions. */
export const offers: readonly Offer[] = Object.freeze([
  { id: 'm365-business-basic', name: 'Microsoft 365 Business Basic', minQuantity: 1, maxQuantity: 300 },
  { id: 'm365-business-premium', name: 'Microsoft 365 Business Premium', minQuantity: 1, maxQuantity: 300 },
  { id: 'o365-e3', name: 'Office 365 E3', minQuantity: 1, maxQuantity: 10_000 },
  { id: 'teams-essentials', name: 'Microsoft Teams Essentials', minQuantity: 1, maxQuantity: 300 },
  { id: 'azure-plan', name: 'Azure plan', minQuantity: 1, maxQuantity: 1 },
]);

/** The offer with this id, if the catalog has it. */
export function findOffer(offerId: string): Offer | undefined {
  return offers.find((o) => o.id === offerId);
}

/** A subscription line is allowed: the offer exists and the license count is within its range. */
export function checkLine(line: { offerId: string; quantity: number }): Result<Offer> {
  const offer = findOffer(line.offerId);
  if (!offer) return refuse('validation_failed', `There is no offer "${line.offerId}" in the catalog.`);
  if (line.quantity < offer.minQuantity || line.quantity > offer.maxQuantity) {
    return refuse('validation_failed', `${offer.name} takes ${offer.minQuantity} to ${offer.maxQuantity} licenses.`);
  }
  return ok(offer);
}
