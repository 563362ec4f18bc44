// A crash at every write of creating a customer with subscriptions, on the real Cosmos adapters
// (local Cosmos-protocol server): the use case runs in-process with containers that die after the
// n-th write. Recovery by a retry with the same Idempotency-Key completes it; recovery by the sweep
// completes a committed creation and rolls back an uncommitted one (no trace left). Either way: no
// duplicates, the password never stored in clear, nothing half-created in a list.
import { randomUUID } from 'node:crypto';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import type { Caller } from '../../shared/auth/caller';
import { createCustomerForReseller } from '../../shared/newCustomers/createCustomerForReseller';
import { verifyPassword } from '../../shared/newCustomers/password';
import { CREATION_LEASE_MS, sweepCreations } from '../../shared/newCustomers/sweepCreations';
import type { NewCustomer } from '../../shared/schemas/customers';
import { Crash, type CreationWorld, creationWorld } from '../support/creationWorld';
import { startCosmos } from '../support/hostProcess';

let cosmos: LocalCosmos;
let world: CreationWorld;

beforeAll(async () => {
  const started = await startCosmos();
  cosmos = started.cosmos;
  world = await creationWorld(started.env);
}, 60_000);

afterAll(async () => {
  world?.close();
  await cosmos?.close();
});

const salesAgent = (): Caller => ({
  tenantId: world.provider.tenantId,
  userId: randomUUID(),
  email: 'sales@fabrikam.example',
  roles: ['SalesAgent'],
  wids: [],
  scopes: ['Relationships.Manage'],
});
const request = (prefix: string): NewCustomer => ({
  resellerTenantId: world.reseller.tenantId,
  companyName: 'Tailspin Toys',
  domainPrefix: prefix,
  country: 'SE',
  contact: { firstName: 'Ada', lastName: 'Lind', email: 'ada@tailspin.example' },
  subscriptions: [
    { offerId: 'o365-e3', quantity: 25 },
    { offerId: 'teams-essentials', quantity: 5 },
  ],
});

/** What is stored for one customer tenant, counted across containers. */
async function stored(customerTenantId: string, prefix: string) {
  const [customers, relationships, prefixes, due] = await Promise.all([
    world.all('customers'),
    world.all('relationships'),
    world.all('domainPrefixes'),
    world.all('dueItems'),
  ]);
  const ofCustomer = customers.filter((d) => d.tenantId === customerTenantId);
  const grants = ofCustomer.filter((d) => d.type === 'grant');
  return {
    customer: ofCustomer.filter((d) => d.type === 'customer').length,
    subscriptions: ofCustomer.filter((d) => d.type === 'subscription').length,
    mirrors: ofCustomer.filter((d) => d.type === 'relationshipMirror').length,
    grants: grants.length,
    relationships: relationships.filter((d) => d.customerTenantId === customerTenantId).length,
    prefix: prefixes.filter((d) => d.id === prefix).length,
    grantDue: due.filter((d) => d.kind === 'grantEnd' && grants.some((g) => g.id === d.targetId)).length,
  };
}
const COMPLETE = { customer: 1, subscriptions: 2, mirrors: 2, grants: 1, relationships: 2, prefix: 1, grantDue: 1 };
const NOTHING = { customer: 0, subscriptions: 0, mirrors: 0, grants: 0, relationships: 0, prefix: 0, grantDue: 0 };

/** Runs the use case with a write budget; the crash, or the result. */
async function attempt(body: NewCustomer, key: string, budget: number, now = new Date()) {
  try {
    return await createCustomerForReseller(world.deps({ left: budget, writes: 0 }), salesAgent(), body, key, now);
  } catch (e) {
    if (e instanceof Crash) return 'crashed' as const;
    throw e;
  }
}

/** How many writes a creation makes when nothing crashes. */
let totalWrites = 0;
beforeAll(async () => {
  const budget = { left: Infinity, writes: 0 };
  const r = await createCustomerForReseller(
    world.deps(budget),
    salesAgent(),
    request('countwrites'),
    randomUUID(),
    new Date(),
  );
  expect(r.body.temporaryPassword).toBeDefined();
  totalWrites = budget.writes;
});

test('a creation makes enough writes for the crash tests to mean something', () => {
  console.log(`customer creation: ${totalWrites} writes, a crash tried after each`);
  expect(totalWrites).toBeGreaterThanOrEqual(12);
});

test('a crash after any write, then a retry with the same Idempotency-Key: complete, no duplicates, password shown at most once', async () => {
  for (let n = 1; n < totalWrites; n++) {
    const prefix = `retry${n}`;
    const key = randomUUID();
    expect(await attempt(request(prefix), key, n)).toBe('crashed');
    const retried = await attempt(request(prefix), key, Infinity);
    if (retried === 'crashed') throw new Error('unreachable');
    expect(retried.body.adminUserName).toBe(`admin@${prefix}.onmicrosoft.example`);
    const creation = (await world.all('customerCreations')).find((c) => c.domainPrefix === prefix)!;
    expect(creation).toMatchObject({ state: 'complete', open: false });
    // The password goes out only with the call whose commit won: the retry shows it if the crash came before.
    if (retried.body.temporaryPassword)
      expect(await verifyPassword(retried.body.temporaryPassword, creation.adminPasswordHash as string)).toBe(true);
    expect(await stored(retried.body.customerTenantId, prefix)).toEqual(COMPLETE);
    // A second retry answers the same, without the password, and writes nothing new.
    const again = await attempt(request(prefix), key, Infinity);
    if (again === 'crashed') throw new Error('unreachable');
    expect(again.body.temporaryPassword).toBeUndefined();
    expect({ ...again.body, temporaryPassword: undefined }).toEqual({ ...retried.body, temporaryPassword: undefined });
    expect(await stored(retried.body.customerTenantId, prefix)).toEqual(COMPLETE);
  }
});

test('a crash after any write, then the sweep past the lease: committed ones completed, the others rolled back without a trace', async () => {
  for (let n = 1; n < totalWrites; n++) {
    const prefix = `sweep${n}`;
    const key = randomUUID();
    expect(await attempt(request(prefix), key, n)).toBe('crashed');
    const creation = (await world.all('customerCreations')).find((c) => c.domainPrefix === prefix)!;
    const later = new Date(Date.now() + CREATION_LEASE_MS + 1000);
    // The sweep too may crash; it runs until its report is empty.
    for (let i = 0; i < 5; i++) if (Object.keys(await sweepCreations(world.deps(), later)).length === 0) break;
    const after = (await world.all('customerCreations')).find((c) => c.id === creation.id)!;
    expect(after.open).toBe(false);
    if (creation.state === 'complete') {
      expect(after.state).toBe('complete');
      expect(await stored(creation.customerTenantId as string, prefix)).toEqual(COMPLETE);
    } else {
      expect(after.state).toBe('abandoned');
      expect(await stored(creation.customerTenantId as string, prefix)).toEqual(NOTHING);
      // The prefix is free again, and a retry with the same key creates the customer in full.
      const retried = await attempt(request(prefix), key, Infinity);
      if (retried === 'crashed') throw new Error('unreachable');
      expect(retried.body.temporaryPassword).toBeDefined();
      expect(await stored(retried.body.customerTenantId, prefix)).toEqual(COMPLETE);
    }
  }
});

test("until it is committed, a creation shows in nobody's customer list", async () => {
  const key = randomUUID();
  // Crash just before the commit: everything but the commit and publication is written.
  for (let n = 1; n < totalWrites; n++) {
    const prefix = `hidden${n}`;
    expect(await attempt(request(prefix), `${key}:${n}`, n)).toBe('crashed');
    const creation = (await world.all('customerCreations')).find((c) => c.domainPrefix === prefix)!;
    const listed = (await world.all('relationships')).filter(
      (r) => r.customerTenantId === creation.customerTenantId && r.status === 'active',
    );
    if (creation.state !== 'complete') expect(listed).toEqual([]);
  }
});

test('the temporary password is stored nowhere in clear', async () => {
  const r = await attempt(request('clearcheck'), randomUUID(), Infinity);
  if (r === 'crashed') throw new Error('unreachable');
  const password = r.body.temporaryPassword as string;
  expect(password).toMatch(/^.{20}$/);
  for (const name of [
    'customerCreations',
    'customers',
    'relationships',
    'domainPrefixes',
    'audit',
    'dueItems',
  ] as const) {
    expect(JSON.stringify(await world.all(name))).not.toContain(password);
  }
});

test('a domain prefix already taken is 409 and leaves nothing of the second creation', async () => {
  const first = await attempt(request('taken'), randomUUID(), Infinity);
  if (first === 'crashed') throw new Error('unreachable');
  const key = randomUUID();
  await expect(
    createCustomerForReseller(
      world.deps(),
      salesAgent(),
      { ...request('taken'), companyName: 'Other' },
      key,
      new Date(),
    ),
  ).rejects.toMatchObject({ code: 'conflict' });
  const creations = (await world.all('customerCreations')).filter((c) => c.domainPrefix === 'taken');
  expect(creations.map((c) => c.state).sort()).toEqual(['abandoned', 'complete']);
  expect(await stored(first.body.customerTenantId, 'taken')).toEqual(COMPLETE);
});
