// Customers, the customer side and the audit trail through HTTP on the embedded host: every route
// with the right roles, a wrong role (403) and a foreign tenant (404/403, never its data).
import { randomUUID } from 'node:crypto';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import type { Grant } from '../../shared/domain/partner';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { type Seeder, seedRecords } from '../support/seedRecords';

let stack: ProductStack;
let seed: Seeder;

const PARTNER = randomUUID();
const FOREIGN = randomUUID();
const CUSTOMER = randomUUID();
const FOREIGN_CUSTOMER = randomUUID();
let grant: Grant;
let foreignGrant: Grant;

const partnerToken = (tenantId: string, role: string) =>
  stack.token({ tenantId, userId: randomUUID(), email: `${role.toLowerCase()}@partner.example`, roles: [role] });
const customerToken = (tenantId: string, globalAdmin = true) =>
  stack.token({
    tenantId,
    userId: randomUUID(),
    email: 'admin@customer.example',
    wids: globalAdmin ? [GLOBAL_ADMINISTRATOR_WID] : [],
  });
const get = async (path: string, token: string) =>
  call(`${stack.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
const del = async (path: string, token: string) =>
  call(`${stack.url}/api${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  if (code) expect(res.body.code).toBe(code);
}

beforeAll(async () => {
  stack = await startProductStack();
  seed = await seedRecords(stack.env);
  await seed.partner({
    tenantId: PARTNER,
    name: 'Contoso',
    kind: 'direct',
    mpnId: '1000001',
    country: 'SE',
    cloud: 'public',
  });
  await seed.customer(CUSTOMER, 'Northwind');
  await seed.relationship(PARTNER, CUSTOMER);
  grant = await seed.grant(PARTNER, CUSTOMER);
  // Every partner that reads is one the program enrolled (an unenrolled tenant is 403 partner_not_enrolled).
  await seed.partner({
    tenantId: FOREIGN,
    name: 'Fabrikam',
    kind: 'direct',
    mpnId: '1000002',
    country: 'SE',
    cloud: 'public',
  });
  await seed.relationship(FOREIGN, FOREIGN_CUSTOMER);
  foreignGrant = await seed.grant(FOREIGN, FOREIGN_CUSTOMER);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('GET /api/customers', () => {
  it("lists the caller's customers with their grants, for every role that reads lists", async () => {
    for (const role of ['GlobalAdmin', 'AdminAgent', 'SalesAgent', 'HelpdeskAgent']) {
      const res = await get('/customers', await partnerToken(PARTNER, role));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          customerTenantId: CUSTOMER,
          companyName: 'Northwind',
          relationships: [expect.objectContaining({ status: 'active', partnerTenantId: PARTNER })],
          grants: [expect.objectContaining({ id: grant.id, status: 'active' })],
        }),
      ]);
      expect(res.body.items[0].relationships[0].type).toBeUndefined();
    }
  });

  it('is 403 for a User management admin and 401 without a token', async () => {
    expectProblem(await get('/customers', await partnerToken(PARTNER, 'UserManagementAdmin')), 403, 'forbidden');
    expectProblem(await call(`${stack.url}/api/customers`), 401, 'unauthenticated');
  });

  it("never shows another partner's customers", async () => {
    const res = await get('/customers', await partnerToken(FOREIGN, 'GlobalAdmin'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { customerTenantId: string }) => c.customerTenantId)).toEqual([FOREIGN_CUSTOMER]);
  });

  it('pages with continuation tokens, newest first, and refuses bad paging input with 400', async () => {
    const pager = randomUUID();
    await seed.partner({
      tenantId: pager,
      name: 'Pager',
      kind: 'direct',
      mpnId: '1000003',
      country: 'SE',
      cloud: 'public',
    });
    const customers = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, c] of customers.entries()) await seed.relationship(pager, c, new Date(Date.UTC(2025, 0, 1 + i)));
    const token = await partnerToken(pager, 'SalesAgent');
    const first = await get('/customers?pageSize=2', token);
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: { customerTenantId: string }) => c.customerTenantId)).toEqual([
      customers[2],
      customers[1],
    ]);
    expect(first.body.continuationToken).toEqual(expect.any(String));
    const second = await get(
      `/customers?pageSize=2&continuationToken=${encodeURIComponent(first.body.continuationToken)}`,
      token,
    );
    expect(second.body.items.map((c: { customerTenantId: string }) => c.customerTenantId)).toEqual([customers[0]]);
    expect(second.body.continuationToken).toBeUndefined();
    for (const q of ['pageSize=0', 'pageSize=abc', 'pageSize=101', 'resellerId=nope', 'bogus=1']) {
      expectProblem(await get(`/customers?${q}`, token), 400, 'bad_request');
    }
  });
});

describe('GET /api/customers/{id}', () => {
  it('shows the relationship and the grants', async () => {
    const res = await get(`/customers/${CUSTOMER}`, await partnerToken(PARTNER, 'SalesAgent'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      customerTenantId: CUSTOMER,
      relationships: [{ status: 'active' }],
      grants: [{ id: grant.id, roles: grant.roles, endsAt: grant.endsAt }],
    });
  });

  it("is 404 for another partner's customer and 403 for a User management admin; 400 for a bad id", async () => {
    const foreign = await get(`/customers/${CUSTOMER}`, await partnerToken(FOREIGN, 'GlobalAdmin'));
    expectProblem(foreign, 404, 'not_found');
    expect(JSON.stringify(foreign.body)).not.toContain(grant.id);
    expectProblem(await get(`/customers/${CUSTOMER}`, await partnerToken(PARTNER, 'UserManagementAdmin')), 403);
    expectProblem(await get('/customers/not-a-guid', await partnerToken(PARTNER, 'GlobalAdmin')), 400, 'bad_request');
    // A customer tenant id that is the caller's own customer record id, not a relationship: still 404.
    expectProblem(await get(`/customers/${PARTNER}`, await partnerToken(PARTNER, 'GlobalAdmin')), 404);
  });
});

describe('GET /api/me/partners', () => {
  it("lists the customer's own partners and grants to its Global admin", async () => {
    const res = await get('/me/partners', await customerToken(CUSTOMER));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        partnerTenantId: PARTNER,
        name: 'Contoso',
        relationship: expect.objectContaining({ status: 'active' }),
        grants: [expect.objectContaining({ id: grant.id })],
      }),
    ]);
    // The relationship's own id, as the partner side shows it (not its mirror document's "mirror:…").
    const partnerSide = await get(`/customers/${CUSTOMER}`, await partnerToken(PARTNER, 'GlobalAdmin'));
    expect(res.body.items[0].relationship.id).toBe(partnerSide.body.relationships[0].id);
    expect(res.body.items[0].relationship.id).not.toMatch(/^mirror:/);
  });

  it('is 403 for a customer user who is not Global admin, and shows a foreign customer only its own', async () => {
    expectProblem(
      await get('/me/partners', await customerToken(CUSTOMER, false)),
      403,
      'customer_global_admin_required',
    );
    const foreign = await get('/me/partners', await customerToken(FOREIGN_CUSTOMER));
    expect(foreign.body.items.map((p: { partnerTenantId: string }) => p.partnerTenantId)).toEqual([FOREIGN]);
    expectProblem(await get('/me/partners?continuationToken=xyz', await customerToken(CUSTOMER)), 400, 'bad_request');
  });
});

describe('DELETE /api/customers/{id}/relationship', () => {
  it('is 403 for a Sales agent and 404 for another partner, changing nothing', async () => {
    expectProblem(
      await del(`/customers/${CUSTOMER}/relationship`, await partnerToken(PARTNER, 'SalesAgent')),
      403,
      'forbidden',
    );
    expectProblem(
      await del(`/customers/${CUSTOMER}/relationship`, await partnerToken(FOREIGN, 'GlobalAdmin')),
      404,
      'not_found',
    );
    expect((await seed.readRelationship(PARTNER, CUSTOMER))?.status).toBe('active');
  });

  it('removes the relationship, keeps the grants and says so, audited for both tenants', async () => {
    const res = await del(`/customers/${CUSTOMER}/relationship`, await partnerToken(PARTNER, 'AdminAgent'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      removed: { customerTenantId: CUSTOMER, status: 'removed', removedAt: expect.any(String) },
      grantsUnchanged: [{ id: grant.id, status: 'active', endsAt: grant.endsAt }],
      noticeSent: false,
    });
    expect(res.body.note).toMatch(/remain in force/);
    expect(await seed.readGrant(CUSTOMER, grant.id)).toMatchObject({ status: 'active', endsAt: grant.endsAt });

    const list = await get('/customers', await partnerToken(PARTNER, 'GlobalAdmin'));
    expect(list.body.items).toEqual([]);
    const one = await get(`/customers/${CUSTOMER}`, await partnerToken(PARTNER, 'GlobalAdmin'));
    expect(one.body).toMatchObject({
      relationships: [{ status: 'removed' }],
      grants: [{ id: grant.id, status: 'active' }],
    });

    const again = await del(`/customers/${CUSTOMER}/relationship`, await partnerToken(PARTNER, 'GlobalAdmin'));
    expect(again.status).toBe(200);
    expect(again.body.removed.removedAt).toBe(res.body.removed.removedAt);

    const partnerAudit = await get('/audit', await partnerToken(PARTNER, 'GlobalAdmin'));
    expect(partnerAudit.body.items.filter((e: { action: string }) => e.action === 'relationship.removed')).toHaveLength(
      1,
    );
    const customerAudit = await get('/audit', await customerToken(CUSTOMER));
    expect(customerAudit.body.items.map((e: { action: string }) => e.action)).toContain('relationship.removed');
  });

  it("leaves the partner with its grant on the customer's side, so the customer can still remove it", async () => {
    const res = await get('/me/partners', await customerToken(CUSTOMER));
    expect(res.body.items).toEqual([
      expect.objectContaining({
        partnerTenantId: PARTNER,
        relationship: expect.objectContaining({ status: 'removed' }),
        grants: [expect.objectContaining({ id: grant.id, status: 'active' })],
      }),
    ]);
  });
});

describe('DELETE /api/me/delegated-admin-grants/{id}', () => {
  it('is 403 for a customer user who is not Global admin and for a partner user; 404 from another tenant', async () => {
    expectProblem(
      await del(`/me/delegated-admin-grants/${grant.id}`, await customerToken(CUSTOMER, false)),
      403,
      'customer_global_admin_required',
    );
    expectProblem(await del(`/me/delegated-admin-grants/${grant.id}`, await partnerToken(PARTNER, 'GlobalAdmin')), 403);
    expectProblem(
      await del(`/me/delegated-admin-grants/${grant.id}`, await customerToken(FOREIGN_CUSTOMER)),
      404,
      'not_found',
    );
    expectProblem(
      await del(`/me/delegated-admin-grants/${foreignGrant.id}`, await customerToken(CUSTOMER)),
      404,
      'not_found',
    );
    // The customer's own tenant record shares its partition: it is not a grant.
    expectProblem(await del(`/me/delegated-admin-grants/${CUSTOMER}`, await customerToken(CUSTOMER)), 404, 'not_found');
    expectProblem(await del('/me/delegated-admin-grants/zzz', await customerToken(CUSTOMER)), 400, 'bad_request');
    expect((await seed.readGrant(CUSTOMER, grant.id))?.status).toBe('active');
    expect((await seed.readGrant(FOREIGN_CUSTOMER, foreignGrant.id))?.status).toBe('active');
  });

  it("lets the customer's Global admin remove its grant, once, audited for both tenants", async () => {
    const res = await del(`/me/delegated-admin-grants/${grant.id}`, await customerToken(CUSTOMER));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: grant.id, status: 'removed', removedAt: expect.any(String) });
    expect((await seed.readGrant(CUSTOMER, grant.id))?.status).toBe('removed');
    const again = await del(`/me/delegated-admin-grants/${grant.id}`, await customerToken(CUSTOMER));
    expect(again.body.removedAt).toBe(res.body.removedAt);
    const partnerAudit = await get('/audit', await partnerToken(PARTNER, 'AdminAgent'));
    expect(partnerAudit.body.items.filter((e: { action: string }) => e.action === 'grant.removed')).toEqual([
      expect.objectContaining({
        subjectType: 'grant',
        subjectId: grant.id,
        by: expect.objectContaining({ type: 'user', tenantId: CUSTOMER }),
      }),
    ]);
  });
});

describe('GET /api/audit', () => {
  it("lists the caller's tenant's entries newest first, paged", async () => {
    const tenant = randomUUID();
    await seed.partner({
      tenantId: tenant,
      name: 'Audited',
      kind: 'direct',
      mpnId: '1000004',
      country: 'SE',
      cloud: 'public',
    });
    for (let i = 0; i < 5; i++) {
      await seed.audit(tenant, {
        at: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
        actor: { type: 'system' },
        action: `step.${i}`,
        subject: { type: 'test', id: String(i) },
        correlationId: 'c',
      });
    }
    const token = await partnerToken(tenant, 'GlobalAdmin');
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const res = await get(`/audit?pageSize=2${next ? `&continuationToken=${encodeURIComponent(next)}` : ''}`, token);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((e: { action: string }) => e.action));
      next = res.body.continuationToken;
    } while (next);
    expect(seen).toEqual(['step.4', 'step.3', 'step.2', 'step.1', 'step.0']);
  });

  it("is 403 for roles without audit access and shows nobody another tenant's entries", async () => {
    for (const role of ['SalesAgent', 'HelpdeskAgent', 'UserManagementAdmin'])
      expectProblem(await get('/audit', await partnerToken(PARTNER, role)), 403, 'forbidden');
    expectProblem(await get('/audit', await customerToken(CUSTOMER, false)), 403);
    const foreign = await get('/audit', await partnerToken(FOREIGN, 'GlobalAdmin'));
    expect(foreign.status).toBe(200);
    expect(foreign.body.items).toEqual([]);
    expectProblem(await get('/audit?pageSize=-1', await partnerToken(PARTNER, 'GlobalAdmin')), 400);
  });
});
