// The sweep on the embedded host: seeded due work, virtual time skipped past the next run, and the
// records as the sweep left them (expired invitation, expired and extended grants, nothing else).
import { randomUUID } from 'node:crypto';
import { AUTO_EXTEND_DAYS } from '../../shared/domain/grantPeriod';
import { bucketOf } from '../../shared/store/dueItems';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { readIndexed, type Seeder, seedRecords } from '../support/seedRecords';

const DAY = 86_400_000;
const HOUR = 3_600_000;
let stack: ProductStack;
let seed: Seeder;
const PARTNER = randomUUID();
const CUSTOMER = randomUUID();

beforeAll(async () => {
  stack = await startProductStack();
  seed = await seedRecords(stack.env);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** Skips virtual time past the next sweep (every 15 minutes by default); the sweep fires once. */
async function pastNextSweep(): Promise<void> {
  const r = await call(`${stack.url}/dev/time/advance`, { json: { ms: 16 * 60_000 } });
  expect(r.status).toBe(200);
}

it('expires what is due and extends what may be, and leaves everything else alone', async () => {
  const now = Date.now();
  // An invitation past its deadline whose orchestration never existed, and one still open.
  const lapsed = await seed.invitation({ partnerTenantId: PARTNER, expiresAt: new Date(now - DAY).toISOString() });
  await seed.due({ kind: 'invitationDeadline', targetId: lapsed.id, dueAt: lapsed.expiresAt });
  const open = await seed.invitation({ partnerTenantId: PARTNER, expiresAt: new Date(now + 10 * DAY).toISOString() });
  await seed.due({ kind: 'invitationDeadline', targetId: open.id, dueAt: open.expiresAt });
  // Grants past their end: one without auto-extension, one with; and one still running.
  const ended = await seed.grant(PARTNER, CUSTOMER, { endsAt: new Date(now - HOUR).toISOString() });
  const extending = await seed.grant(PARTNER, CUSTOMER, { endsAt: new Date(now - HOUR).toISOString(), autoExtend: true });
  const running = await seed.grant(PARTNER, CUSTOMER, { endsAt: new Date(now + 60 * DAY).toISOString() });
  for (const g of [ended, extending, running]) await seed.due({ kind: 'grantEnd', targetId: g.id, partitionKey: CUSTOMER, dueAt: g.endsAt });

  expect((await seed.readInvitation(lapsed.id))?.status).toBe('pending');
  await pastNextSweep();

  const inv = await seed.readInvitation(lapsed.id);
  expect(inv).toMatchObject({ status: 'expired', answeredBy: { type: 'system' } });
  expect(inv?.timeline.map((t) => t.type)).toContain('expired');
  expect(await readIndexed(seed, PARTNER, lapsed.id)).toMatchObject({ status: 'expired' });
  expect((await seed.readInvitation(open.id))?.status).toBe('pending');

  expect((await seed.readGrant(CUSTOMER, ended.id))?.status).toBe('expired');
  const newEnd = new Date(Date.parse(extending.endsAt) + AUTO_EXTEND_DAYS * DAY).toISOString();
  expect(await seed.readGrant(CUSTOMER, extending.id)).toMatchObject({ status: 'active', endsAt: newEnd });
  expect(await seed.readGrant(CUSTOMER, running.id)).toMatchObject({ status: 'active', endsAt: running.endsAt });

  // Done items are gone; the extended grant's next end is due in its own bucket.
  expect((await seed.dueItems(bucketOf(lapsed.expiresAt))).map((i) => i.targetId)).not.toContain(lapsed.id);
  expect((await seed.dueItems(bucketOf(newEnd))).map((i) => i.targetId)).toContain(extending.id);
  expect((await seed.dueItems(bucketOf(ended.endsAt))).map((i) => i.targetId)).not.toContain(ended.id);

  // Audited once per tenant concerned; a second sweep appends nothing more.
  const actions = async (tenant: string) => {
    const r = await seed.container('audit').items.query<{ action: string; subject: { id: string } }>('SELECT * FROM c', { partitionKey: tenant }).fetchAll();
    return r.resources.map((e) => `${e.action}:${e.subject.id}`).sort();
  };
  const expected = [`grant.expired:${ended.id}`, `grant.extended:${extending.id}`].sort();
  expect(await actions(CUSTOMER)).toEqual(expected);
  expect(await actions(PARTNER)).toEqual([...expected, `invitation.expired:${lapsed.id}`].sort());
  await pastNextSweep();
  expect(await actions(PARTNER)).toEqual([...expected, `invitation.expired:${lapsed.id}`].sort());
  expect((await seed.readGrant(CUSTOMER, extending.id))?.endsAt).toBe(newEnd);
});
