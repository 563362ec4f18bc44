// A renewal accepted before its grant's end but recorded after the sweep expired the grant (the
// orchestration slowed by Cosmos throttling, or the host killed between the answer and its record)
// must still renew it: in force when the customer accepted is what counts. Before, the record found
// the grant expired and left it so, and the customer who renewed in time lost the grant. The real
// sweep and the real record of a renewal, on the sweep's in-memory ports.
import { transition } from '../../shared/domain/transition';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import type { Invitation } from '../../shared/domain/invitation';
import { recordRenewal } from '../../shared/renewals/recordRenewal';
import { runSweep } from '../../shared/sweep/runSweep';
import { at, CUSTOMER_TENANT, customerAdmin, grantDoc, pendingInvitation } from './domain/fixtures';
import { Fakes } from './sweepFakes';

const GRANT_ID = '88888888-8888-4888-8888-888888888888';
const DAY = 86_400_000;

async function world(): Promise<{ f: Fakes; renewal: Invitation }> {
  const f = new Fakes();
  f.addGrant(grantDoc({ id: GRANT_ID, duration: 'P30D', autoExtend: false, endsAt: at(30).toISOString() }));
  await f.dueItems.put({
    kind: 'grantEnd',
    targetId: GRANT_ID,
    partitionKey: CUSTOMER_TENANT,
    dueAt: at(30).toISOString(),
  });
  await runSweep(f.deps(), at(1)); // the sweep has run before: it has a resume point
  const asked = pendingInvitation({
    kind: 'renewal',
    grantId: GRANT_ID,
    customerTenantId: CUSTOMER_TENANT,
    delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P90D', autoExtend: false },
  });
  // Accepted two hours before the grant's end.
  const r = transition(asked, { type: 'accept', by: customerAdmin }, new Date(at(30).getTime() - 2 * 3_600_000));
  if (!r.ok) throw new Error(r.code);
  f.addInvitation(r.value.invitation);
  return { f, renewal: r.value.invitation };
}

const recordDeps = (f: Fakes, now: Date) => {
  const d = f.deps();
  return {
    invitations: d.invitations,
    records: d.records,
    dueItems: f.dueItems,
    audit: d.audit,
    index: d.index,
    now: () => now,
  };
};
const actions = (f: Fakes) => [...f.audit.values()].filter((e) => e.tenantId === CUSTOMER_TENANT).map((e) => e.action);

it('a renewal accepted in time and recorded after the sweep expired the grant renews it', async () => {
  const { f, renewal } = await world();
  // The sweep comes first: the acceptance is not recorded yet.
  expect(await runSweep(f.deps(), at(30.01))).toEqual({ 'grant.expired': 1 });
  expect(f.grants.get(GRANT_ID)?.doc.status).toBe('expired');

  await recordRenewal(recordDeps(f, at(30.02)), renewal, CUSTOMER_TENANT);
  const newEnd = new Date(Date.parse(renewal.answeredAt as string) + 90 * DAY).toISOString();
  expect(f.grants.get(GRANT_ID)?.doc).toMatchObject({ status: 'active', endsAt: newEnd, duration: 'P90D' });
  expect(actions(f)).toEqual(['grant.expired', 'grant.extended', 'invitation.recorded']);
  expect([...f.due.values()].some((i) => i.kind === 'grantEnd' && i.dueAt === newEnd)).toBe(true);

  // Nothing more while it is in force; at its new end it expires again, audited a second time.
  expect(await runSweep(f.deps(), at(31))).not.toHaveProperty(['grant.expired']);
  expect(await runSweep(f.deps(), new Date(Date.parse(newEnd) + 60_000))).toMatchObject({ 'grant.expired': 1 });
  expect(f.grants.get(GRANT_ID)?.doc.status).toBe('expired');
  expect(actions(f).filter((a) => a === 'grant.expired')).toHaveLength(2);
});

it('recorded before the sweep: extended, and the sweep leaves it in force', async () => {
  const { f, renewal } = await world();
  await recordRenewal(recordDeps(f, at(29.95)), renewal, CUSTOMER_TENANT);
  expect(await runSweep(f.deps(), at(30.01))).not.toHaveProperty(['grant.expired']);
  expect(f.grants.get(GRANT_ID)?.doc.status).toBe('active');
  expect(actions(f)).toEqual(['grant.extended', 'invitation.recorded']);
});
