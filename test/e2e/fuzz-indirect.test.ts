// Fuzzed bad input for the indirect channel (every row of test/support/routeTableIndirect.ts), the
// new-customer and subscription endpoints, and the answers to the two new invitation kinds, with
// the generators of test/e2e/fuzz.test.ts (test/support/fuzzInputs.ts), through HTTP on the product
// stack: bad bodies, queries, path ids, content types and Idempotency-Key headers. Every answer must
// be a 4xx problem+json with a string `code`, never a 5xx, and what the API shows of the seeded
// world must be identical before and after: both partners' reseller and provider lists,
// invitations, customers and subscriptions, the customer's partners, and the audit logs.
//   FUZZ_SEED=<n> and FUZZ_RUNS=<n> replay or widen a run.
import fc from 'fast-check';
import {
  adatumCorp,
  contosoDirect,
  fabrikamDistribution,
  northwindResellers,
  woodgroveReseller,
} from '../../infra/local/identity/demoDirectory';
import { type Reply } from '../support/apiWorld';
import {
  badBody,
  badId,
  badIdempotencyKey,
  badQuery,
  type FuzzRequest,
  IGNORABLE_TOKEN,
  ignoredTokenVerdict,
  verdict,
} from '../support/fuzzInputs';
import { call } from '../support/hostProcess';
import { type IndirectWorld, roleUser, setUpIndirectWorld, user } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';
import { indirectRouteTable } from '../support/routeTableIndirect';

const SEED = Number(process.env.FUZZ_SEED ?? 20250612);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

const adatumAdmin = user(adatumCorp.tenantId, (u) => (u.wids?.length ?? 0) > 0);
const northwindAdmin = roleUser(northwindResellers, 'GlobalAdmin');

/** The seeded resources the rows act on. */
interface Seeded {
  /** A customer Fabrikam created for Northwind, and one of its subscriptions. */
  customerId: string;
  subscriptionId: string;
  /** A pending partnership request Fabrikam sent Northwind's Global admin, and its link token. */
  request: { id: string; token: string };
  /** A pending multi-party invitation (Northwind with Fabrikam) to Adatum's Global admin. */
  multiParty: { id: string; token: string };
}

type Who = 'provider' | 'reseller' | 'customer';

/** One fuzzed endpoint: `{id}` in `path` is the fuzzed path id (its real value `id`). */
interface FuzzRow {
  /** The function name of its `app.http(name, ...)`, with a variant in parentheses. */
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (s: Seeded) => string;
  id?: (s: Seeded) => string;
  /** A caller the endpoint lets through, so fuzzed input reaches the validators. */
  as: Who;
  /** A valid body: with a correct content type it would succeed (and change something). */
  body?: (s: Seeded) => Record<string, unknown>;
  /** Fields of `body` without which the schema refuses it. */
  required?: readonly string[];
  /** A valid query string (without `?`) for strict list schemas. */
  query?: (s: Seeded) => string;
  /** Reads the Idempotency-Key header. */
  idempotent?: boolean;
  /** Answer endpoints check the Origin. */
  answer?: boolean;
}

const tableBody = (name: string): Record<string, unknown> => {
  const row = indirectRouteTable.find((r) => r.name === name);
  if (!row?.body) throw new Error(`no body for ${name} in routeTableIndirect`);
  return row.body();
};

const newCustomer = (domainPrefix: string) => ({
  resellerTenantId: northwindResellers.tenantId,
  companyName: 'Tailspin Toys',
  domainPrefix,
  country: 'US',
  contact: { firstName: 'Ada', lastName: 'Lind', email: 'ada@tailspin.example', phone: '+1 555 0100' },
  subscriptions: [{ offerId: 'o365-e3', quantity: 25 }],
});

const rows: readonly FuzzRow[] = [
  // routeTableIndirect.ts
  {
    name: 'requestPartnership',
    method: 'POST',
    path: () => '/api/indirect-resellers/requests',
    as: 'provider',
    idempotent: true,
    body: () => ({ ...tableBody('requestPartnership'), recipientName: 'Nora', expiresInDays: 10, locale: 'sv' }),
    required: ['recipientEmail'],
  },
  {
    name: 'createMultiPartyInvitation (without admin)',
    method: 'POST',
    path: () => '/api/invitations/multi-party',
    as: 'reseller',
    idempotent: true,
    body: () => tableBody('createMultiPartyInvitation (without admin)'),
    required: ['recipientEmail', 'providerTenantId'],
  },
  {
    name: 'createMultiPartyInvitation (with admin)',
    method: 'POST',
    path: () => '/api/invitations/multi-party',
    as: 'reseller',
    idempotent: true,
    body: () => tableBody('createMultiPartyInvitation (with admin)'),
    required: ['recipientEmail', 'providerTenantId'],
  },
  {
    name: 'listIndirectResellers',
    method: 'GET',
    path: () => '/api/indirect-resellers',
    as: 'provider',
    query: () => 'pageSize=10&name=north',
  },
  {
    name: 'listIndirectProviders',
    method: 'GET',
    path: () => '/api/indirect-providers',
    as: 'reseller',
    query: () => 'pageSize=10',
  },
  { name: 'listOffers', method: 'GET', path: () => '/api/offers', as: 'reseller' },
  {
    name: 'removePartnership',
    method: 'DELETE',
    path: () => '/api/indirect-resellers/{id}',
    id: () => northwindResellers.tenantId,
    as: 'provider',
  },
  // New customers and subscriptions.
  {
    name: 'createCustomerForReseller',
    method: 'POST',
    path: () => '/api/customers',
    as: 'provider',
    idempotent: true,
    body: () => newCustomer('fuzznewcustomer'),
    required: ['resellerTenantId', 'companyName', 'domainPrefix', 'country', 'contact', 'subscriptions'],
  },
  {
    name: 'listCustomers (resellerId)',
    method: 'GET',
    path: () => '/api/customers',
    as: 'provider',
    query: () => `resellerId=${northwindResellers.tenantId}&pageSize=10`,
  },
  {
    name: 'createSubscription',
    method: 'POST',
    path: () => '/api/customers/{id}/subscriptions',
    id: (s) => s.customerId,
    as: 'provider',
    idempotent: true,
    body: () => ({ offerId: 'teams-essentials', quantity: 3, resellerMpnId: northwindResellers.mpnId }),
    required: ['offerId', 'quantity'],
  },
  {
    name: 'listSubscriptions',
    method: 'GET',
    path: () => '/api/customers/{id}/subscriptions',
    id: (s) => s.customerId,
    as: 'provider',
    query: () => 'pageSize=10',
  },
  {
    name: 'updateSubscription (customer id)',
    method: 'PATCH',
    path: (s) => `/api/customers/{id}/subscriptions/${s.subscriptionId}`,
    id: (s) => s.customerId,
    as: 'provider',
    body: () => ({ supportContactMpnId: northwindResellers.mpnId }),
    required: ['supportContactMpnId'],
  },
  {
    name: 'updateSubscription (subscription id)',
    method: 'PATCH',
    path: (s) => `/api/customers/${s.customerId}/subscriptions/{id}`,
    id: (s) => s.subscriptionId,
    as: 'provider',
    // One field only: the schema needs at least one, so dropping it is a fault.
    body: () => ({ resellerMpnId: northwindResellers.mpnId }),
    required: ['resellerMpnId'],
  },
  // Answers to the two new kinds (by who may answer them).
  {
    name: 'acceptInvitation (partnership request)',
    method: 'POST',
    path: () => '/api/invitations/{id}/accept',
    id: (s) => s.request.id,
    as: 'reseller',
    answer: true,
    body: (s) => ({ token: s.request.token }),
    required: ['token'],
  },
  {
    name: 'declineInvitation (partnership request)',
    method: 'POST',
    path: () => '/api/invitations/{id}/decline',
    id: (s) => s.request.id,
    as: 'reseller',
    answer: true,
    body: (s) => ({ token: s.request.token }),
    required: ['token'],
  },
  {
    name: 'acceptInvitation (multi-party)',
    method: 'POST',
    path: () => '/api/invitations/{id}/accept',
    id: (s) => s.multiParty.id,
    as: 'customer',
    answer: true,
    body: (s) => ({ token: s.multiParty.token, acceptCustomerAgreement: true, companyName: 'Adatum Corp' }),
    required: ['token'],
  },
  {
    name: 'declineInvitation (multi-party)',
    method: 'POST',
    path: () => '/api/invitations/{id}/decline',
    id: (s) => s.multiParty.id,
    as: 'customer',
    answer: true,
    body: (s) => ({ token: s.multiParty.token }),
    required: ['token'],
  },
];

let w: IndirectWorld;
let seeded: Seeded;

async function headersOf(who: Who): Promise<Record<string, string>> {
  if (who === 'provider') return w.partner(fabrikamDistribution, 'GlobalAdmin');
  if (who === 'reseller') return w.partner(northwindResellers, 'GlobalAdmin');
  return w.as(adatumAdmin);
}

beforeAll(async () => {
  console.log(`fuzz-indirect: seed ${SEED}, ${RUNS} runs per endpoint and input kind (FUZZ_SEED=${SEED} replays)`);
  w = await setUpIndirectWorld(await startProductStack());
  await w.partnership(fabrikamDistribution, northwindResellers);
  const provider = await headersOf('provider');
  const reseller = await headersOf('reseller');

  const c = await w.api('customers', {
    headers: { ...provider, 'idempotency-key': 'fuzz-seed-customer' },
    json: newCustomer('fuzzseeded'),
  });
  if (c.status !== 201) throw new Error(`create customer: ${c.status} ${JSON.stringify(c.body)}`);
  const customerId = c.body.customerTenantId as string;
  const sub = await w.api(`customers/${customerId}/subscriptions`, {
    headers: provider,
    json: { offerId: 'm365-business-basic', quantity: 5 },
  });
  if (sub.status !== 201) throw new Error(`create subscription: ${sub.status} ${JSON.stringify(sub.body)}`);

  // A second request to Northwind's admin (unbound, so allowed beside the active partnership).
  const r = await w.api('indirect-resellers/requests', {
    headers: provider,
    json: { recipientEmail: northwindAdmin.email },
  });
  if (r.status !== 202) throw new Error(`partnership request: ${r.status} ${JSON.stringify(r.body)}`);
  const m = await w.api('invitations/multi-party', {
    headers: reseller,
    json: {
      recipientEmail: adatumAdmin.email,
      customerTenantId: adatumCorp.tenantId,
      providerTenantId: fabrikamDistribution.tenantId,
      includeDelegatedAdmin: false,
    },
  });
  if (m.status !== 202) throw new Error(`multi-party invitation: ${m.status} ${JSON.stringify(m.body)}`);
  seeded = {
    customerId,
    subscriptionId: sub.body.id as string,
    request: { id: r.body.id as string, token: (await w.linkToken(northwindAdmin.email, r.body.id as string)).token },
    multiParty: { id: m.body.id as string, token: (await w.linkToken(adatumAdmin.email, m.body.id as string)).token },
  };
}, 180_000);

afterAll(async () => {
  await w?.stack.stop();
});

async function send(row: FuzzRow, req: FuzzRequest): Promise<Reply> {
  const headers: Record<string, string> = {
    ...(await headersOf(row.as)),
    ...(row.answer ? w.origin : {}),
    ...req.headers,
  };
  if (req.contentType !== undefined) headers['content-type'] = req.contentType;
  return call(`${w.stack.url}${req.path}`, {
    method: row.method,
    headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
}

// ---- "nothing changed" --------------------------------------------------------------------------

/** Everything a bad request could have changed, read through the API by its owners. */
async function snapshot(): Promise<Record<string, unknown>> {
  await w.until('settled', async () => true);
  const as: Record<string, Record<string, string>> = {
    provider: await headersOf('provider'),
    reseller: await headersOf('reseller'),
    customer: await headersOf('customer'),
    woodgrove: await w.partner(woodgroveReseller, 'GlobalAdmin'),
    contoso: await w.partner(contosoDirect, 'GlobalAdmin'),
  };
  const reads: Array<[string, string, string]> = [
    ['provider', 'resellers', '/api/indirect-resellers?pageSize=100'],
    ['reseller', 'providers', '/api/indirect-providers?pageSize=100'],
    ['woodgrove', 'providers', '/api/indirect-providers?pageSize=100'],
    ['contoso', 'resellers', '/api/indirect-resellers?pageSize=100'],
    ['provider', 'invitations', '/api/invitations?pageSize=100'],
    ['provider', 'multi-party invitations', '/api/invitations?kind=multiParty&pageSize=100'],
    ['reseller', 'invitations', '/api/invitations?pageSize=100'],
    ['provider', 'partnership request', `/api/invitations/${seeded.request.id}`],
    ['reseller', 'multi-party invitation', `/api/invitations/${seeded.multiParty.id}`],
    ['provider', 'multi-party invitation', `/api/invitations/${seeded.multiParty.id}`],
    ['provider', 'customers', '/api/customers?pageSize=100'],
    ['reseller', 'customers', '/api/customers?pageSize=100'],
    ['provider', 'customer', `/api/customers/${seeded.customerId}`],
    ['provider', 'subscriptions', `/api/customers/${seeded.customerId}/subscriptions?pageSize=100`],
    ['reseller', 'subscriptions', `/api/customers/${seeded.customerId}/subscriptions?pageSize=100`],
    ['customer', 'partners', '/api/me/partners?pageSize=100'],
    ['provider', 'audit', '/api/audit?pageSize=100'],
    ['reseller', 'audit', '/api/audit?pageSize=100'],
  ];
  const out: Record<string, unknown> = {};
  for (const [who, what, path] of reads) {
    const r = await call(`${w.stack.url}${path}`, { headers: as[who] as Record<string, string> });
    out[`${who} ${what}`] = { status: r.status, etag: r.headers.get('etag'), body: r.body };
  }
  return out;
}

let before: Record<string, unknown>;
let requests = 0;
const firstPages = new Map<string, unknown>();

test('every indirect-channel route and every new-customer and subscription endpoint is fuzzed', () => {
  const fuzzed = new Set(rows.map((r) => r.name.replace(/ \(.*\)$/, '')));
  const expected = [
    ...indirectRouteTable.map((r) => r.name.replace(/ \(.*\)$/, '')),
    'createCustomerForReseller',
    'createSubscription',
    'listSubscriptions',
    'updateSubscription',
  ];
  expect(expected.filter((n) => !fuzzed.has(n))).toEqual([]);
});

test('the world is readable before the run', async () => {
  before = await snapshot();
  expect(before).toMatchObject({
    'provider resellers': { status: 200, body: { items: [{ partnership: { status: 'active' } }] } },
    'provider partnership request': { status: 200, body: { status: 'pending', kind: 'partnership' } },
    'reseller multi-party invitation': { status: 200, body: { status: 'pending', kind: 'multiParty' } },
    'provider subscriptions': {
      status: 200,
      body: { items: expect.arrayContaining([expect.objectContaining({ id: seeded.subscriptionId })]) },
    },
  });
});

type What = 'body' | 'query' | 'path id' | 'Idempotency-Key';
const cases: Array<[What, FuzzRow]> = rows.flatMap((row) => [
  ...(row.body ? [['body', row] as [What, FuzzRow]] : []),
  ...(row.query ? [['query', row] as [What, FuzzRow]] : []),
  ...(row.id ? [['path id', row] as [What, FuzzRow]] : []),
  ...(row.idempotent && row.body ? [['Idempotency-Key', row] as [What, FuzzRow]] : []),
]);

function arbitrary(what: What, row: FuzzRow): fc.Arbitrary<FuzzRequest> {
  const s = seeded;
  const id = row.id?.(s);
  const path = row.path(s).replace('{id}', encodeURIComponent(id ?? ''));
  const body = row.body?.(s);
  if (what === 'body') return badBody(path, body as Record<string, unknown>, row.required);
  if (what === 'query') return badQuery(path, row.query?.(s) ?? '');
  if (what === 'Idempotency-Key') return badIdempotencyKey(path, body as Record<string, unknown>);
  return badId(id as string, (bad) => row.path(s).replace('{id}', encodeURIComponent(bad)), body);
}

test.each(cases.map(([what, row]) => [`${row.method} ${row.name}: bad ${what}`, what, row] as const))(
  '%s → 4xx problem+json',
  async (_name, what, row) => {
    if (what === 'query') {
      const first = await send(row, {
        kind: 'first page',
        path: `${row.path(seeded).replace('{id}', row.id?.(seeded) ?? '')}?${row.query?.(seeded)}`,
      });
      expect(first.status).toBe(200);
      firstPages.set(row.name, first.body);
    }
    await fc.assert(
      fc.asyncProperty(arbitrary(what, row), async (req) => {
        requests++;
        const r = await send(row, req);
        const bad =
          req.kind === IGNORABLE_TOKEN && r.status === 200
            ? ignoredTokenVerdict(firstPages.get(row.name), r)
            : verdict(r);
        if (bad)
          throw new Error(
            `${req.kind} ${req.path.slice(0, 200)} (${req.contentType ?? 'no content-type'}${req.headers ? ` ${JSON.stringify(req.headers).slice(0, 200)}` : ''}): ${bad}`,
          );
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
  },
);

test('nothing changed', async () => {
  console.log(`fuzz-indirect: ${requests} bad requests over ${cases.length} endpoint × input kinds`);
  const after = await snapshot();
  for (const key of Object.keys(before)) expect({ [key]: after[key] }).toEqual({ [key]: before[key] });
});
