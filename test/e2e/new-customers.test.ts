// New customers for resellers and their subscriptions through HTTP on the embedded host: the
// temporary password shown once (absent on the retry, never in the host's logs or in Cosmos), the
// customer in both partners' lists, a taken domain prefix, bad input, every endpoint × partner role
// × own/foreign tenant, and the reseller-of-record and support-contact rules.
import { randomUUID } from 'node:crypto';
import { partnerRoles, can, type Action } from '../../shared/auth/roles';
import { partnershipId } from '../../shared/domain/ids';
import type { Partner } from '../../shared/domain/partner';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { type Seeder, seedRecords } from '../support/seedRecords';

let stack: ProductStack;
let seed: Seeder;

const partner = (name: string, kind: Partner['kind'], mpnId: string): Partner => ({
  tenantId: randomUUID(),
  name,
  kind,
  mpnId,
  country: 'SE',
  cloud: 'public',
});
const PROVIDER = partner('Fabrikam Distribution', 'indirectProvider', '2000001');
const RESELLER = partner('Northwind Resellers', 'indirectReseller', '3000001');
const OTHER_RESELLER = partner('Tailwind Resellers', 'indirectReseller', '3000002');
const FOREIGN_PROVIDER = partner('Litware Distribution', 'indirectProvider', '2000002');
const DIRECT = partner('Contoso Direct', 'direct', '1000001');

const tokenFor = (tenantId: string, roles: string[]) =>
  stack.token({ tenantId, userId: randomUUID(), email: 'someone@partner.example', roles });
const api = async (
  method: string,
  path: string,
  token: string | undefined,
  json?: unknown,
  headers: Record<string, string> = {},
) =>
  call(`${stack.url}/api${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(json !== undefined ? { json } : {}),
  });

let n = 0;
const newCustomer = (o: Record<string, unknown> = {}) => ({
  resellerTenantId: RESELLER.tenantId,
  companyName: 'Tailspin Toys',
  domainPrefix: `tailspin${Date.now() % 100000}${n++}`,
  country: 'SE',
  contact: { firstName: 'Ada', lastName: 'Lind', email: 'ada@tailspin.example' },
  subscriptions: [{ offerId: 'o365-e3', quantity: 25 }],
  ...o,
});

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code?: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code: code ?? res.body?.code });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

async function partnership(provider: string, reseller: string): Promise<void> {
  await seed.container('partnerships').items.upsert({
    id: partnershipId(provider, reseller),
    type: 'partnership',
    providerTenantId: provider,
    resellerTenantId: reseller,
    status: 'active',
    createdAt: new Date().toISOString(),
  });
}

/** A customer created by the provider for the reseller (a Sales agent, as the issue allows). */
async function created(): Promise<string> {
  const r = await api('POST', '/customers', await tokenFor(PROVIDER.tenantId, ['SalesAgent']), newCustomer(), {
    'idempotency-key': randomUUID(),
  });
  expect(r.status).toBe(201);
  return r.body.customerTenantId as string;
}

beforeAll(async () => {
  stack = await startProductStack();
  seed = await seedRecords(stack.env);
  for (const p of [PROVIDER, RESELLER, OTHER_RESELLER, FOREIGN_PROVIDER, DIRECT]) await seed.partner(p);
  await partnership(PROVIDER.tenantId, RESELLER.tenantId);
  await partnership(FOREIGN_PROVIDER.tenantId, OTHER_RESELLER.tenantId);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('POST /api/customers', () => {
  it('creates the customer, shows the password once, and a retry with the same key returns the first result without it', async () => {
    const key = randomUUID();
    const body = newCustomer({
      subscriptions: [
        { offerId: 'o365-e3', quantity: 25 },
        { offerId: 'teams-essentials', quantity: 3 },
      ],
    });
    const token = await tokenFor(PROVIDER.tenantId, ['SalesAgent']);
    const first = await api('POST', '/customers', token, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toMatchObject({
      companyName: 'Tailspin Toys',
      adminUserName: `admin@${body.domainPrefix}.onmicrosoft.example`,
      temporaryPassword: expect.any(String),
    });
    expect(first.body.subscriptions).toHaveLength(2);
    const password = first.body.temporaryPassword as string;
    expect(password.length).toBeGreaterThanOrEqual(16);

    const retry = await api('POST', '/customers', token, body, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.temporaryPassword).toBeUndefined();
    expect(retry.body).toEqual({ ...first.body, temporaryPassword: undefined });
    // Same key, another customer: refused, nothing created.
    expectProblem(
      await api('POST', '/customers', token, { ...body, companyName: 'Other' }, { 'idempotency-key': key }),
      409,
      'conflict',
    );

    const customer = first.body.customerTenantId as string;
    // The provider lists it, naming the reseller; the filter by reseller finds it; the reseller has
    // it with admin access.
    const byProvider = await api(
      'GET',
      `/customers?resellerId=${RESELLER.tenantId}&pageSize=100`,
      await tokenFor(PROVIDER.tenantId, ['AdminAgent']),
    );
    expect(byProvider.status).toBe(200);
    const listed = byProvider.body.items.find((c: { customerTenantId: string }) => c.customerTenantId === customer);
    expect(listed.relationships[0]).toMatchObject({
      kind: 'indirectProvider',
      resellerTenantId: RESELLER.tenantId,
      status: 'active',
    });
    const other = await api(
      'GET',
      `/customers?resellerId=${OTHER_RESELLER.tenantId}`,
      await tokenFor(PROVIDER.tenantId, ['AdminAgent']),
    );
    expect(other.body.items).toEqual([]);
    const byReseller = await api('GET', `/customers/${customer}`, await tokenFor(RESELLER.tenantId, ['AdminAgent']));
    expect(byReseller.status).toBe(200);
    expect(byReseller.body.relationships[0]).toMatchObject({ kind: 'reseller', partnerTenantId: RESELLER.tenantId });
    expect(byReseller.body.grants).toEqual([
      expect.objectContaining({ partnerTenantId: RESELLER.tenantId, status: 'active' }),
    ]);
    const subs = await api(
      'GET',
      `/customers/${customer}/subscriptions`,
      await tokenFor(RESELLER.tenantId, ['HelpdeskAgent']),
    );
    expect(subs.body.items.map((s: { offerId: string }) => s.offerId)).toEqual(['o365-e3', 'teams-essentials']);

    // Never in the host's logs, never stored in clear.
    expect(stack.host.output()).not.toContain(password);
    for (const name of [
      'customerCreations',
      'customers',
      'relationships',
      'domainPrefixes',
      'audit',
      'dueItems',
      'durableInstances',
    ] as const) {
      const all = (await seed.container(name).items.query('SELECT * FROM c').fetchAll()).resources;
      expect(JSON.stringify(all)).not.toContain(password);
    }
  });

  it('answers 409 when the domain prefix is taken', async () => {
    const token = await tokenFor(PROVIDER.tenantId, ['GlobalAdmin']);
    const body = newCustomer();
    expect((await api('POST', '/customers', token, body)).status).toBe(201);
    expectProblem(await api('POST', '/customers', token, { ...body, companyName: 'Someone else' }), 409, 'conflict');
    expectProblem(
      await api('POST', '/customers', await tokenFor(FOREIGN_PROVIDER.tenantId, ['GlobalAdmin']), {
        ...body,
        resellerTenantId: OTHER_RESELLER.tenantId,
      }),
      409,
      'conflict',
    );
  });

  it('refuses bad input with 4xx problem+json', async () => {
    const token = await tokenFor(PROVIDER.tenantId, ['AdminAgent']);
    const bad: Array<[unknown, number, string]> = [
      [{}, 400, 'bad_request'],
      [newCustomer({ domainPrefix: 'no-dashes!' }), 400, 'bad_request'],
      [newCustomer({ subscriptions: [] }), 400, 'bad_request'],
      [newCustomer({ subscriptions: [{ offerId: 'o365-e3', quantity: 0 }] }), 400, 'bad_request'],
      [newCustomer({ extra: true }), 400, 'bad_request'],
      [newCustomer({ resellerTenantId: 'not-a-guid' }), 400, 'bad_request'],
      [newCustomer({ contact: { firstName: 'A', lastName: 'B', email: 'nope' } }), 400, 'bad_request'],
      [newCustomer({ subscriptions: [{ offerId: 'no-such-offer', quantity: 1 }] }), 422, 'validation_failed'],
      [newCustomer({ subscriptions: [{ offerId: 'azure-plan', quantity: 2 }] }), 422, 'validation_failed'],
      [newCustomer({ country: 'US' }), 422, 'region_mismatch'],
      [newCustomer({ resellerTenantId: OTHER_RESELLER.tenantId }), 409, 'partnership_required'],
      [[1, 2], 400, 'bad_request'],
      [null, 400, 'bad_request'],
    ];
    for (const [body, status, code] of bad) expectProblem(await api('POST', '/customers', token, body), status, code);
    expectProblem(
      await api('POST', '/customers', token, undefined, { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    );
    expectProblem(
      await call(`${stack.url}/api/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"x":',
      }),
      400,
      'bad_request',
    );
    expectProblem(
      await api('POST', '/customers', token, newCustomer(), { 'idempotency-key': 'spaces are not allowed' }),
      400,
      'bad_request',
    );
    expectProblem(
      await api('POST', '/customers', await tokenFor(DIRECT.tenantId, ['GlobalAdmin']), newCustomer()),
      422,
      'partner_kind_not_allowed',
    );
    expectProblem(await api('GET', `/customers/not-a-guid/subscriptions`, token), 400, 'bad_request');
    expectProblem(
      await api('PATCH', `/customers/${randomUUID()}/subscriptions/${randomUUID()}`, token, {}),
      400,
      'bad_request',
    );
  });
});

describe('subscriptions', () => {
  it('names a reseller of record or support contact only when it is in active partnership with the provider', async () => {
    const customer = await created();
    const provider = await tokenFor(PROVIDER.tenantId, ['SalesAgent']);
    const added = await api('POST', `/customers/${customer}/subscriptions`, provider, {
      offerId: 'm365-business-premium',
      quantity: 10,
      resellerMpnId: RESELLER.mpnId,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      customerTenantId: customer,
      offerId: 'm365-business-premium',
      quantity: 10,
      resellerMpnId: RESELLER.mpnId,
    });
    expectProblem(
      await api('POST', `/customers/${customer}/subscriptions`, provider, {
        offerId: 'o365-e3',
        quantity: 1,
        resellerMpnId: OTHER_RESELLER.mpnId,
      }),
      409,
      'partnership_required',
    );
    expectProblem(
      await api('POST', `/customers/${customer}/subscriptions`, provider, {
        offerId: 'o365-e3',
        quantity: 1,
        resellerMpnId: '9999999',
      }),
      409,
      'partnership_required',
    );

    const plain = await api(
      'POST',
      `/customers/${customer}/subscriptions`,
      provider,
      { offerId: 'o365-e3', quantity: 3 },
      { 'idempotency-key': 'sub-1' },
    );
    expect(plain.status).toBe(201);
    expect(plain.body.resellerMpnId).toBeUndefined();
    const again = await api(
      'POST',
      `/customers/${customer}/subscriptions`,
      provider,
      { offerId: 'o365-e3', quantity: 3 },
      { 'idempotency-key': 'sub-1' },
    );
    expect(again.body.id).toBe(plain.body.id);

    const path = `/customers/${customer}/subscriptions/${plain.body.id}`;
    const patched = await api('PATCH', path, provider, {
      resellerMpnId: RESELLER.mpnId,
      supportContactMpnId: RESELLER.mpnId,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      resellerMpnId: RESELLER.mpnId,
      supportContactMpnId: RESELLER.mpnId,
      quantity: 3,
    });
    expectProblem(
      await api('PATCH', path, provider, { supportContactMpnId: OTHER_RESELLER.mpnId }),
      409,
      'partnership_required',
    );
    expectProblem(
      await api('PATCH', `/customers/${customer}/subscriptions/${randomUUID()}`, provider, {
        resellerMpnId: RESELLER.mpnId,
      }),
      404,
      'not_found',
    );

    // A removed partnership no longer qualifies.
    await seed.container('partnerships').items.upsert({
      id: partnershipId(PROVIDER.tenantId, RESELLER.tenantId),
      type: 'partnership',
      providerTenantId: PROVIDER.tenantId,
      resellerTenantId: RESELLER.tenantId,
      status: 'removed',
      createdAt: new Date().toISOString(),
    });
    try {
      expectProblem(await api('PATCH', path, provider, { resellerMpnId: RESELLER.mpnId }), 409, 'partnership_required');
      expectProblem(await api('POST', '/customers', provider, newCustomer()), 409, 'partnership_required');
    } finally {
      await partnership(PROVIDER.tenantId, RESELLER.tenantId);
    }
    const list = await api(
      'GET',
      `/customers/${customer}/subscriptions?pageSize=100`,
      await tokenFor(RESELLER.tenantId, ['SalesAgent']),
    );
    expect(list.body.items).toHaveLength(3);
  });
});

describe('every endpoint × partner role × own/foreign tenant', () => {
  type Row = {
    name: string;
    action: Action;
    success: number;
    call: (token: string | undefined, own: boolean) => Promise<{ status: number; headers: Headers; body: any }>;
  };
  let customer: string;
  let subscription: string;
  // A foreign provider's user aims at the same customer: it must not reach it.
  const sub = () => `/customers/${customer}/subscriptions`;
  const rows: Row[] = [
    {
      name: 'createCustomerForReseller',
      action: 'customer.create',
      success: 201,
      call: (t, own) =>
        api('POST', '/customers', t, own ? newCustomer() : newCustomer({ resellerTenantId: RESELLER.tenantId })),
    },
    {
      name: 'createSubscription',
      action: 'subscription.manage',
      success: 201,
      call: (t) => api('POST', sub(), t, { offerId: 'o365-e3', quantity: 1 }),
    },
    { name: 'listSubscriptions', action: 'subscription.read', success: 200, call: (t) => api('GET', sub(), t) },
    {
      name: 'updateSubscription',
      action: 'subscription.manage',
      success: 200,
      call: (t) => api('PATCH', `${sub()}/${subscription}`, t, { supportContactMpnId: RESELLER.mpnId }),
    },
  ];

  beforeAll(async () => {
    customer = await created();
    const r = await api(
      'POST',
      `/customers/${customer}/subscriptions`,
      await tokenFor(PROVIDER.tenantId, ['AdminAgent']),
      { offerId: 'o365-e3', quantity: 2 },
    );
    subscription = r.body.id;
  });

  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const outcomes: string[] = [];
    for (const role of partnerRoles) {
      for (const own of [true, false]) {
        const tenant = own ? PROVIDER.tenantId : FOREIGN_PROVIDER.tenantId;
        const res = await row.call(await tokenFor(tenant, [role]), own);
        const allowed = own && can([role], row.action);
        const ok = allowed
          ? res.status === row.success
          : res.status >= 400 && res.status < 500 && /problem\+json/.test(res.headers.get('content-type') ?? '');
        if (!ok)
          outcomes.push(`${role}@${own ? 'own' : 'foreign'}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        if (!own && can([role], row.action)) expect([404, 409]).toContain(res.status);
        if (!can([role], row.action)) expect(res.status).toBe(403);
      }
    }
    expectProblem(await row.call(undefined, true), 401, 'unauthenticated');
    expectProblem(
      await row.call(
        await stack.token({
          tenantId: customer,
          userId: randomUUID(),
          email: 'admin@tailspin.example',
          wids: ['62e90394-69f5-4237-9190-012177145e10'],
        }),
        true,
      ),
      403,
      'forbidden',
    );
    expect(outcomes).toEqual([]);
  });

  it('a Sales agent may create customers and subscriptions; a User management admin may do nothing here', () => {
    for (const a of ['customer.create', 'subscription.manage', 'subscription.read'] as const) {
      expect(can(['SalesAgent'], a)).toBe(true);
      expect(can(['UserManagementAdmin'], a)).toBe(false);
    }
  });
});
