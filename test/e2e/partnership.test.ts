import {
  adatumCorp,
  contosoDirect,
  fabrikamDistribution,
  northwindResellers,
  woodgroveReseller,
} from '../../infra/local/identity/demoDirectory';
import { type IndirectWorld, roleUser, setUpIndirectWorld, user } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';

/**
 * Partnership requests end to end (HTTP, email sink, real orchestration, virtual time): Fabrikam
 * (indirect provider, US) invites Northwind (indirect reseller, US); wrong acceptors are refused and
 * change nothing; Northwind's Admin agent follows the emailed link and accepts; both lists show
 * the partnership; removing it keeps customers and grants and says so.
 */
let w: IndirectWorld;
const northwindAdmin = roleUser(northwindResellers, 'AdminAgent');

beforeAll(async () => {
  w = await setUpIndirectWorld(await startProductStack());
}, 120_000);

afterAll(async () => {
  await w?.stack.stop();
});

test('only an indirect provider sends a partnership request; a Sales agent may, a User management admin may not', async () => {
  const body = { recipientEmail: 'someone@northwind-resellers.example' };
  expect(
    (await w.api('indirect-resellers/requests', { headers: await w.partner(contosoDirect, 'GlobalAdmin'), json: body }))
      .body.code,
  ).toBe('partner_kind_not_allowed');
  expect(
    (
      await w.api('indirect-resellers/requests', {
        headers: await w.partner(fabrikamDistribution, 'UserManagementAdmin'),
        json: body,
      })
    ).status,
  ).toBe(403);
  expect(
    (
      await w.api('indirect-resellers/requests', {
        headers: await w.partner(fabrikamDistribution, 'SalesAgent'),
        json: { ...body, includeDelegatedAdmin: true },
      })
    ).status,
  ).toBe(400);
  const r = await w.api('indirect-resellers/requests', {
    headers: await w.partner(fabrikamDistribution, 'SalesAgent'),
    json: body,
  });
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({ kind: 'partnership', status: 'pending', includeDelegatedAdmin: false });
  const revoked = await w.api(`invitations/${r.body.id}/revoke`, {
    method: 'POST',
    headers: await w.partner(fabrikamDistribution, 'SalesAgent'),
  });
  expect(revoked.status).toBe(200);
});

test('the reseller follows the link and accepts; wrong acceptors get 403/422 and nothing changes', async () => {
  const provider = await w.partner(fabrikamDistribution, 'GlobalAdmin');
  const r = await w.api('indirect-resellers/requests', {
    headers: provider,
    json: { recipientEmail: northwindAdmin.email, recipientName: 'Nora' },
  });
  expect(r.status).toBe(202);
  const id = r.body.id as string;
  const { token, link } = await w.linkToken(northwindAdmin.email, id);
  const page = await fetch(new URL(link).origin + new URL(link).pathname);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Fabrikam Distribution invites your organisation to a partnership');
  expect(html).toContain('data-accept-url');
  expect(html).not.toContain('Customer Agreement');
  const mail = (await w.stack.inbox(northwindAdmin.email)).find((m) => m.links.some((l) => l.includes(id)));
  expect(mail?.subject).toContain('Fabrikam Distribution');
  expect(mail?.subject).toMatch(/partnership/i);

  const accept = async (headers: Record<string, string>) =>
    w.api(`invitations/${id}/accept`, { headers: { ...headers, ...w.origin }, json: { token } });
  const wrong: Array<[string, Record<string, string>, number, string]> = [
    [
      'customer Global admin',
      await w.as(user(adatumCorp.tenantId, (u) => (u.wids?.length ?? 0) > 0)),
      403,
      'forbidden',
    ],
    ['reseller Sales agent', await w.partner(northwindResellers, 'SalesAgent'), 403, 'forbidden'],
    ['reseller Helpdesk agent', await w.partner(northwindResellers, 'HelpdeskAgent'), 403, 'forbidden'],
    ['reseller in another region', await w.partner(woodgroveReseller, 'GlobalAdmin'), 422, 'region_mismatch'],
    ['direct partner', await w.partner(contosoDirect, 'GlobalAdmin'), 422, 'partner_kind_not_allowed'],
    ['the provider itself', await w.partner(fabrikamDistribution, 'GlobalAdmin'), 422, 'self_relationship'],
  ];
  for (const [who, headers, status, code] of wrong) {
    const refused = await accept(headers);
    expect({ who, status: refused.status, code: refused.body.code }).toEqual({ who, status, code });
  }
  const declinedByCustomer = await w.api(`invitations/${id}/decline`, {
    headers: { ...wrong[0]![1], ...w.origin },
    json: { token },
  });
  expect(declinedByCustomer.status).toBe(403);
  const still = await w.api(`invitations/${id}`, { headers: provider });
  expect(still.body.status).toBe('pending');
  expect(still.body.timeline.map((e: any) => e.type)).toEqual(['created', 'emailed']);
  expect((await w.api('indirect-resellers', { headers: provider })).body.items).toEqual([]);

  const ok = await accept(await w.as(northwindAdmin));
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ invitationId: id, status: 'accepted', partner: { name: 'Fabrikam Distribution' } });
  // The accept recorded before it answered: at once, with nothing settled, the partnership is in
  // force (no 409 partnership_required for a portal acting on the 200).
  expect((await w.api(`invitations/${id}`, { headers: provider })).body.status).toBe('recorded');
  const northwindGa = await w.partner(northwindResellers, 'GlobalAdmin');
  const rightAway = await w.api('invitations/multi-party', {
    headers: northwindGa,
    json: {
      recipientEmail: 'right-away@adatum.example',
      providerTenantId: fabrikamDistribution.tenantId,
      includeDelegatedAdmin: false,
    },
  });
  expect([rightAway.status, rightAway.body.code]).toEqual([202, undefined]);
  expect(
    (await w.api(`invitations/${rightAway.body.id}/revoke`, { method: 'POST', headers: northwindGa })).status,
  ).toBe(200);
  expect((await accept(await w.as(northwindAdmin))).status).toBe(200);
  expect((await accept(await w.partner(northwindResellers, 'GlobalAdmin'))).body.code).toBe('invitation_unavailable');

  const recorded = await w.until('recorded', async () => {
    const d = await w.api(`invitations/${id}`, { headers: provider });
    return d.body.status === 'recorded' ? d.body : undefined;
  });
  expect(recorded.timeline.map((e: any) => e.type)).toEqual(['created', 'emailed', 'accepted', 'recorded']);

  const resellers = await w.api('indirect-resellers', {
    headers: await w.partner(fabrikamDistribution, 'HelpdeskAgent'),
  });
  expect(resellers.status).toBe(200);
  expect(resellers.body.items).toHaveLength(1);
  expect(resellers.body.items[0]).toMatchObject({
    partnership: {
      providerTenantId: fabrikamDistribution.tenantId,
      resellerTenantId: northwindResellers.tenantId,
      status: 'active',
      invitationId: id,
    },
    reseller: { name: 'Northwind Resellers' },
    associatedCustomers: 0,
  });
  expect(Date.parse(resellers.body.items[0].partnership.createdAt)).not.toBeNaN();
  expect((await w.api('indirect-resellers?name=NORTH', { headers: provider })).body.items).toHaveLength(1);
  expect((await w.api('indirect-resellers?name=woodgrove', { headers: provider })).body.items).toHaveLength(0);
  expect((await w.api('indirect-resellers?pageSize=0', { headers: provider })).status).toBe(400);

  const providers = await w.api('indirect-providers', { headers: await w.partner(northwindResellers, 'SalesAgent') });
  expect(providers.body.items).toHaveLength(1);
  expect(providers.body.items[0]).toMatchObject({
    provider: { name: 'Fabrikam Distribution' },
    partnership: { status: 'active' },
  });
  // Nobody else sees it.
  expect(
    (await w.api('indirect-providers', { headers: await w.partner(woodgroveReseller, 'GlobalAdmin') })).body.items,
  ).toEqual([]);
  expect(
    (await w.api('indirect-resellers', { headers: await w.partner(contosoDirect, 'GlobalAdmin') })).body.items,
  ).toEqual([]);
  expect(
    (await w.api(`invitations/${id}`, { headers: await w.partner(northwindResellers, 'GlobalAdmin') })).status,
  ).toBe(404);

  // A request to a reseller already in active partnership is refused and sends nothing.
  const again = await w.api('indirect-resellers/requests', {
    json: { recipientEmail: 'again@northwind-resellers.example', resellerTenantId: northwindResellers.tenantId },
    headers: provider,
  });
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('already_partners');
});

test('removing the partnership: customers stay associated, grants unchanged, no notice; idempotent', async () => {
  const provider = await w.partner(fabrikamDistribution, 'AdminAgent');
  expect(
    (
      await w.api(`indirect-resellers/${northwindResellers.tenantId}`, {
        method: 'DELETE',
        headers: await w.partner(fabrikamDistribution, 'SalesAgent'),
      })
    ).status,
  ).toBe(403);
  expect(
    (await w.api(`indirect-resellers/${woodgroveReseller.tenantId}`, { method: 'DELETE', headers: provider })).status,
  ).toBe(404);
  const inboxBefore = (await w.stack.inbox(roleUser(northwindResellers, 'GlobalAdmin').email)).length;
  const removed = await w.api(`indirect-resellers/${northwindResellers.tenantId}`, {
    method: 'DELETE',
    headers: provider,
  });
  expect(removed.status).toBe(200);
  expect(removed.body).toMatchObject({
    removed: { status: 'removed', resellerTenantId: northwindResellers.tenantId },
    customersStillAssociated: [],
    grantsUnchanged: [],
    noticeSent: false,
  });
  expect(removed.body.note).toMatch(/remain in force/);
  const again = await w.api(`indirect-resellers/${northwindResellers.tenantId}`, {
    method: 'DELETE',
    headers: provider,
  });
  expect(again.body.removed).toEqual(removed.body.removed);
  expect((await w.api('indirect-resellers', { headers: provider })).body.items).toEqual([]);
  expect(
    (await w.api('indirect-providers', { headers: await w.partner(northwindResellers, 'GlobalAdmin') })).body.items,
  ).toEqual([]);
  await w.until('settled', async () => true);
  expect((await w.stack.inbox(roleUser(northwindResellers, 'GlobalAdmin').email)).length).toBe(inboxBefore);

  // A new request, accepted, renews the partnership under the same id.
  await w.partnership(fabrikamDistribution, northwindResellers);
  const renewed = await w.api('indirect-resellers', { headers: provider });
  expect(renewed.body.items).toHaveLength(1);
  expect(renewed.body.items[0].partnership).toMatchObject({ id: removed.body.removed.id, status: 'active' });
  expect(renewed.body.items[0].partnership.removedAt).toBeUndefined();
});
