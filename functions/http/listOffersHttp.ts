import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { offers } from '../../shared/catalog/offers';

/** GET /api/offers: the offer catalog a subscription's `offerId` names, with the license counts each allows. */
export async function listOffersHttp(request: HttpRequest): Promise<HttpResponseInit> {
  await authorize(request, 'subscription.read');
  const items = offers.map(({ id, name, minQuantity, maxQuantity }) => ({ id, name, minQuantity, maxQuantity }));
  return { status: 200, headers: { 'cache-control': 'private, max-age=3600' }, jsonBody: { items } };
}
