// The end of an invitation batch (issue 18): `batch.completed` reaches a subscribed endpoint once,
// signed (verified with the Standard Webhooks reference library, as a receiver would), carrying the
// batch's status and counts; and a stranded batch (its submit died between writing the batch and
// starting its orchestration) is started by the sweep, or by a read, and completes.
import { contosoDirect } from '../../infra/local/identity/demoDirectory';
import type { Caller } from '../../shared/auth/caller';
import { batchIdOf, submitBatch } from '../../shared/batches/batch';
import type { Partner } from '../../shared/domain/partner';
import type { BatchDocument } from '../../shared/schemas/invitationBatches';
import { cosmosDueItemStore } from '../../shared/store/dueItems';
import { cosmosInvitationBatchStore } from '../../shared/store/invitationBatches';
import type { RoleTemplateStore } from '../../shared/store/roleTemplates';
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { type Seeder, seedRecords } from '../support/seedRecords';
import { type Receiver, startReceiver, verifyDelivery } from '../support/webhookReceiver';

const FINAL = ['succeeded', 'partiallySucceeded', 'failed', 'canceled'];
let stack: ProductStack;
let receiver: Receiver;
let seed: Seeder;
let admin: Record<string, string>;
const api = (p: string) => `${stack.url}/api/${p}`;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startProductStack({ WEBHOOK_ALLOW_LOCAL_HTTP: 'true', INVITER_SENDS_PER_HOUR: '0' });
  admin = await directPartnerAdmin(stack);
  seed = await seedRecords(stack.env);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

const storedBatch = async (id: string) =>
  (await seed.container('invitationBatches').item(id, id).read<BatchDocument>()).resource;

test('batch.completed: one signed event with the final status and counts, and one entry in the trail', async () => {
  const hook = await call(api('webhooks'), {
    headers: admin,
    json: { url: receiver.url('/batches'), events: ['batch.completed'] },
  });
  expect(hook.status).toBe(201);
  const rows = [
    { recipientEmail: 'done1@adatum.example' },
    { recipientEmail: 'not-an-address' },
    { recipientEmail: 'done3@adatum.example' },
  ];
  const posted = await call(api('invitation-batches'), { method: 'POST', json: { rows }, headers: admin });
  expect(posted.status).toBe(202);
  const id = posted.body.id as string;
  const done = await stack.until(`batch ${id} to finish`, async () => {
    const r = await call(api(`invitation-batches/${id}`), { headers: admin });
    return FINAL.includes(r.body.status) ? r.body : undefined;
  });
  const got = await stack.until('batch.completed delivered', async () => receiver.forPath('/batches')[0]);
  const event = verifyDelivery(hook.body.secret, got);
  expect(event).toMatchObject({
    specversion: '1.0',
    type: 'batch.completed',
    subject: `batch/${id}`,
    data: { batchId: id, change: 'batch.completed', by: { type: 'system' } },
  });
  expect(event.data.batch).toEqual({
    id,
    status: 'partiallySucceeded',
    counts: done.counts,
    percentComplete: 100,
    resultsUrl: `/api/invitation-batches/${id}/results`,
  });
  expect(done.counts).toEqual({ total: 3, created: 2, rejected: 1, emailed: 2, canceled: 0 });

  // The publisher re-reads its last seconds, and reads of the finished batch go on: still one.
  await new Promise((r) => setTimeout(r, 3000));
  await call(api(`invitation-batches/${id}`), { headers: admin });
  expect(new Set(receiver.forPath('/batches').map((r) => verifyDelivery(hook.body.secret, r).id)).size).toBe(1);
  const trail = await call(api('audit?pageSize=100'), { headers: admin });
  expect(
    trail.body.items.filter(
      (e: { action: string; subjectType: string; subjectId: string }) =>
        e.action === 'batch.completed' && e.subjectType === 'batch' && e.subjectId === id,
    ),
  ).toHaveLength(1);
}, 120_000);

/** Submits a batch as the submit does, but the process "dies" before starting its orchestration. */
async function strandedBatch(key: string, emails: string[]): Promise<string> {
  // The creator exactly as the product stores it (from a batch submitted through the API).
  const model = await call(api('invitation-batches'), {
    method: 'POST',
    json: { rows: [{ recipientEmail: `model-${key}@adatum.example` }] },
    headers: admin,
  });
  const creator = (await storedBatch(model.body.id))?.createdBy as Caller;
  const inviter: Partner = {
    tenantId: contosoDirect.tenantId,
    name: 'Contoso Direct',
    kind: 'direct',
    mpnId: '1000001',
    country: 'US',
    cloud: 'public',
    status: 'active',
  };
  const deps = {
    batches: cosmosInvitationBatchStore(seed.container('invitationBatches')),
    dueItems: cosmosDueItemStore(seed.container('dueItems')),
    templates: { get: async () => undefined } as unknown as RoleTemplateStore,
    startOrchestration: async () => {
      throw new Error('the process died before starting the orchestration');
    },
    now: () => new Date(),
  };
  const rows = emails.map((recipientEmail) => ({ recipientEmail }));
  await expect(submitBatch(deps, creator, inviter, { rows, expiresInDays: 30 }, key)).rejects.toThrow(
    'the process died',
  );
  const id = batchIdOf(contosoDirect.tenantId, key);
  expect((await storedBatch(id))?.status).toBe('notStarted');
  return id;
}

const instance = async (id: string) =>
  (await call(`${stack.url}/runtime/webhooks/durabletask/instances/batch-${id}`)).status;

test('a stranded batch is started by the sweep once its grace period is over, and completes', async () => {
  const emails = ['sweep1@adatum.example', 'sweep2@adatum.example'];
  const id = await strandedBatch('stranded-sweep', emails);
  // Nobody reads it (a read would start it): a few seconds on, it has not started by itself.
  await new Promise((r) => setTimeout(r, 2000));
  expect(await instance(id)).toBe(404);
  expect((await storedBatch(id))?.status).toBe('notStarted');
  // Past the grace period (5 minutes) and the next sweep (every 15) in virtual time.
  expect((await call(`${stack.url}/dev/time/advance`, { json: { ms: 16 * 60_000 } })).status).toBe(200);
  const done = await stack.until(`stranded batch ${id} to finish`, async () => {
    const b = await storedBatch(id);
    return b && FINAL.includes(b.status) ? b : undefined;
  });
  expect(done.status).toBe('succeeded');
  for (const e of emails) expect(await stack.inbox(e)).toHaveLength(1);
}, 180_000);

test('a stranded batch is started by a read', async () => {
  const emails = ['read1@adatum.example'];
  const id = await strandedBatch('stranded-read', emails);
  expect(await instance(id)).toBe(404);
  const done = await stack.until(`stranded batch ${id} to finish`, async () => {
    const r = await call(api(`invitation-batches/${id}`), { headers: admin });
    return FINAL.includes(r.body.status) ? r.body : undefined;
  });
  expect(done).toMatchObject({ status: 'succeeded', counts: { total: 1, created: 1, emailed: 1 } });
  expect(await stack.inbox('read1@adatum.example')).toHaveLength(1);
}, 120_000);
