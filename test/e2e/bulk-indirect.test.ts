// Issue 18 in the indirect channel: a multi-party invitation naming a role template keeps its
// snapshot, and an indirect provider's batch may hold partnership requests (kind=partnership).
import { fabrikamDistribution, northwindResellers, woodgroveReseller } from '../../infra/local/identity/demoDirectory';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { type IndirectWorld, setUpIndirectWorld } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';

let world: IndirectWorld;

beforeAll(async () => {
  world = await setUpIndirectWorld(await startProductStack({ INVITER_SENDS_PER_HOUR: '0' }));
  await world.partnership(fabrikamDistribution, northwindResellers);
}, 180_000);

afterAll(async () => {
  await world?.stack.stop();
});

test('a multi-party invitation naming a role template keeps a snapshot of it', async () => {
  const reseller = await world.partner(northwindResellers, 'GlobalAdmin');
  const tpl = await world.api('/api/role-templates', {
    method: 'POST',
    json: { name: 'MP helpdesk', roles: [HELPDESK_ADMINISTRATOR], duration: 'P20D' },
    headers: reseller,
  });
  expect(tpl.status).toBe(201);
  const sent = await world.api('/api/invitations/multi-party', {
    method: 'POST',
    json: {
      recipientEmail: 'mp-template@adatum.example',
      providerTenantId: fabrikamDistribution.tenantId,
      roleTemplateId: tpl.body.id,
    },
    headers: reseller,
  });
  expect(sent.status).toBe(202);
  expect(sent.body).toMatchObject({
    kind: 'multiParty',
    delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P20D', autoExtend: false },
  });
  expect(
    (
      await world.api(`/api/role-templates/${tpl.body.id}`, {
        method: 'PATCH',
        json: { duration: 'P99D' },
        headers: reseller,
      })
    ).status,
  ).toBe(200);
  const after = await world.api(`/api/invitations/${sent.body.id}`, { headers: reseller });
  expect(after.body.delegatedAdmin.duration).toBe('P20D');
});

test("an indirect provider's batch holds partnership requests; a reseller's partnership rows are rejected", async () => {
  const provider = await world.partner(fabrikamDistribution, 'GlobalAdmin');
  const csv =
    'kind,recipientEmail,resellerTenantId\npartnership,owner@woodgrove.example,' +
    woodgroveReseller.tenantId +
    '\npartnership,someone@reseller.example,\n';
  const posted = await world.api('/api/invitation-batches', {
    method: 'POST',
    body: csv,
    headers: { ...provider, 'content-type': 'text/csv' },
  });
  expect(posted.status).toBe(202);
  const done = await world.until('the provider batch to finish', async () => {
    const b = await world.api(`/api/invitation-batches/${posted.body.id}`, { headers: provider });
    return ['succeeded', 'partiallySucceeded', 'failed'].includes(b.body.status) ? b.body : undefined;
  });
  expect(done).toMatchObject({ status: 'succeeded', counts: { created: 2, emailed: 2 } });
  const results = await world.api(`/api/invitation-batches/${posted.body.id}/results`, { headers: provider });
  const first = await world.api(`/api/invitations/${results.body.items[0].invitationId}`, { headers: provider });
  expect(first.body).toMatchObject({ kind: 'partnership', recipientEmail: 'owner@woodgrove.example' });

  const reseller = await world.partner(northwindResellers, 'GlobalAdmin');
  const refused = await world.api('/api/invitation-batches', {
    method: 'POST',
    json: { rows: [{ kind: 'partnership', recipientEmail: 'x@reseller.example' }] },
    headers: reseller,
  });
  expect(refused.body.counts).toMatchObject({ total: 1, rejected: 1 });
});
