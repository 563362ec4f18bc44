import { makeRecordAcceptance } from '../../functions/activities/recordAcceptance';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { deriveInvitationToken } from '../../shared/domain/token';
import { cosmosAuditLog } from '../../shared/store/audit';
import { cosmosDueItemStore } from '../../shared/store/dueItems';
import { cosmosInvitationIndex } from '../../shared/store/invitationIndex';
import { cosmosInvitationStore } from '../../shared/store/invitations';
import { cosmosPartnerStore } from '../../shared/store/partners';
import { cosmosPartnershipStore } from '../../shared/store/partnerships';
import { cosmosRecordStore } from '../../shared/store/records';
import { adatumCorp, contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { ProductStack, startProductStack } from '../support/productStack';
import { Seeder, seedRecords } from '../support/seedRecords';

/**
 * The invitation orchestration under the real durable-functions SDK with virtual time, driven
 * through HTTP: an answer before the orchestration waits, an acceptance racing the deadline
 * (exactly one terminal state), and re-execution of the recording activity (no duplicates).
 */
let stack: ProductStack;
let seed: Seeder;
const find = (tenantId: string, pick: (u: DemoUser) => boolean) =>
  demoUsers.find((u) => u.tenantId === tenantId && pick(u)) as DemoUser;
const api = (p: string) => `${stack.url}/api/${p}`;
let partner: Record<string, string>;
let customerAdmin: Record<string, string>;

const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => stack.until(what, probe);

const orchestration = async (id: string) =>
  (await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`)).body;
const finished = (id: string) =>
  until(`orchestration ${id} to finish`, async () =>
    (await orchestration(id))?.runtimeStatus === 'Completed' ? orchestration(id) : undefined,
  );

async function invite(to: string, expiresInDays = 30): Promise<{ id: string; token: string }> {
  const r = await call(api('invitations'), {
    json: {
      recipientEmail: to,
      expiresInDays,
      delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false },
    },
    headers: partner,
  });
  expect(r.status).toBe(202);
  const id = r.body.id as string;
  // The same derivation the email activity uses: the test holds the link without waiting for it.
  return { id, token: deriveInvitationToken(stack.env.INVITATION_TOKEN_SECRET as string, id) };
}

const accept = (id: string, token: string) =>
  call(api(`invitations/${id}/accept`), { json: { token, acceptCustomerAgreement: true }, headers: customerAdmin });

beforeAll(async () => {
  stack = await startProductStack();
  seed = await seedRecords(stack.env);
  partner = await directPartnerAdmin(stack);
  customerAdmin = await stack.bearer(find(adatumCorp.tenantId, (u) => (u.wids?.length ?? 0) > 0));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('an acceptance that arrives before the orchestration waits is buffered and carried out', async () => {
  const { id, token } = await invite('early@adatum.example');
  // Straight after the 202: the orchestration is still sending the email, not yet waiting.
  expect((await accept(id, token)).status).toBe(200);
  const done = await finished(id);
  expect(done.output).toBe('recorded');
  expect((await seed.readInvitation(id))?.status).toBe('recorded');
  expect(await seed.readRelationship(contosoDirect.tenantId, adatumCorp.tenantId)).toMatchObject({
    status: 'active',
    invitationId: expect.any(String),
  });
});

test('an acceptance racing the deadline ends in exactly one terminal state, everywhere', async () => {
  const { id, token } = await invite('deadline@adatum.example', 1);
  await until('the invitation to be emailed', async () =>
    (await seed.readInvitation(id))?.sendCount === 1 ? true : undefined,
  );
  // Fire the deadline (virtual time) and answer at the same moment.
  const [advanced, accepted] = await Promise.all([
    call(`${stack.url}/dev/time/advance`, { json: { ms: 86_400_000 } }),
    accept(id, token),
  ]);
  expect(advanced.status).toBe(200);
  const done = await finished(id);
  const invitation = await seed.readInvitation(id);
  const grants = await seed
    .container('customers')
    .items.query({
      query: 'SELECT * FROM c WHERE c.type = "grant" AND c.invitationId = @id',
      parameters: [{ name: '@id', value: id }],
    })
    .fetchAll();
  if (accepted.status === 200) {
    expect(done.output).toBe('recorded');
    expect(invitation?.status).toBe('recorded');
    expect(grants.resources).toHaveLength(1);
  } else {
    expect(accepted.body.code).toBe('invitation_unavailable');
    expect(done.output).toBe('expired');
    expect(invitation?.status).toBe('expired');
    expect(grants.resources).toHaveLength(0);
  }
  const terminal =
    invitation?.timeline.filter((e) => ['accepted', 'declined', 'revoked', 'expired'].includes(e.type)) ?? [];
  expect(terminal).toHaveLength(1);
});

test('re-running the recording activity adds nothing: no duplicate record, no second grant', async () => {
  const { id, token } = await invite('rerun@adatum.example');
  expect((await accept(id, token)).status).toBe(200);
  await finished(id);
  const count = async () =>
    (
      await seed
        .container('customers')
        .items.query({
          query: 'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t',
          parameters: [{ name: '@t', value: adatumCorp.tenantId }],
        })
        .fetchAll()
    ).resources[0] as number;
  const before = await count();
  const record = makeRecordAcceptance({
    invitations: cosmosInvitationStore(seed.container('invitations')),
    records: cosmosRecordStore(seed.container('relationships'), seed.container('customers')),
    index: cosmosInvitationIndex(seed.container('invitationIndex')),
    audit: cosmosAuditLog(seed.container('audit')),
    dueItems: cosmosDueItemStore(seed.container('dueItems')),
    partnerships: cosmosPartnershipStore(seed.container('partnerships'), seed.container('resellerPartnerships')),
    partners: cosmosPartnerStore(seed.container('partners')),
    now: () => new Date(),
  });
  expect(await record({ invitationId: id })).toEqual({ outcome: 'alreadyDone' });
  expect(await count()).toBe(before);
  const inviterMail = await stack.inbox(
    find(contosoDirect.tenantId, (u) => (u.roles as readonly string[] | undefined)?.includes('GlobalAdmin') ?? false)
      .email,
  );
  expect(inviterMail.filter((m) => m.text?.includes(id) || m.subject.includes('accepted')).length).toBeGreaterThan(0);
  expect((await stack.inbox('rerun@adatum.example')).length).toBe(1);
});
