import { makeExpireInvitation } from '../../functions/activities/expireInvitation';
import { makeRecordAcceptance } from '../../functions/activities/recordAcceptance';
import { contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import { acceptInvitation } from '../../shared/answers/acceptInvitation';
import { declineInvitation } from '../../shared/answers/declineInvitation';
import type { AnswerDeps } from '../../shared/answers/ports';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { userActor } from '../../shared/domain/invitation';
import { deriveInvitationToken } from '../../shared/domain/token';
import { issueCustomerInvitation } from '../../shared/invitations/issueCustomerInvitation';
import { invitationCreateSchema } from '../../shared/schemas/invitations';
import { cosmosAnswerFailureStore } from '../../shared/store/answerFailures';
import { cosmosAuditLog } from '../../shared/store/audit';
import { cosmosDueItemStore } from '../../shared/store/dueItems';
import { cosmosInvitationIndex } from '../../shared/store/invitationIndex';
import { cosmosInvitationStore } from '../../shared/store/invitations';
import { cosmosPartnerStore } from '../../shared/store/partners';
import { cosmosPartnershipStore } from '../../shared/store/partnerships';
import { cosmosRecordStore } from '../../shared/store/records';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { readIndexed, type Seeder, seedRecords } from '../support/seedRecords';
import { enrolPartner, operatorAuth } from '../support/enrolment';

/**
 * The crash windows test/reliability/invitation-crash.test.ts found, each made deterministic: a
 * step stores an invitation's state change, the process dies before it has written the change's
 * consequences (the partner's invitation list, the audit trail), and the step runs again as it
 * would after the crash (the portal's retry of the request, the durable runtime's re-run of the
 * activity). The second run must complete what the first left, not take the stored state as
 * proof that everything was done.
 */
let stack: ProductStack;
let seed: Seeder;
let partner: Record<string, string>;
const partnerAdmin = demoUsers.find(
  (u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin'),
) as DemoUser;
const store = () => cosmosInvitationStore(seed.container('invitations'));
const index = () => cosmosInvitationIndex(seed.container('invitationIndex'));
const audit = () => cosmosAuditLog(seed.container('audit'));

beforeAll(async () => {
  stack = await startProductStack();
  seed = await seedRecords(stack.env);
  partner = await stack.bearer(partnerAdmin);
  await enrolPartner(stack.url, await operatorAuth(stack), contosoDirect);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** A pending invitation created through the API (listed as pending), emailed. */
async function pendingInvitation(recipientEmail: string): Promise<string> {
  const r = await call(`${stack.url}/api/invitations`, {
    headers: partner,
    json: { recipientEmail, includeDelegatedAdmin: false },
  });
  expect(r.status).toBe(202);
  const id = r.body.id as string;
  await stack.until('the invitation emailed', async () =>
    (await seed.readInvitation(id))?.sendCount === 1 ? true : undefined,
  );
  return id;
}

/** The partner's audit entries about one invitation, by action. */
async function auditActions(id: string): Promise<string[]> {
  const r = await call(`${stack.url}/api/audit?pageSize=100`, { headers: partner });
  return (r.body.items as Array<{ action: string; subjectId: string }>)
    .filter((e) => e.subjectId === id)
    .map((e) => e.action);
}

test('a revoke retried after the host died right after storing it: listed as revoked, audited once', async () => {
  const id = await pendingInvitation('revoke-retry@crash.example');
  // The first request's write landed; the host died before the list and the audit trail were written.
  const stored = await store().apply(id, { type: 'revoke', by: userActor(partnerAdmin) }, new Date());
  expect(stored?.ok).toBe(true);

  const retried = await call(`${stack.url}/api/invitations/${id}/revoke`, { method: 'POST', headers: partner });
  expect(retried.status).toBe(200);
  expect(retried.body.status).toBe('revoked');
  expect((await readIndexed(seed, contosoDirect.tenantId, id))?.status).toBe('revoked');
  expect((await auditActions(id)).filter((a) => a === 'invitation.revoked')).toHaveLength(1);
  // And the retry told the orchestration, which ends as revoked.
  await stack.until('the orchestration to end', async () =>
    (await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`)).body?.output === 'revoked'
      ? true
      : undefined,
  );
});

test('the expiry activity re-run after the host died right after storing the expiry: listed as expired, audited once', async () => {
  const id = await pendingInvitation('expire-rerun@crash.example');
  const at = new Date(Date.parse((await seed.readInvitation(id))?.expiresAt as string) + 1000).toISOString();
  // The first run's conditional write landed; the host died before the list and the audit trail were written.
  expect((await store().apply(id, { type: 'expire' }, new Date(at)))?.ok).toBe(true);

  const expire = makeExpireInvitation({ invitations: store(), index: index(), audit: audit(), now: () => new Date() });
  expect(await expire({ invitationId: id, at })).toBe('expired');
  expect((await readIndexed(seed, contosoDirect.tenantId, id))?.status).toBe('expired');
  expect((await auditActions(id)).filter((a) => a === 'invitation.expired')).toHaveLength(1);
  // A third run adds nothing.
  expect(await expire({ invitationId: id, at })).toBe('expired');
  expect((await auditActions(id)).filter((a) => a === 'invitation.expired')).toHaveLength(1);
});

test('the recording activity re-run after the host died right after marking the invitation recorded: listed as recorded', async () => {
  const id = await pendingInvitation('record-rerun@crash.example');
  const customer = {
    tenantId: '0d5f4f3e-7c8b-4a5e-9c1d-2b3a4c5d6e7f',
    userId: 'a4b3c2d1-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    email: 'ga@record-rerun.example',
  };
  // The acceptance was stored and published (listed as accepted); the orchestration is not told,
  // so it waits, and the activity below stands in for its run.
  const accepted = await store().apply(id, { type: 'accept', by: userActor(customer) }, new Date());
  if (!accepted?.ok) throw new Error('accept refused');
  await index().put(accepted.value.invitation);
  const record = makeRecordAcceptance({
    invitations: store(),
    records: cosmosRecordStore(seed.container('relationships'), seed.container('customers')),
    index: index(),
    audit: audit(),
    dueItems: cosmosDueItemStore(seed.container('dueItems')),
    partnerships: cosmosPartnershipStore(seed.container('partnerships'), seed.container('resellerPartnerships')),
    partners: cosmosPartnerStore(seed.container('partners')),
    now: () => new Date(),
  });
  // The first run wrote every record and the final state; the host died before the list was written.
  expect(await record({ invitationId: id })).toEqual({ outcome: 'done' });
  await index().put(accepted.value.invitation);

  expect(await record({ invitationId: id })).toEqual({ outcome: 'alreadyDone' });
  expect((await readIndexed(seed, contosoDirect.tenantId, id))?.status).toBe('recorded');
});

/**
 * The answer use cases on the app's real stores, in this process, as a request that dies right
 * after storing its answer: the audit trail, the first write after it, is where the process "dies"
 * (the use case throws and does nothing more). Nobody retries it.
 */
function answerDepsDyingAfterTheStateWrite(): AnswerDeps {
  return {
    invitations: store(),
    answerFailures: cosmosAnswerFailureStore(seed.container('invitations')),
    partners: cosmosPartnerStore(seed.container('partners')),
    partnerships: cosmosPartnershipStore(seed.container('partnerships'), seed.container('resellerPartnerships')),
    records: cosmosRecordStore(seed.container('relationships'), seed.container('customers')),
    index: index(),
    audit: { append: async () => Promise.reject(new Error('the process died here')) },
    dueItems: cosmosDueItemStore(seed.container('dueItems')),
  };
}
const neverRaised = async () => Promise.reject(new Error('a request that died raises nothing'));
const customerCaller = (tenantId: string) => ({
  tenantId,
  userId: 'c4b3c2d1-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  email: `ga@${tenantId.slice(0, 8)}.example`,
  roles: [],
  wids: [GLOBAL_ADMINISTRATOR_WID],
  tenantCountry: 'US',
  scopes: ['Invitations.Answer'],
});
/** Past the answer's follow-up (10 minutes) and the sweep after it (every 15 minutes). */
const pastTheFollowUp = async () => {
  for (let i = 0; i < 2; i++) await call(`${stack.url}/dev/time/advance`, { json: { ms: 16 * 60_000 } });
};

test('an acceptance whose request died right after storing it, never retried: within the sweeps after it, recorded, listed and audited once', async () => {
  const id = await pendingInvitation('accept-died@crash.example');
  const token = deriveInvitationToken(stack.env.INVITATION_TOKEN_SECRET as string, id);
  const caller = customerCaller('1d5f4f3e-7c8b-4a5e-9c1d-2b3a4c5d6e7f');
  await expect(
    acceptInvitation(
      answerDepsDyingAfterTheStateWrite(),
      neverRaised,
      {
        invitationId: id,
        body: { token, acceptCustomerAgreement: true },
        caller,
        now: new Date(),
        correlationId: 'c-accept',
      },
      () => undefined,
    ),
  ).rejects.toThrow('the process died here');
  expect((await seed.readInvitation(id))?.status).toBe('accepted');
  expect((await readIndexed(seed, contosoDirect.tenantId, id))?.status).toBe('pending');

  await pastTheFollowUp();
  const recorded = await stack.until('the acceptance recorded', async () =>
    (await seed.readInvitation(id))?.status === 'recorded' ? true : undefined,
  );
  expect(recorded).toBe(true);
  expect((await readIndexed(seed, contosoDirect.tenantId, id))?.status).toBe('recorded');
  expect((await auditActions(id)).filter((a) => a === 'invitation.accepted')).toHaveLength(1);
  expect((await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`)).body?.output).toBe('recorded');
});

test('a decline whose request died right after storing it, never retried: within the sweeps after it, listed as declined and audited once', async () => {
  const id = await pendingInvitation('decline-died@crash.example');
  const token = deriveInvitationToken(stack.env.INVITATION_TOKEN_SECRET as string, id);
  const caller = customerCaller('2d5f4f3e-7c8b-4a5e-9c1d-2b3a4c5d6e7f');
  await expect(
    declineInvitation(
      answerDepsDyingAfterTheStateWrite(),
      neverRaised,
      { invitationId: id, body: { token }, caller, now: new Date(), correlationId: 'c-decline' },
      () => undefined,
    ),
  ).rejects.toThrow('the process died here');
  expect((await seed.readInvitation(id))?.status).toBe('declined');

  await pastTheFollowUp();
  await stack.until('the decline listed', async () =>
    (await readIndexed(seed, contosoDirect.tenantId, id))?.status === 'declined' ? true : undefined,
  );
  expect((await auditActions(id)).filter((a) => a === 'invitation.declined')).toHaveLength(1);
  // The lost event was raised again: the orchestration ended as declined, not at the deadline.
  await stack.until('the orchestration to end', async () =>
    (await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`)).body?.output === 'declined'
      ? true
      : undefined,
  );
});

test('a create whose request died right after writing the invitation, never retried: within the sweeps after it, started, emailed once and listed', async () => {
  // The create use case on the app's real stores, in this process; the partner's list, the write
  // after the invitation's, is where the process "dies". Nothing starts the orchestration.
  const caller = {
    tenantId: partnerAdmin.tenantId,
    userId: partnerAdmin.userId,
    email: partnerAdmin.email,
    roles: ['GlobalAdmin'],
    wids: [],
    scopes: ['Relationships.Manage'],
  };
  const body = invitationCreateSchema.parse({
    recipientEmail: 'create-died@crash.example',
    includeDelegatedAdmin: false,
  });
  const created = issueCustomerInvitation(
    {
      invitations: store(),
      index: {
        put: async () => Promise.reject(new Error('the process died here')),
        status: async () => undefined,
        list: async () => ({ items: [] }),
      },
      dueItems: cosmosDueItemStore(seed.container('dueItems')),
      partners: cosmosPartnerStore(seed.container('partners')),
      sends: { take: async () => () => undefined },
      tokenSecret: stack.env.INVITATION_TOKEN_SECRET as string,
      reminderDaysBefore: 3,
      startOrchestration: async () => Promise.reject(new Error('a request that died starts nothing')),
      now: () => new Date(),
    },
    caller,
    body,
  );
  await expect(created).rejects.toThrow('the process died here');
  const id = await invitationFor('create-died@crash.example');
  expect(await stack.inbox('create-died@crash.example')).toHaveLength(0);
  expect((await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`)).status).toBe(404);

  await pastTheFollowUp();
  const mail = await stack.until('the invitation email', async () => {
    const m = await stack.inbox('create-died@crash.example');
    return m.length > 0 ? m : undefined;
  });
  expect(mail).toHaveLength(1);
  expect((await readIndexed(seed, contosoDirect.tenantId, id))?.status).toBe('pending');
  expect((await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`)).body?.runtimeStatus).toBe('Running');
  // The sweep's item now waits for the deadline.
  const items = await seed
    .container('dueItems')
    .items.query({ query: 'SELECT * FROM c WHERE c.targetId = @id', parameters: [{ name: '@id', value: id }] })
    .fetchAll();
  expect(items.resources.map((r) => r.dueAt)).toEqual([(await seed.readInvitation(id))?.expiresAt]);
});

/** The id of the one invitation stored for a recipient (read straight from Cosmos). */
async function invitationFor(recipientEmail: string): Promise<string> {
  const r = await seed
    .container('invitations')
    .items.query({
      query: 'SELECT c.id FROM c WHERE c.recipientEmail = @e',
      parameters: [{ name: '@e', value: recipientEmail }],
    })
    .fetchAll();
  expect(r.resources).toHaveLength(1);
  return r.resources[0].id as string;
}
