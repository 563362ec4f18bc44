// Webhook events of the indirect channel (issue 16), through HTTP on the product stack to a real
// receiver on loopback, verified with the Standard Webhooks reference library and checked against
// the `webhooks` entries of the served OpenAPI document: partnership.requested|created|removed,
// customer.created (each partner its own view of the new customer, never the temporary password),
// subscription.updated, and invitation.accepted seen by both sides. Each event's data carries the
// resource's view as that tenant's API shows it.
import { randomUUID } from 'node:crypto';
import { fabrikamDistribution, northwindResellers } from '../../infra/local/identity/demoDirectory';
import { type IndirectWorld, setUpIndirectWorld } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';
import { documentedEvents, type Receiver, startReceiver, verifyDelivery } from '../support/webhookReceiver';

let w: IndirectWorld;
let receiver: Receiver;
let violations: (event: { type: string }) => string[];
const endpoints: Record<'provider' | 'reseller', { path: string; secret: string }> = {} as never;
const TYPES = [
  'invitation.accepted',
  'partnership.requested',
  'partnership.created',
  'partnership.removed',
  'customer.created',
  'subscription.created',
  'subscription.updated',
];

/** The events an endpoint got so far, each verified with its secret. */
const eventsAt = (who: 'provider' | 'reseller'): any[] =>
  receiver.forPath(endpoints[who].path).map((r) => verifyDelivery(endpoints[who].secret, r));

/** Waits until the endpoint has an event of the type matching `pick`; returns it. */
async function eventAt(
  who: 'provider' | 'reseller',
  type: string,
  pick: (e: any) => boolean = () => true,
): Promise<any> {
  return w.until(`${type} at the ${who}`, async () => eventsAt(who).find((e) => e.type === type && pick(e)));
}

beforeAll(async () => {
  receiver = await startReceiver();
  w = await setUpIndirectWorld(await startProductStack({ WEBHOOK_ALLOW_LOCAL_HTTP: 'true' }));
  violations = await documentedEvents(w.stack.url);
  for (const [who, tenant] of [
    ['provider', fabrikamDistribution],
    ['reseller', northwindResellers],
  ] as const) {
    const path = `/indirect-${who}`;
    const r = await w.api('webhooks', {
      headers: await w.partner(tenant, 'GlobalAdmin'),
      json: { url: receiver.url(path), events: TYPES },
    });
    if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
    endpoints[who] = { path, secret: r.body.secret };
  }
}, 180_000);

afterAll(async () => {
  await w?.stack.stop();
  await receiver?.close();
});

test('a partnership request, accepted: the provider hears it requested and created, the reseller created; the acceptance is one event with two views (the provider its invitation, the reseller its answer)', async () => {
  const invitationId = await w.partnership(fabrikamDistribution, northwindResellers);
  const requested = await eventAt('provider', 'partnership.requested', (e) => e.data.invitationId === invitationId);
  expect(requested).toMatchObject({
    subject: `invitation/${invitationId}`,
    data: {
      change: 'partnership.requested',
      invitation: { id: invitationId, kind: 'partnership', partnerTenantId: fabrikamDistribution.tenantId },
    },
  });
  expect(requested.data.invitation.tokenHash).toBeUndefined();
  const partnership = {
    providerTenantId: fabrikamDistribution.tenantId,
    resellerTenantId: northwindResellers.tenantId,
    status: 'active',
    invitationId,
  };
  for (const who of ['provider', 'reseller'] as const) {
    const created = await eventAt(who, 'partnership.created', (e) => e.data.invitationId === invitationId);
    expect(created.data).toMatchObject({ change: 'partnership.created', partnership });
  }
  // The request is not in the reseller's trail (it is the provider's invitation): nothing to hear.
  expect(eventsAt('reseller').some((e) => e.type === 'partnership.requested')).toBe(false);
  // The acceptance, one event id, two views: the provider its invitation (as GET
  // /api/invitations/{id} shows it), the reseller that answered only its answer (as the accept
  // response showed it; it may not read the invitation).
  const byProvider = await eventAt('provider', 'invitation.accepted', (e) => e.data.invitationId === invitationId);
  const byReseller = await eventAt('reseller', 'invitation.accepted', (e) => e.data.invitationId === invitationId);
  expect(byReseller.id).toBe(byProvider.id);
  expect(byProvider.data.invitation).toMatchObject({
    id: invitationId,
    kind: 'partnership',
    status: 'accepted',
    recipientEmail: expect.any(String),
    timeline: expect.any(Array),
  });
  expect(byReseller.data.invitation).toEqual({
    invitationId,
    status: 'accepted',
    answeredAt: byProvider.data.invitation.answeredAt,
    partner: { name: fabrikamDistribution.name },
  });
});

test('customer.created reaches the provider and the reseller, each with its own view of the new customer, never the temporary password; subscription.updated follows a PATCH', async () => {
  const provider = await w.partner(fabrikamDistribution, 'GlobalAdmin');
  const body = {
    resellerTenantId: northwindResellers.tenantId,
    companyName: 'Tailspin Toys',
    domainPrefix: `tailspin${Date.now() % 100000}`,
    country: 'US',
    contact: { firstName: 'Ada', lastName: 'Lind', email: 'ada@tailspin.example' },
    subscriptions: [{ offerId: 'o365-e3', quantity: 25 }],
  };
  const r = await w.api('customers', { headers: { ...provider, 'idempotency-key': randomUUID() }, json: body });
  expect(r.status).toBe(201);
  const customerTenantId = r.body.customerTenantId as string;
  const password = r.body.temporaryPassword as string;
  expect(password.length).toBeGreaterThan(0);

  const atProvider = await eventAt('provider', 'customer.created', (e) => e.data.customerId === customerTenantId);
  const atReseller = await eventAt('reseller', 'customer.created', (e) => e.data.customerId === customerTenantId);
  expect(atProvider.id).toBe(atReseller.id); // one change, one event id, each tenant its own copy
  // The provider's view: as its GET /api/customers/{id} shows it, naming the reseller.
  const providerView = (await w.api(`customers/${customerTenantId}`, { headers: provider })).body;
  expect(atProvider.data.customer).toEqual(providerView);
  expect(atProvider.data.customer).toMatchObject({
    customerTenantId,
    companyName: 'Tailspin Toys',
    reseller: { tenantId: northwindResellers.tenantId },
    relationships: [{ kind: 'indirectProvider' }],
  });
  // The reseller's: its own relationship and the admin access it was given.
  const resellerView = (
    await w.api(`customers/${customerTenantId}`, { headers: await w.partner(northwindResellers, 'GlobalAdmin') })
  ).body;
  expect(atReseller.data.customer).toEqual(resellerView);
  expect(atReseller.data.customer).toMatchObject({
    customerTenantId,
    relationships: [{ kind: 'reseller', partnerTenantId: northwindResellers.tenantId }],
  });
  expect(atReseller.data.customer.grants).toHaveLength(1);
  for (const who of ['provider', 'reseller'] as const) {
    const text = receiver
      .forPath(endpoints[who].path)
      .map((x) => x.body)
      .join('\n');
    expect(text).not.toContain(password);
    expect(text).not.toMatch(/temporaryPassword|tokenHash|whsec_/);
  }

  // The provider names the reseller as the support contact: both hear subscription.updated.
  const subscriptionId = r.body.subscriptions[0].id as string;
  const patched = await w.api(`customers/${customerTenantId}/subscriptions/${subscriptionId}`, {
    method: 'PATCH',
    headers: provider,
    json: { supportContactMpnId: northwindResellers.mpnId },
  });
  expect(patched.status).toBe(200);
  for (const who of ['provider', 'reseller'] as const) {
    const updated = await eventAt(who, 'subscription.updated', (e) => e.data.subscriptionId === subscriptionId);
    expect(updated).toMatchObject({
      subject: `subscription/${subscriptionId}`,
      data: { change: 'subscription.updated', subscription: patched.body },
    });
  }
});

test('removing the partnership tells both sides, with the partnership now removed', async () => {
  const removed = await w.api(`indirect-resellers/${northwindResellers.tenantId}`, {
    method: 'DELETE',
    headers: await w.partner(fabrikamDistribution, 'AdminAgent'),
  });
  expect(removed.status).toBe(200);
  for (const who of ['provider', 'reseller'] as const) {
    const e = await eventAt(who, 'partnership.removed');
    expect(e).toMatchObject({
      subject: `partnership/${removed.body.removed.id}`,
      data: { change: 'partnership.removed', partnership: removed.body.removed },
    });
  }
});

test('every event delivered is as the OpenAPI document describes its type, and none twice', async () => {
  for (const who of ['provider', 'reseller'] as const) {
    const events = eventsAt(who);
    expect(events.length).toBeGreaterThan(0);
    expect(events.flatMap((e) => violations(e))).toEqual([]);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  }
});
