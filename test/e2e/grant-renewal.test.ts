// Renewal before it lapses (issue 17), through HTTP on the embedded stack with virtual time: a
// renewal request is an invitation of kind `renewal` (same link, token, landing page and answer
// rules); accepted by the customer's Global admin it extends the grant in place (due item moved,
// the audit shows the acceptance and grant.extended); declined or expired it changes nothing. Bad
// requests are refused with their codes and write nothing; the inviter's hourly sends are the only cap.
// The role × tenant matrix of the route is its row in test/support/routeTable.ts (authorization.test.ts).
import { recordRenewal } from '../../shared/renewals/recordRenewal';
import { GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { deriveInvitationToken } from '../../shared/domain/token';
import type { Invitation } from '../../shared/domain/invitation';
import { cosmosAuditLog } from '../../shared/store/audit';
import { bucketOf, cosmosDueItemStore } from '../../shared/store/dueItems';
import { cosmosInvitationIndex } from '../../shared/store/invitationIndex';
import { cosmosInvitationStore } from '../../shared/store/invitations';
import { cosmosRecordStore, type GrantDoc } from '../../shared/store/records';
import { call } from '../support/hostProcess';
import { OWN_CUSTOMER, OWN_PARTNER, type Reply, seedWorld, type World } from '../support/apiWorld';
import { startProductStack } from '../support/productStack';
import { type Seeder, seedRecords } from '../support/seedRecords';

const DAY = 86_400_000;
/** Sends of the hour per inviter: small, so the last test reaches the limit. */
const SENDS_PER_HOUR = 12;
let world: World;
let seed: Seeder;
let partner: Record<string, string>;
let customer: Record<string, string>;

beforeAll(async () => {
  world = await seedWorld(await startProductStack({ INVITER_SENDS_PER_HOUR: String(SENDS_PER_HOUR) }));
  seed = await seedRecords(world.stack.env);
  partner = await world.auth({ kind: 'partner', role: 'GlobalAdmin', own: true });
  customer = {
    ...(await world.auth({ kind: 'customer', globalAdmin: true, own: true })),
    origin: world.stack.env.PUBLIC_BASE_URL as string,
  };
}, 180_000);

afterAll(async () => {
  await world?.stack.stop();
});

const renewalPath = (grantId = world.grantId, customerId = world.customerId) =>
  `/api/customers/${customerId}/grants/${grantId}/renewal-requests`;
const ask = (over: Record<string, unknown> = {}) => ({
  recipientEmail: 'admin@adatum.example',
  delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P90D' },
  ...over,
});
const grant = async (): Promise<GrantDoc> => (await seed.readGrant(world.customerId, world.grantId)) as GrantDoc;
const advance = async (ms: number) =>
  expect((await call(`${world.stack.url}/dev/time/advance`, { json: { ms } })).status).toBe(200);
const orchestration = async (id: string) =>
  (await call(`${world.stack.url}/runtime/webhooks/durabletask/instances/${id}`)).body as
    { runtimeStatus: string; output: unknown } | undefined;
const finished = (id: string) =>
  world.stack.until(`orchestration ${id} to finish`, async () =>
    (await orchestration(id))?.runtimeStatus === 'Completed' ? orchestration(id) : undefined,
  );
const audit = async (headers: Record<string, string>) =>
  (await world.api('/api/audit?pageSize=100', { headers })).body.items as Array<{
    action: string;
    subjectId?: string;
    detail?: Record<string, unknown>;
  }>;

async function requestRenewal(body = ask(), headers = partner): Promise<{ id: string; token: string; reply: Reply }> {
  const reply = await world.api(renewalPath(), { method: 'POST', headers, json: body });
  const id = reply.body?.id as string;
  if (reply.status >= 500) console.log(world.stack.host.output().slice(-4000));
  return { id, token: id ? deriveInvitationToken(world.stack.env.INVITATION_TOKEN_SECRET as string, id) : '', reply };
}

test('accepted by the customer Global admin: the grant is extended in place, its due item moved, the audit shows both', async () => {
  const before = await grant();
  expect(before).toMatchObject({ status: 'active', roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D' });
  const { id, token, reply } = await requestRenewal();
  expect(reply.status).toBe(202);
  expect(reply.headers.get('location')).toBe(`/api/invitations/${id}`);
  expect(reply.body).toMatchObject({
    kind: 'renewal',
    grantId: world.grantId,
    customerTenantId: world.customerId,
    includeDelegatedAdmin: true,
    delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P90D', autoExtend: false },
    status: 'pending',
  });
  expect(JSON.stringify(reply.body)).not.toContain(token);

  // The same email, link and landing page as every invitation.
  const mail = await world.stack.until('the renewal email', async () =>
    (await world.stack.inbox('admin@adatum.example')).find((m) => m.text?.includes(`/api/invite/${id}#t=`)),
  );
  expect(mail.subject).toContain('renew');
  const page = await world.api(`/api/invite/${id}`);
  expect(page.status).toBe(200);
  expect(String(page.body)).toContain('asks to renew its delegated admin privileges');
  expect(String(page.body)).not.toContain('A reseller relationship');

  const accepted = await world.api(`/api/invitations/${id}/accept`, {
    method: 'POST',
    headers: customer,
    json: { token },
  });
  if (accepted.status !== 200) console.log(world.stack.host.output().slice(-4000));
  expect(accepted.status).toBe(200);
  expect((await finished(id))?.output).toBe('recorded');

  const invitation = (await seed.readInvitation(id)) as Invitation;
  expect(invitation.status).toBe('recorded');
  const after = await grant();
  const newEnd = new Date(Date.parse(invitation.answeredAt as string) + 90 * DAY).toISOString();
  // In place: the same grant id, from the same original invitation, with the renewal's terms.
  expect(after).toMatchObject({
    id: before.id,
    invitationId: before.invitationId,
    startsAt: before.startsAt,
    status: 'active',
    roles: [HELPDESK_ADMINISTRATOR],
    duration: 'P90D',
    endsAt: newEnd,
    renewal: { invitationId: id, previousEndsAt: before.endsAt },
  });
  const grants = (await world.api(`/api/customers/${world.customerId}`, { headers: partner })).body.grants as Array<{
    id: string;
  }>;
  expect(grants.map((g) => g.id)).toEqual([world.grantId]);

  // The sweep's grantEnd item follows the new end: due on the new day, gone from the old one.
  expect(
    (await seed.dueItems(bucketOf(newEnd))).filter((i) => i.kind === 'grantEnd' && i.targetId === world.grantId),
  ).toHaveLength(1);
  expect(
    (await seed.dueItems(bucketOf(before.endsAt))).filter((i) => i.kind === 'grantEnd' && i.targetId === world.grantId),
  ).toEqual([]);

  // Both sides' trails: the renewal's acceptance and grant.extended (the webhook event of that name).
  for (const headers of [partner, { authorization: customer.authorization as string }]) {
    const entries = await audit(headers);
    expect(entries.filter((e) => e.action === 'invitation.accepted' && e.subjectId === id)).toHaveLength(1);
    expect(entries.filter((e) => e.action === 'grant.extended' && e.subjectId === world.grantId)).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ endsAt: newEnd, previousEndsAt: before.endsAt, renewalInvitationId: id }),
      }),
    ]);
  }

  // Recording again (a re-run after a crash between the grant's write and the item's move) moves the
  // item it finds left on the old day, and changes nothing else nor audits anything twice.
  await seed.due({ kind: 'grantEnd', targetId: world.grantId, partitionKey: world.customerId, dueAt: before.endsAt });
  const auditBefore = await audit(partner);
  await recordRenewal(
    {
      invitations: cosmosInvitationStore(seed.container('invitations')),
      records: cosmosRecordStore(seed.container('relationships'), seed.container('customers')),
      dueItems: cosmosDueItemStore(seed.container('dueItems')),
      audit: cosmosAuditLog(seed.container('audit')),
      index: cosmosInvitationIndex(seed.container('invitationIndex')),
      now: () => new Date(),
    },
    { ...invitation, status: 'accepted' },
    world.customerId,
  );
  expect(await grant()).toEqual(after);
  expect((await audit(partner)).length).toBe(auditBefore.length);
  expect(
    (await seed.dueItems(bucketOf(before.endsAt))).filter((i) => i.kind === 'grantEnd' && i.targetId === world.grantId),
  ).toEqual([]);
  expect(
    (await seed.dueItems(bucketOf(newEnd))).filter((i) => i.kind === 'grantEnd' && i.targetId === world.grantId),
  ).toHaveLength(1);
});

test('declined: the grant stays as it was', async () => {
  const before = await grant();
  const { id, token, reply } = await requestRenewal(
    ask({ delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P200D' } }),
  );
  expect(reply.status).toBe(202);
  const declined = await world.api(`/api/invitations/${id}/decline`, {
    method: 'POST',
    headers: customer,
    json: { token },
  });
  expect(declined.status).toBe(200);
  expect((await finished(id))?.output).toBe('declined');
  expect((await seed.readInvitation(id))?.status).toBe('declined');
  expect(await grant()).toEqual(before);
  expect(
    (await audit(partner)).filter((e) => e.action === 'grant.extended' && e.detail?.renewalInvitationId === id),
  ).toEqual([]);
});

test('expired (its deadline passes unanswered): the grant stays as it was, and the link answers nothing', async () => {
  const before = await grant();
  const { id, token, reply } = await requestRenewal(ask({ expiresInDays: 1 }));
  expect(reply.status).toBe(202);
  await world.stack.until('the renewal to be emailed', async () =>
    (await seed.readInvitation(id))?.sendCount === 1 ? true : undefined,
  );
  await advance(DAY + 60_000);
  expect((await finished(id))?.output).toBe('expired');
  expect((await seed.readInvitation(id))?.status).toBe('expired');
  const late = await world.api(`/api/invitations/${id}/accept`, { method: 'POST', headers: customer, json: { token } });
  expect([late.status, late.body.code]).toEqual([404, 'invitation_unavailable']);
  expect(await grant()).toEqual(before);
});

test('bad requests are refused with their codes and write nothing', async () => {
  const invitationsBefore = (await world.api('/api/invitations?pageSize=100', { headers: partner })).body.items
    .length as number;
  const foreign = await world.auth({ kind: 'partner', role: 'GlobalAdmin', own: false });
  const cases: Array<[string, Promise<Reply>, number, string]> = [
    [
      'unknown grant',
      world.api(renewalPath('0b6c3e4a-1d2f-4a5b-8c7d-9e0f1a2b3c4d'), { method: 'POST', headers: partner, json: ask() }),
      404,
      'not_found',
    ],
    [
      "the grant under another customer's id",
      world.api(renewalPath(world.grantId, '0b6c3e4a-1d2f-4a5b-8c7d-9e0f1a2b3c4d'), {
        method: 'POST',
        headers: partner,
        json: ask(),
      }),
      404,
      'not_found',
    ],
    [
      "another partner's grant",
      world.api(renewalPath(), { method: 'POST', headers: foreign, json: ask() }),
      404,
      'not_found',
    ],
    [
      'a role the grant does not hold',
      world.api(renewalPath(), {
        method: 'POST',
        headers: partner,
        json: ask({ delegatedAdmin: { roles: [GLOBAL_ADMINISTRATOR], duration: 'P90D' } }),
      }),
      400,
      'roles_not_in_grant',
    ],
    [
      'a duration beyond 730 days',
      world.api(renewalPath(), {
        method: 'POST',
        headers: partner,
        json: ask({ delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P800D' } }),
      }),
      400,
      'bad_request',
    ],
    [
      'no duration',
      world.api(renewalPath(), {
        method: 'POST',
        headers: partner,
        json: ask({ delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR] } }),
      }),
      400,
      'bad_request',
    ],
    [
      'no roles',
      world.api(renewalPath(), {
        method: 'POST',
        headers: partner,
        json: ask({ delegatedAdmin: { roles: [], duration: 'P90D' } }),
      }),
      400,
      'bad_request',
    ],
    [
      'a malformed grant id',
      world.api(renewalPath('not-a-guid'), { method: 'POST', headers: partner, json: ask() }),
      400,
      'bad_request',
    ],
    [
      'an unknown field',
      world.api(renewalPath(), { method: 'POST', headers: partner, json: ask({ customerTenantId: world.customerId }) }),
      400,
      'bad_request',
    ],
  ];
  const got = [];
  for (const [what, reply, status, code] of cases) {
    const r = await reply;
    got.push([what, r.status, r.body?.code]);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    void status;
    void code;
  }
  expect(got).toEqual(cases.map(([what, , status, code]) => [what, status, code]));
  expect((await world.api('/api/invitations?pageSize=100', { headers: partner })).body.items.length).toBe(
    invitationsBefore,
  );
});

test('a grant removed by the customer: a pending renewal can no longer be accepted, and a new one is refused (409)', async () => {
  const { id, token, reply } = await requestRenewal();
  expect(reply.status).toBe(202);
  const removed = await world.api(`/api/me/delegated-admin-grants/${world.grantId}`, {
    method: 'DELETE',
    headers: { authorization: customer.authorization as string },
  });
  expect(removed.status).toBe(200);
  const before = await grant();
  expect(before.status).toBe('removed');
  const accepted = await world.api(`/api/invitations/${id}/accept`, {
    method: 'POST',
    headers: customer,
    json: { token },
  });
  expect([accepted.status, accepted.body.code]).toEqual([409, 'grant_not_active']);
  expect((await seed.readInvitation(id))?.status).toBe('pending');
  const again = await requestRenewal();
  expect([again.reply.status, again.reply.body.code]).toEqual([409, 'grant_not_active']);
  expect(await grant()).toEqual(before);
});

test("no cap of its own: renewals count against the inviter's sends of the hour, and only those", async () => {
  // A fresh grant (the world's was removed above) and a fresh hour: virtual time moves on.
  const g = await seed.grant(OWN_PARTNER.tenantId, OWN_CUSTOMER.tenantId, {
    roles: [HELPDESK_ADMINISTRATOR],
    endsAt: new Date(Date.now() + 400 * DAY).toISOString(),
  });
  await advance(2 * 3_600_000);
  const statuses: number[] = [];
  for (let i = 0; i < SENDS_PER_HOUR + 2; i++) {
    const r = await world.api(renewalPath(g.id), { method: 'POST', headers: partner, json: ask() });
    statuses.push(r.status);
    if (r.status === 429) expect(r.body.code).toBe('rate_limited');
  }
  expect(statuses.filter((s) => s === 202)).toHaveLength(SENDS_PER_HOUR);
  expect(statuses.slice(SENDS_PER_HOUR)).toEqual([429, 429]);
});
