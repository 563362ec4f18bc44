// A portal's view: the client generated from the served OpenAPI document (openapi-typescript types,
// openapi-fetch) drives one journey end to end. The types are committed and type-checked in
// npm test, which also fails when they are not what the current document generates
// (npm run openapi:client:check), so a drift between document and code fails the build.
import createClient from 'openapi-fetch';
import { adatumCorp, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import type { components, paths } from '../support/generated/resellerConnectApi';
import { directPartnerAdmin } from '../support/directPartner';
import { contractFetch } from '../support/openapiContract';
import { type ProductStack, startProductStack } from '../support/productStack';

let stack: ProductStack;

beforeAll(async () => {
  stack = await startProductStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('typed client: partner invites, the email arrives, the customer accepts, the partner lists the customer and removes the relationship', async () => {
  const api = createClient<paths>({ baseUrl: stack.url, fetch: contractFetch });
  const partner = await directPartnerAdmin(stack);
  const customerAdminUser = demoUsers.find(
    (u) => u.tenantId === adatumCorp.tenantId && (u.wids?.length ?? 0) > 0,
  ) as DemoUser;
  const customerAdmin = await stack.bearer(customerAdminUser);

  // The partner invites (idempotently: the same key again returns the same invitation).
  const invite = {
    recipientEmail: customerAdminUser.email,
    customerTenantId: adatumCorp.tenantId,
    includeDelegatedAdmin: false,
  };
  const created = await api.POST('/api/invitations', {
    params: { header: { 'Idempotency-Key': 'typed-client-journey' } },
    body: invite,
    headers: partner,
  });
  expect(created.response.status).toBe(202);
  const invitation: components['schemas']['Invitation'] = created.data!;
  expect(created.response.headers.get('location')).toBe(`/api/invitations/${invitation.id}`);
  const replay = await api.POST('/api/invitations', {
    params: { header: { 'Idempotency-Key': 'typed-client-journey' } },
    body: invite,
    headers: partner,
  });
  expect([replay.data?.id, replay.response.headers.get('idempotent-replayed')]).toEqual([invitation.id, 'true']);

  // The email arrives; its link carries the token in the fragment.
  const mail = await stack.until('the invitation email', async () =>
    (await stack.inbox(customerAdminUser.email)).find((m) =>
      m.links.some((l) => l.includes(`/invite/${invitation.id}`)),
    ),
  );
  const link = new URL(mail.links.find((l) => l.includes(`/invite/${invitation.id}`)) as string);
  const token = link.hash.replace(/^#t=/, '');

  // The customer's Global admin accepts; the accept records before it answers.
  const accepted = await api.POST('/api/invitations/{id}/accept', {
    params: { path: { id: invitation.id } },
    body: { token, acceptCustomerAgreement: true, companyName: 'Adatum Corp' },
    headers: { ...customerAdmin, origin: stack.env.PUBLIC_BASE_URL as string },
  });
  expect(accepted.error).toBeUndefined();
  const answer: components['schemas']['Answer'] = accepted.data!;
  expect(answer).toMatchObject({
    invitationId: invitation.id,
    status: 'accepted',
    partner: { name: 'Contoso Direct' },
  });

  // At once, nothing settled: the partner lists the customer with its relationship.
  const customers = await api.GET('/api/customers', { params: { query: { pageSize: 10 } }, headers: partner });
  const listed = customers.data?.items.find((c) => c.customerTenantId === adatumCorp.tenantId);
  expect(listed?.relationships.map((r) => [r.status, r.invitationId])).toEqual([['active', invitation.id]]);

  // The partner removes the relationship; the answer says what stays in force.
  const removed = await api.DELETE('/api/customers/{id}/relationship', {
    params: { path: { id: adatumCorp.tenantId } },
    headers: partner,
  });
  expect(removed.data).toMatchObject({
    removed: { status: 'removed', customerTenantId: adatumCorp.tenantId },
    grantsUnchanged: [],
    noticeSent: false,
  });
  const after = await api.GET('/api/customers', { headers: partner });
  expect(after.data?.items.map((c) => c.customerTenantId)).not.toContain(adatumCorp.tenantId);

  // Errors are typed too: problem+json with its stable code.
  const missing = await api.GET('/api/invitations/{id}', {
    params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    headers: partner,
  });
  const problem: components['schemas']['Problem'] | undefined = missing.error;
  expect([missing.response.status, problem?.code]).toEqual([404, 'not_found']);
});
