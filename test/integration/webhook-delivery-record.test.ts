// A webhook attempt whose post was answered 2xx must not fail on the first store fault of its
// record: the orchestration's retry would post the same event again. The soak (test/soak/LOG.md,
// meanness 4) counted about one redelivery in ten, most after a fault on this write. Here the real
// SDK against the Cosmos stand-in, its faults injected on the record's writes.
import type { CosmosClient } from '@azure/cosmos';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { ensureContainers } from '../../shared/store/ensureContainers';
import { makeAttemptDelivery } from '../../shared/webhooks/deliver';
import type { DeliverDeps } from '../../shared/webhooks/ports';
import { cosmosDeliveryStore, cosmosWebhookStore, type WebhookDelivery } from '../../shared/webhooks/store';
import { startCosmos } from '../support/hostProcess';

const TENANT = '5a5a5a5a-1111-4111-8111-111111111111';
let cosmos: LocalCosmos;
let client: CosmosClient;
let deps: DeliverDeps;
const posts: string[] = [];

beforeAll(async () => {
  const started = await startCosmos();
  cosmos = started.cosmos;
  client = createCosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, caCertFile: cosmos.caCertFile });
  await ensureContainers(client, started.env.COSMOS_DATABASE as string);
  const db = client.database(started.env.COSMOS_DATABASE as string);
  deps = {
    endpoints: cosmosWebhookStore(db.container(containers.webhooks.id)),
    deliveries: cosmosDeliveryStore(db.container(containers.webhookDeliveries.id)),
    post: async (_url, body) => {
      posts.push(body);
      return { kind: 'answered', status: 204, latencyMs: 3, bytesRead: 0 };
    },
    guard: {},
    now: () => new Date(),
  };
  const at = new Date().toISOString();
  await deps.endpoints.create({
    id: 'ep-1',
    tenantId: TENANT,
    audience: 'partner',
    url: 'https://receiver.example/hooks',
    events: ['invitation.accepted'],
    description: 'portal',
    status: 'enabled',
    secrets: [{ secret: `whsec_${Buffer.alloc(24, 7).toString('base64')}`, createdAt: at }],
    createdAt: at,
    updatedAt: at,
    generation: 1,
  });
}, 60_000);

afterAll(async () => {
  client?.dispose();
  await cosmos?.close();
});

let n = 0;
async function pendingDelivery(): Promise<WebhookDelivery> {
  const d: WebhookDelivery = {
    id: `evt-${++n}`,
    endpointId: 'ep-1',
    tenantId: TENANT,
    eventId: `evt-${n}`,
    eventType: 'invitation.accepted',
    payload: JSON.stringify({ id: `evt-${n}`, type: 'invitation.accepted' }),
    status: 'pending',
    attempts: 0,
    createdAt: new Date().toISOString(),
  };
  await deps.deliveries.create(d);
  return d;
}

const attempt = (d: WebhookDelivery) =>
  makeAttemptDelivery(deps)({ tenantId: TENANT, endpointId: 'ep-1', deliveryId: d.id, nextRetryAt: undefined });

afterEach(() => cosmos.faults.clear());

test.each(['408', '503', 'reset'] as const)(
  'a %s on the record of a 2xx is written again at once: delivered, posted once',
  async (fault) => {
    const d = await pendingDelivery();
    posts.length = 0;
    cosmos.faults.set({ rules: [{ fault, containers: ['webhookDeliveries'], operations: ['replace'], count: 2 }] });
    expect(await attempt(d)).toEqual({ outcome: 'delivered', status: 204 });
    expect(posts).toHaveLength(1);
    expect((await deps.deliveries.get('ep-1', d.id))?.doc).toMatchObject({ status: 'delivered', attempts: 1 });
    // The orchestration's next step finds it delivered and posts nothing.
    expect(await attempt(d)).toEqual({ outcome: 'delivered', status: 204 });
    expect(posts).toHaveLength(1);
  },
  30_000,
);

test('a record applied whose answer was lost counts the attempt once', async () => {
  const d = await pendingDelivery();
  cosmos.faults.set({
    rules: [{ fault: 'appliedButLost', containers: ['webhookDeliveries'], operations: ['replace'], count: 1 }],
  });
  expect(await attempt(d)).toEqual({ outcome: 'delivered', status: 204 });
  expect((await deps.deliveries.get('ep-1', d.id))?.doc).toMatchObject({ status: 'delivered', attempts: 1 });
}, 30_000);
