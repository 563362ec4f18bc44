import { randomUUID } from 'node:crypto';
import { acceptanceRecords } from '../../shared/domain/acceptanceRecords';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { grantId, relationshipId } from '../../shared/domain/ids';
import type { Invitation } from '../../shared/domain/invitation';
import {
  adatumCorp,
  contosoDirect,
  fabrikamDistribution,
  northwindResellers,
  woodgroveReseller,
} from '../../infra/local/identity/demoDirectory';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { cosmosRecordStore } from '../../shared/store/records';
import { call } from '../support/hostProcess';
import { type IndirectWorld, setUpIndirectWorld, user } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';

/**
 * Multi-party invitations end to end: only with an active partnership; the customer accepts one
 * link; the reseller relationship (with its grant) and the provider relationship naming the
 * reseller are recorded; both partners see the invitation and the customer. Then a crash in the
 * middle of recording: the host is killed with the first relationship written, and recovery
 * completes with no duplicates.
 */
let w: IndirectWorld;
const adatumAdmin = user(adatumCorp.tenantId, (u) => (u.wids?.length ?? 0) > 0);
const da = { roles: [HELPDESK_ADMINISTRATOR], duration: 'P60D', autoExtend: false };

beforeAll(async () => {
  w = await setUpIndirectWorld(await startProductStack());
  await w.partnership(fabrikamDistribution, northwindResellers);
}, 120_000);

afterAll(async () => {
  await w?.stack.stop();
});

const cosmos = () => {
  const env = w.stack.env;
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  return { client, db: client.database(env.COSMOS_DATABASE as string) };
};

async function invite(json: Record<string, unknown>, headers?: Record<string, string>) {
  return w.api('invitations/multi-party', {
    headers: headers ?? (await w.partner(northwindResellers, 'GlobalAdmin')),
    json: { providerTenantId: fabrikamDistribution.tenantId, delegatedAdmin: da, ...json },
  });
}

test('only an indirect reseller in active partnership with the provider may send one', async () => {
  const body = { recipientEmail: 'admin@adatum.example' };
  expect((await invite(body, await w.partner(contosoDirect, 'GlobalAdmin'))).body.code).toBe(
    'partner_kind_not_allowed',
  );
  const noPartnership = await invite(body, await w.partner(woodgroveReseller, 'GlobalAdmin'));
  expect(noPartnership.status).toBe(409);
  expect(noPartnership.body.code).toBe('partnership_required');
  const notProvider = await invite({ ...body, providerTenantId: contosoDirect.tenantId });
  expect({ status: notProvider.status, code: notProvider.body.code }).toEqual({
    status: 422,
    code: 'partner_kind_not_allowed',
  });
  expect(
    (await invite({ ...body, includeDelegatedAdmin: true }, await w.partner(northwindResellers, 'SalesAgent'))).status,
  ).toBe(403);
  expect((await invite({ ...body, providerTenantId: undefined })).status).toBe(400);
});

test('the customer accepts one link; both partners see the invitation and the customer, the reseller named', async () => {
  const r = await invite({ recipientEmail: adatumAdmin.email, customerTenantId: adatumCorp.tenantId });
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({
    kind: 'multiParty',
    providerTenantId: fabrikamDistribution.tenantId,
    partnerTenantId: northwindResellers.tenantId,
  });
  const id = r.body.id as string;
  const provider = await w.partner(fabrikamDistribution, 'SalesAgent');
  const reseller = await w.partner(northwindResellers, 'SalesAgent');
  expect((await w.api(`invitations/${id}`, { headers: provider })).body.status).toBe('pending');
  expect(
    (await w.api('invitations?kind=multiParty', { headers: provider })).body.items.map(
      (i: any) => i.invitationId ?? i.id,
    ),
  ).toContain(id);
  expect(
    (await w.api(`invitations/${id}`, { headers: await w.partner(woodgroveReseller, 'GlobalAdmin') })).status,
  ).toBe(404);

  const { link, token } = await w.linkToken(adatumAdmin.email, id);
  const page = await fetch(new URL(link).origin + new URL(link).pathname);
  const html = await page.text();
  expect(html).toContain('Northwind Resellers');
  expect(html).toContain('Fabrikam Distribution');
  const accepted = await w.api(`invitations/${id}/accept`, {
    headers: { ...(await w.as(adatumAdmin)), ...w.origin },
    json: { token, acceptCustomerAgreement: true, companyName: 'Adatum Corp' },
  });
  expect(accepted.status).toBe(200);

  await w.until('recorded', async () =>
    (await w.api(`invitations/${id}`, { headers: reseller })).body.status === 'recorded' ? true : undefined,
  );
  expect((await w.api(`invitations/${id}`, { headers: provider })).body.status).toBe('recorded');
  const providerList = (await w.api(`invitations?kind=multiParty`, { headers: provider })).body.items.find(
    (i: any) => (i.invitationId ?? i.id) === id,
  );
  expect(providerList.status).toBe('recorded');

  const resellerCustomers = await w.api('customers', { headers: reseller });
  const mine = resellerCustomers.body.items.find((c: any) => c.customerTenantId === adatumCorp.tenantId);
  expect(mine.relationships[0]).toMatchObject({ kind: 'reseller', partnerTenantId: northwindResellers.tenantId });
  expect(mine.grants.map((g: any) => g.roles)).toEqual([[HELPDESK_ADMINISTRATOR]]);

  const providerCustomers = await w.api('customers', { headers: provider });
  const theirs = providerCustomers.body.items.find((c: any) => c.customerTenantId === adatumCorp.tenantId);
  expect(theirs).toMatchObject({
    companyName: 'Adatum Corp',
    reseller: { tenantId: northwindResellers.tenantId, name: 'Northwind Resellers' },
    grants: [],
  });
  expect(theirs.relationships[0]).toMatchObject({
    kind: 'indirectProvider',
    resellerTenantId: northwindResellers.tenantId,
  });
  expect(
    (await w.api(`customers?resellerId=${northwindResellers.tenantId}`, { headers: provider })).body.items,
  ).toHaveLength(1);
  const resellers = await w.api('indirect-resellers', { headers: provider });
  expect(resellers.body.items[0].associatedCustomers).toBe(1);

  const partners = await w.api('me/partners', { headers: await w.as(adatumAdmin) });
  expect(JSON.stringify(partners.body)).toContain(northwindResellers.tenantId);
  expect(JSON.stringify(partners.body)).toContain(fabrikamDistribution.tenantId);
});

test('a host killed with half the acceptance recorded recovers: complete, no duplicates', async () => {
  // A customer tenant of its own, so every record below is this test's.
  const customer = {
    tenantId: randomUUID(),
    userId: randomUUID(),
    email: 'admin@crash.example',
    wids: [GLOBAL_ADMINISTRATOR_WID],
    tenantCountry: 'US',
  };
  const r = await invite({ recipientEmail: customer.email });
  const id = r.body.id as string;
  const { token } = await w.linkToken(customer.email, id);
  const accepted = await w.api(`invitations/${id}/accept`, {
    headers: { ...(await w.as(customer)), ...w.origin },
    json: { token, acceptCustomerAgreement: true },
  });
  expect(accepted.status).toBe(200);
  await w.stack.restartHost({ kill: true });

  // While the host is down: the state a crash right after RecordAcceptance's first relationship leaves.
  const { client, db } = cosmos();
  const records = cosmosRecordStore(db.container(containers.relationships.id), db.container(containers.customers.id));
  const { resource: inv } = await db.container(containers.invitations.id).item(id, id).read<Invitation>();
  expect(['accepted', 'recorded']).toContain(inv?.status);
  const planned = acceptanceRecords(inv as Invitation, customer.tenantId);
  if (!planned.ok) throw new Error(planned.detail);
  await records.createRelationship(planned.value.relationships[0]!);

  const reseller = await w.partner(northwindResellers, 'GlobalAdmin');
  const provider = await w.partner(fabrikamDistribution, 'GlobalAdmin');
  await w.until('recovery', async () => {
    const status = (await w.api(`invitations/${id}`, { headers: reseller })).body.status;
    if (status !== 'recorded') await call(`${w.stack.url}/dev/time/advance`, { json: { ms: 15 * 60_000 } });
    return status === 'recorded' ? true : undefined;
  });
  const instance = await w.until('the orchestration to complete', async () => {
    const s = await call(`${w.stack.url}/runtime/webhooks/durabletask/instances/${id}`);
    return s.body?.runtimeStatus === 'Completed' ? s.body : undefined;
  });
  expect(instance.output).toBe('recorded');

  const count = async (container: string, query: string, pk: string) =>
    (
      await db
        .container(container)
        .items.query({ query, parameters: [{ name: '@c', value: customer.tenantId }] }, { partitionKey: pk })
        .fetchAll()
    ).resources.length;
  expect(
    await count(
      containers.relationships.id,
      'SELECT * FROM c WHERE c.customerTenantId = @c',
      northwindResellers.tenantId,
    ),
  ).toBe(1);
  expect(
    await count(
      containers.relationships.id,
      'SELECT * FROM c WHERE c.customerTenantId = @c',
      fabrikamDistribution.tenantId,
    ),
  ).toBe(1);
  expect(
    await count(
      containers.customers.id,
      "SELECT * FROM c WHERE c.tenantId = @c AND c.type = 'relationshipMirror'",
      customer.tenantId,
    ),
  ).toBe(2);
  expect(
    await count(
      containers.customers.id,
      "SELECT * FROM c WHERE c.tenantId = @c AND c.type = 'grant'",
      customer.tenantId,
    ),
  ).toBe(1);
  expect(
    await count(
      containers.customers.id,
      "SELECT * FROM c WHERE c.tenantId = @c AND c.type = 'customer'",
      customer.tenantId,
    ),
  ).toBe(1);
  client.dispose();

  const resellerView = await w.api(`customers/${customer.tenantId}`, { headers: reseller });
  expect(resellerView.body.relationships[0].id).toBe(relationshipId(northwindResellers.tenantId, customer.tenantId));
  expect(resellerView.body.grants.map((g: any) => g.id)).toEqual([grantId(id)]);
  const providerView = await w.api(`customers/${customer.tenantId}`, { headers: provider });
  expect(providerView.body).toMatchObject({ reseller: { name: 'Northwind Resellers' } });
  const listed = (await w.api('customers?pageSize=100', { headers: provider })).body.items.filter(
    (c: any) => c.customerTenantId === customer.tenantId,
  );
  expect(listed).toHaveLength(1);
});
