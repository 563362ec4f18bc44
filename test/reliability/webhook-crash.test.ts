// Events under host crashes (issue 16, "No event lost or invented"): invitations of the demo
// partner are created (Idempotency-Keys, retried as a portal would when the host died under the
// request) and a third revoked, while the host is SIGKILLed at random moments (during the creates,
// the revokes and the deliveries) and restarted on the same Cosmos database. At the end every
// catalogue entry in the partner's audit trail has reached the subscribed receiver under its event
// id, verified by the Standard Webhooks reference library; no id arrived that no entry explains;
// an id may arrive more than once only as a redelivery (at least once), with the same body.
import { randomUUID } from 'node:crypto';
import { contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { eventIdOf, eventTypeOf } from '../../shared/webhooks/outbox';
import { enrolPartner, operatorAuth } from '../support/enrolment';
import { call } from '../support/hostProcess';
import { between, prng } from '../support/prng';
import { type ProductStack, startProductStack } from '../support/productStack';
import { type Receiver, startReceiver, verifyDelivery } from '../support/webhookReceiver';

const SEED = Number(process.env.CRASH_SEED ?? 20261216);
const N = 18;
const TYPES = ['invitation.created', 'invitation.emailed', 'invitation.revoked'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const partnerAdmin = demoUsers.find(
  (u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin'),
) as DemoUser;

let stack: ProductStack;
let receiver: Receiver;

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

test(`seed ${SEED}: every event of the trail delivered under its id, none invented, through SIGKILLs`, async () => {
  const rnd = prng(SEED);
  receiver = await startReceiver();
  stack = await startProductStack({ INVITER_SENDS_PER_HOUR: '0', WEBHOOK_ALLOW_LOCAL_HTTP: 'true' });
  const kills: string[] = [];
  const crash = async (phase: string): Promise<void> => {
    await stack.host.kill();
    await stack.restartHost({ kill: true });
    kills.push(phase);
  };
  /** A portal's call: sent again as it was when the host died under it. */
  const portal = async (path: string, init: RequestInit & { json?: unknown }) => {
    for (let i = 0; ; i++) {
      try {
        return await call(`${stack.url}${path}`, init);
      } catch (e) {
        if (i > 400) throw e;
        await sleep(50);
      }
    }
  };

  const admin = await stack.bearer(partnerAdmin);
  await enrolPartner(stack.url, await operatorAuth(stack), contosoDirect);
  const reg = await portal('/api/webhooks', { headers: admin, json: { url: receiver.url('/crash'), events: TYPES } });
  expect(reg.status).toBe(201);
  const secret = reg.body.secret as string;
  // Let the publisher take its first checkpoint before the workload.
  await sleep(1500);

  // 1. Creates, all at once, killed after a random number of them answered.
  let answered = 0;
  const keys = Array.from({ length: N }, () => randomUUID());
  const creating = Promise.all(
    keys.map(async (key, i) => {
      const r = await portal('/api/invitations', {
        headers: { ...admin, 'idempotency-key': key },
        json: { recipientEmail: `crash${i}@adatum.example`, includeDelegatedAdmin: false },
      });
      answered++;
      return r;
    }),
  );
  const k = between(rnd, 0, N - 1);
  for (const until = Date.now() + 20_000; answered < k && Date.now() < until;) await sleep(10);
  await crash('creating');
  const created = await creating;
  const ids = created.map((r) => {
    expect([201, 202]).toContain(r.status);
    return r.body.id as string;
  });

  // 2. Revokes of a third, killed midway.
  const toRevoke = ids.filter((_, i) => i % 3 === 0);
  const revoking = Promise.all(
    toRevoke.map((id) => portal(`/api/invitations/${id}/revoke`, { method: 'POST', headers: admin })),
  );
  await sleep(between(rnd, 0, 200));
  await crash('revoking');
  await revoking;

  // 3. A kill while deliveries are under way.
  await sleep(between(rnd, 200, 1200));
  await crash('delivering');

  // The trail's catalogue entries, read straight from Cosmos: what must have been published.
  const client = createCosmosClient({
    endpoint: stack.env.COSMOS_ENDPOINT as string,
    key: stack.env.COSMOS_KEY as string,
    caCertFile: stack.env.COSMOS_CA_CERT_FILE as string,
  });
  const audit = client.database(stack.env.COSMOS_DATABASE as string).container(containers.audit.id);
  const expected = async () => {
    const { resources } = await audit.items
      .query<{ id: string; action: string }>({
        query: 'SELECT c.id, c.action FROM c WHERE c.tenantId = @t',
        parameters: [{ name: '@t', value: contosoDirect.tenantId }],
      })
      .fetchAll();
    return new Map(
      resources.filter((e) => TYPES.includes(eventTypeOf(e.action) ?? '')).map((e) => [eventIdOf(e.id), e.action]),
    );
  };
  const want = await stack.until('every event delivered', async () => {
    const w = await expected();
    const got = new Set(receiver.forPath('/crash').map((r) => String(r.headers['webhook-id'])));
    const created = [...w.values()].filter((a) => a === 'invitation.created').length;
    return created === N && [...w.keys()].every((id) => got.has(id)) ? w : undefined;
  });

  const received = receiver.forPath('/crash');
  const bodies = new Map<string, string>();
  let redeliveries = 0;
  for (const r of received) {
    const id = String(r.headers['webhook-id']);
    const event = verifyDelivery(secret, r);
    expect(event.id).toBe(id);
    expect(want.get(id)).toBe(event.type); // none invented: every id is an entry of the trail, of its type
    if (bodies.has(id)) {
      redeliveries++;
      expect(r.body).toBe(bodies.get(id));
    } else bodies.set(id, r.body);
  }
  expect(bodies.size).toBe(want.size);
  expect([...want.values()].filter((a) => a === 'invitation.revoked')).toHaveLength(toRevoke.length);
  console.log(
    `webhook crash: ${kills.length} kills (${kills.join(', ')}), ${want.size} events, ${received.length} deliveries (${redeliveries} redeliveries of the same id)`,
  );
}, 300_000);
