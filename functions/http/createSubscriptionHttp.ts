import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { readJsonBody } from '../../shared/http/body';
import { subscriptionDeps } from '../compose/subscriptionsDeps';
import { idempotencyKeySchema } from '../../shared/schemas/common';
import { subscriptionCreateSchema } from '../../shared/schemas/customers';
import { parseInput } from '../../shared/schemas/parse';
import { idParamSchema } from '../../shared/schemas/queries';
import { addSubscription } from '../../shared/subscriptions/addSubscription';

/** POST /api/customers/{id}/subscriptions: 201 with the subscription. */
export async function createSubscriptionHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'subscription.manage');
  const { id } = parseInput(idParamSchema, { ...request.params }, 'path');
  const body = parseInput(subscriptionCreateSchema, await readJsonBody(request));
  const raw = request.headers.get('idempotency-key');
  const key = raw === null ? undefined : parseInput(idempotencyKeySchema, raw, 'Idempotency-Key header');
  return {
    status: 201,
    headers: { 'cache-control': 'no-store' },
    jsonBody: await addSubscription(subscriptionDeps(), caller, id, body, key, new Date()),
  };
}
