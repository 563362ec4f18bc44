import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { queryOf } from '../../shared/http/request';
import { readJsonBody } from '../../shared/http/body';
import { AppError } from '../../shared/http/errors';
import { parseInput } from '../../shared/schemas/parse';
import { authorizeWebhooks } from '../../shared/webhooks/authorizeWebhooks';
import { cloudEvent, TEST_EVENT_TYPE } from '../../shared/webhooks/events';
import * as m from '../../shared/webhooks/manageWebhooks';
import { replayMissed } from '../../shared/webhooks/replay';
import { enqueueDelivery } from '../../shared/webhooks/deliveryOrchestration';
import {
  webhookCreateSchema,
  webhookIdParamSchema,
  webhookPageQuerySchema,
  webhookPatchSchema,
  webhookReplaySchema,
} from '../../shared/webhooks/schemas';
import { config } from '../../shared/config';
import { idempotencyKeyOf } from './issuingEndpoint';
import { enqueueDeps, manageWebhooksDeps } from '../compose/webhooksDeps';

const deps = manageWebhooksDeps;
const noStore = { 'cache-control': 'no-store' };
const idOf = (request: HttpRequest) => parseInput(webhookIdParamSchema, { ...request.params }, 'path').id;

/** POST /api/webhooks: 201 with the signing secret, shown this once (a repeated Idempotency-Key: 200, the same). */
export async function createWebhookHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const who = await authorizeWebhooks(request, 'manage');
  const input = parseInput(webhookCreateSchema, await readJsonBody(request));
  const { created, ...endpoint } = await m.createWebhook(deps(), who, input, idempotencyKeyOf(request));
  return {
    status: created ? 201 : 200,
    headers: {
      ...noStore,
      location: `/api/webhooks/${endpoint.id}`,
      ...(created ? {} : { 'idempotent-replayed': 'true' }),
    },
    jsonBody: endpoint,
  };
}

export async function listWebhooksHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const who = await authorizeWebhooks(request, 'read');
  const q = parseInput(webhookPageQuerySchema, queryOf(request), 'query');
  return {
    status: 200,
    headers: noStore,
    jsonBody: await m.listWebhooks(deps(), who, q.pageSize, q.continuationToken),
  };
}

export async function getWebhookHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const who = await authorizeWebhooks(request, 'read');
  return { status: 200, headers: noStore, jsonBody: await m.getWebhook(deps(), who, idOf(request)) };
}

export async function patchWebhookHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const who = await authorizeWebhooks(request, 'manage');
  const id = idOf(request);
  const patch = parseInput(webhookPatchSchema, await readJsonBody(request));
  return { status: 200, headers: noStore, jsonBody: await m.patchWebhook(deps(), who, id, patch) };
}

export async function deleteWebhookHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const who = await authorizeWebhooks(request, 'manage');
  await m.deleteWebhook(deps(), who, idOf(request));
  return { status: 204, headers: noStore };
}

export async function rotateWebhookSecretHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const who = await authorizeWebhooks(request, 'manage');
  return { status: 200, headers: noStore, jsonBody: await m.rotateWebhookSecret(deps(), who, idOf(request)) };
}

export async function listWebhookDeliveriesHttp(request: HttpRequest): Promise<HttpResponseInit> {
  const who = await authorizeWebhooks(request, 'read');
  const id = idOf(request);
  const q = parseInput(webhookPageQuerySchema, queryOf(request), 'query');
  return {
    status: 200,
    headers: noStore,
    jsonBody: await m.listDeliveries(deps(), who, id, q.pageSize, q.continuationToken),
  };
}

/** POST /api/webhooks/{id}/test: a `webhook.test` event, delivered like any other. */
export async function testWebhookHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const who = await authorizeWebhooks(request, 'manage');
  const id = idOf(request);
  const d = deps();
  const endpoint = (await m.loadWebhook(d, who, id)).doc;
  if (endpoint.status !== 'enabled')
    throw new AppError('conflict', 'The endpoint is disabled; re-enable it with PATCH first.');
  const now = new Date();
  const event = cloudEvent({
    id: `test_${randomUUID().replace(/-/g, '')}`,
    source: `${config().PUBLIC_BASE_URL}/api/webhooks/${id}`,
    type: TEST_EVENT_TYPE,
    subject: id,
    time: now.toISOString(),
    data: { endpointId: id, message: 'A test event sent with POST /api/webhooks/{id}/test.' },
  });
  await enqueueDelivery(enqueueDeps(context), endpoint, event);
  return {
    status: 202,
    headers: { ...noStore, location: `/api/webhooks/${id}/deliveries` },
    jsonBody: { queued: 1, eventIds: [event.id] },
  };
}

/** POST /api/webhooks/{id}/replay {since}: sends again what the endpoint missed since then. */
export async function replayWebhookHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const who = await authorizeWebhooks(request, 'manage');
  const id = idOf(request);
  const { since } = parseInput(webhookReplaySchema, await readJsonBody(request));
  const d = deps();
  const endpoint = (await m.loadWebhook(d, who, id)).doc;
  if (endpoint.status !== 'enabled')
    throw new AppError('conflict', 'The endpoint is disabled; re-enable it with PATCH first.');
  const eventIds = await replayMissed(enqueueDeps(context), endpoint, since);
  return {
    status: 202,
    headers: { ...noStore, location: `/api/webhooks/${id}/deliveries` },
    jsonBody: { queued: eventIds.length, eventIds },
  };
}
