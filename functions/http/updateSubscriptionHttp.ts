import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { subscriptionDeps } from '../compose/subscriptionsDeps';
import { subscriptionPatchSchema } from '../../shared/schemas/customers';
import { parseInput } from '../../shared/schemas/parse';
import { subscriptionParamsSchema } from '../../shared/schemas/queries';
import { updateSubscription } from '../../shared/subscriptions/updateSubscription';

/** PATCH /api/customers/{id}/subscriptions/{subscriptionId}: reseller of record and/or support contact. */
export async function updateSubscriptionHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'subscription.manage');
  const { id, subscriptionId } = parseInput(subscriptionParamsSchema, { ...request.params }, 'path');
  const patch = parseInput(subscriptionPatchSchema, await readJsonBody(request));
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: await updateSubscription(subscriptionDeps(), caller, id, subscriptionId, patch),
  };
}
