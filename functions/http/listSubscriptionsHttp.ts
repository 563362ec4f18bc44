import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { queryOf } from '../../shared/http/request';
import { subscriptionDeps } from '../compose/subscriptionsDeps';
import { parseInput } from '../../shared/schemas/parse';
import { idParamSchema, pageQuerySchema } from '../../shared/schemas/queries';
import { listSubscriptions } from '../../shared/subscriptions/listSubscriptions';

/** GET /api/customers/{id}/subscriptions: a page of the customer's subscriptions. */
export async function listSubscriptionsHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'subscription.read');
  const { id } = parseInput(idParamSchema, { ...request.params }, 'path');
  const query = parseInput(pageQuerySchema, queryOf(request), 'query');
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: await listSubscriptions(subscriptionDeps(), caller, id, query),
  };
}
