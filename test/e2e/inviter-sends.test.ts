import type { CosmosClient } from '@azure/cosmos';
import { contosoDirect, fabrikamDistribution, northwindResellers } from '../../infra/local/identity/demoDirectory';
import { idempotentInvitationId } from '../../shared/domain/ids';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { call } from '../support/hostProcess';
import { type IndirectWorld, type Reply, setUpIndirectWorld } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';

/**
 * Sends per inviter end to end, with INVITER_SENDS_PER_HOUR=3 on the product stack: a partner's
 * fourth new invitation of the hour gets 429 rate_limited with Retry-After and leaves nothing
 * behind (no invitation, index entry, deadline, audit entry, orchestration or email), while a
 * replayed Idempotency-Key still returns its invitation and other partners still send. Each kind
 * counts against its inviter: a multi-party request against the reseller, a partnership request
 * against the provider.
 */
let w: IndirectWorld;
let cosmos: CosmosClient;

beforeAll(async () => {
  // The host counts by the wall clock's hour: too close to its end, the suite would span two windows.
  const leftInHour = 3_600_000 - (Date.now() % 3_600_000);
  if (leftInHour < 60_000) await new Promise((r) => setTimeout(r, leftInHour + 1_000));
  w = await setUpIndirectWorld(await startProductStack({ INVITER_SENDS_PER_HOUR: '3' }));
  cosmos = createCosmosClient({
    endpoint: w.stack.env.COSMOS_ENDPOINT as string,
    key: w.stack.env.COSMOS_KEY,
    caCertFile: w.stack.env.COSMOS_CA_CERT_FILE,
  });
}, 180_000);

afterAll(async () => {
  cosmos?.dispose();
  await w?.stack.stop();
});

const container = (name: keyof typeof containers) =>
  cosmos.database(w.stack.env.COSMOS_DATABASE as string).container(containers[name].id);

/** Documents anywhere in a container that name the invitation (cross-partition: a test's check, not the app's). */
async function traces(name: keyof typeof containers, id: string): Promise<unknown[]> {
  const { resources } = await container(name)
    .items.query({
      query:
        'SELECT * FROM c WHERE c.id = @id OR c.invitationId = @id OR c.targetId = @id OR c.subject.id = @id OR c.correlationId = @id',
      parameters: [{ name: '@id', value: id }],
    })
    .fetchAll();
  return resources;
}

function expectRateLimited(r: Reply): void {
  expect(r.status).toBe(429);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body).toMatchObject({ status: 429, code: 'rate_limited' });
  const retryAfter = Number(r.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(3600);
}

test("a partner's fourth invitation of the hour is refused and writes nothing; a replay and other partners still go through", async () => {
  const contoso = await w.partner(contosoDirect, 'SalesAgent');
  const invite = (key: string, recipientEmail: string, headers = contoso) =>
    w.api('invitations', {
      headers: { ...headers, 'idempotency-key': key },
      json: { recipientEmail, includeDelegatedAdmin: false },
    });
  const sent: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const r = await invite(`limit-${i}`, `limit-${i}@adatum.example`);
    expect(r.status).toBe(202);
    sent.push(r.body.id as string);
  }

  const refused = await invite('limit-4', 'limit-4@adatum.example');
  expectRateLimited(refused);
  const refusedId = idempotentInvitationId(contosoDirect.tenantId, 'limit-4');

  const replay = await invite('limit-1', 'limit-1@adatum.example');
  expect(replay.status).toBe(202);
  expect(replay.body.id).toBe(sent[0]);
  expect(replay.headers.get('idempotent-replayed')).toBe('true');

  const other = await invite('limit-1', 'other@adatum.example', await w.partner(northwindResellers, 'SalesAgent'));
  expect(other.status).toBe(202);

  // The three were emailed; the refused one never was, and left nothing anywhere.
  for (let i = 1; i <= 3; i++) await w.linkToken(`limit-${i}@adatum.example`, sent[i - 1] as string);
  await call(`${w.stack.url}/dev/time/settle`, { method: 'POST' });
  expect(await w.stack.inbox('limit-4@adatum.example')).toEqual([]);
  const list = await w.api('invitations?pageSize=50', { headers: contoso });
  expect(list.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...sent].sort());
  expect((await w.api(`invitations/${refusedId}`, { headers: contoso })).status).toBe(404);
  for (const name of ['invitations', 'invitationIndex', 'dueItems', 'audit'] as const)
    expect(await traces(name, refusedId)).toEqual([]);
  expect((await call(`${w.stack.url}/runtime/webhooks/durabletask/instances/${refusedId}`)).status).toBe(404);
  expect(
    (await w.api('audit?pageSize=100', { headers: await w.partner(contosoDirect, 'GlobalAdmin') })).body.items.some(
      (e: { subject?: { id?: string } }) => e.subject?.id === refusedId,
    ),
  ).toBe(false);

  // Still refused on another try, without a key.
  expectRateLimited(
    await w.api('invitations', {
      headers: contoso,
      json: { recipientEmail: 'limit-5@adatum.example', includeDelegatedAdmin: false },
    }),
  );
});

test('a multi-party request counts against the reseller, a partnership request against the provider', async () => {
  // Fabrikam's request (its first send) and Northwind's acceptance make the partnership multi-party needs.
  await w.partnership(fabrikamDistribution, northwindResellers);
  const northwind = await w.partner(northwindResellers, 'SalesAgent');
  const multiParty = (n: number) =>
    w.api('invitations/multi-party', {
      headers: northwind,
      json: {
        providerTenantId: fabrikamDistribution.tenantId,
        recipientEmail: `multi-${n}@adatum.example`,
        includeDelegatedAdmin: false,
      },
    });
  // Northwind sent one customer invitation in the test above: two more, then refused.
  expect((await multiParty(1)).status).toBe(202);
  expect((await multiParty(2)).status).toBe(202);
  expectRateLimited(await multiParty(3));

  // The multi-party requests did not count against Fabrikam, which named in them: two more of its own.
  const fabrikam = await w.partner(fabrikamDistribution, 'SalesAgent');
  const request = (n: number) =>
    w.api('indirect-resellers/requests', { headers: fabrikam, json: { recipientEmail: `reseller-${n}@example.com` } });
  expect((await request(1)).status).toBe(202);
  expect((await request(2)).status).toBe(202);
  expectRateLimited(await request(3));
});
