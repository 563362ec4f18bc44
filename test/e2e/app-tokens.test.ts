// App-only tokens (client credentials) on the product stack: a portal backend acts for the partner
// tenant that consented, within its application permissions, as the role matrix maps them.
import { FOREIGN_PARTNER, OWN_CUSTOMER, OWN_PARTNER } from '../support/apiWorld';
import { enrolPartner, operatorAuth } from '../support/enrolment';
import { call } from '../support/hostProcess';
import { startProductStack, type ProductStack } from '../support/productStack';

let stack: ProductStack;
const APP = 'd0d0d0d0-0000-4000-8000-00000000a001';
const SP = 'e0e0e0e0-0000-4000-8000-00000000a002';
const NOT_ENROLLED = 'f0f0f0f0-0000-4000-8000-00000000a003';

const appToken = async (tenantId: string, roles: string[]) => ({
  authorization: `Bearer ${await stack.token({ tenantId, userId: SP, email: 'ignored@apps.example', roles, appId: APP })}`,
});
const api = (path: string, init: RequestInit & { json?: unknown } = {}) => call(`${stack.url}${path}`, init);
const invitation = (includeDelegatedAdmin: boolean) => ({
  recipientEmail: 'app@adatum.example',
  customerTenantId: OWN_CUSTOMER.tenantId,
  includeDelegatedAdmin,
  ...(includeDelegatedAdmin
    ? { delegatedAdmin: { roles: ['729827e3-9c14-49f7-bb1b-9608f156bbb8'], duration: 'P30D', autoExtend: false } }
    : {}),
});

beforeAll(async () => {
  stack = await startProductStack({ WEBHOOK_ALLOW_LOCAL_HTTP: 'true' });
  const operator = await operatorAuth(stack);
  for (const p of [OWN_PARTNER, FOREIGN_PARTNER]) await enrolPartner(stack.url, operator, p);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

test('Partner.Read reads its own tenant and changes nothing', async () => {
  const h = await appToken(OWN_PARTNER.tenantId, ['Partner.Read']);
  for (const path of ['/api/partner', '/api/invitations?status=pending', '/api/customers', '/api/webhooks']) {
    const r = await api(path, { headers: h });
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
  }
  expect((await api('/api/partner', { headers: h })).body.tenantId).toBe(OWN_PARTNER.tenantId);
  const create = await api('/api/invitations', { headers: h, json: invitation(false) });
  expect(create.status).toBe(403);
  expect(create.body.code).toBe('forbidden');
  expect((await api('/api/audit', { headers: h })).status).toBe(403);
});

test('Partner.Invitations.ReadWrite sends invitations without admin privileges only; another tenant cannot see them', async () => {
  const h = await appToken(OWN_PARTNER.tenantId, ['Partner.Invitations.ReadWrite']);
  const ok = await api('/api/invitations', { headers: h, json: invitation(false) });
  expect(ok.status).toBe(202);
  expect((await api(`/api/invitations/${ok.body.id}`, { headers: h })).status).toBe(200);
  const withAdmin = await api('/api/invitations', { headers: h, json: invitation(true) });
  expect(withAdmin.status).toBe(403);
  const foreign = await appToken(FOREIGN_PARTNER.tenantId, ['Partner.Invitations.ReadWrite', 'Partner.Read']);
  expect((await api(`/api/invitations/${ok.body.id}`, { headers: foreign })).status).toBe(404);
  expect((await api('/api/customers', { headers: h })).status).toBe(403);
});

test('Partner.Webhooks.ReadWrite manages webhooks', async () => {
  const h = await appToken(OWN_PARTNER.tenantId, ['Partner.Webhooks.ReadWrite']);
  const r = await api('/api/webhooks', {
    headers: h,
    json: { url: 'https://hooks.example.com/app', events: ['invitation.created'] },
  });
  expect(r.status).toBe(201);
  expect((await api('/api/webhooks', { headers: h })).body.items.map((x: { id: string }) => x.id)).toContain(r.body.id);
});

test('refused: a tenant not enrolled, an app token without application permissions, partner or program roles in an app token', async () => {
  const notEnrolled = await api('/api/invitations?status=pending', {
    headers: await appToken(NOT_ENROLLED, ['Partner.Read']),
  });
  expect(notEnrolled.status).toBe(403);
  expect(notEnrolled.body.code).toBe('partner_not_enrolled');
  for (const roles of [[], ['GlobalAdmin'], ['ProgramAdmin']]) {
    const r = await api('/api/partner', { headers: await appToken(OWN_PARTNER.tenantId, roles) });
    expect({ roles, status: r.status, code: r.body.code }).toEqual({ roles, status: 403, code: 'insufficient_scope' });
  }
});
