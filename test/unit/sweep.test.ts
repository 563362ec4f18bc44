// The sweep's logic against in-memory fakes of its ports: what it expires, re-raises, extends, and
// that it reads only the due buckets, stays within its bounds and changes nothing twice.
import { GLOBAL_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import type { Invitation } from '../../shared/domain/invitation';
import { transition } from '../../shared/domain/transition';
import { sweepBuckets } from '../../shared/sweep/buckets';
import { decideInvitation, RERAISE_AFTER_MS, STUCK_AFTER_MS } from '../../shared/sweep/invitationDecision';
import { runSweep } from '../../shared/sweep/runSweep';
import {
  at,
  CUSTOMER_TENANT,
  customerAdmin,
  DAY,
  INVITATION_ID,
  PARTNER_TENANT,
  pendingInvitation,
  T0,
  grantDoc,
} from './domain/fixtures';
import { Fakes } from './sweepFakes';

const grant = grantDoc;

const accepted = (answeredAt: Date): Invitation => ({
  ...pendingInvitation(),
  status: 'accepted',
  acceptedBy: customerAdmin,
  answeredBy: customerAdmin,
  answeredAt: answeredAt.toISOString(),
});

async function withInvitation(f: Fakes, inv: Invitation): Promise<void> {
  f.addInvitation(inv);
  await f.dueItems.put({ kind: 'invitationDeadline', targetId: inv.id, dueAt: inv.expiresAt });
}

/** Fakes holding one pending invitation and its deadline item. */
async function withPending(): Promise<{ f: Fakes; inv: Invitation }> {
  const f = new Fakes();
  const inv = pendingInvitation();
  await withInvitation(f, inv);
  return { f, inv };
}

/** The invitation as an expiry at its deadline leaves it: by the sweep, or (no `by`) by its orchestration. */
function expiredAtDeadline(inv: Invitation, by?: 'sweep'): Invitation {
  const r = transition(inv, by ? { type: 'expire', by } : { type: 'expire' }, new Date(inv.expiresAt));
  if (!r.ok) throw new Error(`fixture refused: ${r.code}`);
  return r.value.invitation;
}

describe('decideInvitation', () => {
  const inv = pendingInvitation();
  const deadline = new Date(inv.expiresAt);
  it('before the deadline, starts an orchestration that was never started and otherwise moves the item to the deadline', () => {
    expect(decideInvitation(inv, 'missing', at(-1, deadline))).toBe('start');
    expect(decideInvitation(inv, 'running', at(-1, deadline))).toBe('reschedule');
    expect(decideInvitation(inv, 'finished', at(-1, deadline))).toBe('reschedule');
  });
  it('expires past the deadline when the orchestration is gone or finished', () => {
    expect(decideInvitation(inv, 'missing', deadline)).toBe('expire');
    expect(decideInvitation(inv, 'finished', deadline)).toBe('expire');
  });
  it('leaves a running orchestration its own deadline, until it counts as stuck', () => {
    expect(decideInvitation(inv, 'running', deadline)).toBe('wait');
    expect(decideInvitation(inv, 'running', new Date(deadline.getTime() + STUCK_AFTER_MS))).toBe('expire');
  });
  it('re-raises an answer the running orchestration has not acted on, after a grace period', () => {
    const a = accepted(T0);
    expect(decideInvitation(a, 'running', new Date(T0.getTime() + RERAISE_AFTER_MS - 1))).toBe('wait');
    expect(decideInvitation(a, 'running', new Date(T0.getTime() + RERAISE_AFTER_MS))).toBe('reraise');
    expect(decideInvitation({ ...a, status: 'declined' }, 'running', at(1))).toBe('reraise');
  });
  it('re-raises an acceptance the accept request recorded while its raise was lost (soak seed 20261218): the orchestration still waits', () => {
    const recorded = { ...accepted(T0), status: 'recorded' as const };
    expect(decideInvitation(recorded, 'running', new Date(T0.getTime() + RERAISE_AFTER_MS - 1))).toBe('wait');
    expect(decideInvitation(recorded, 'running', new Date(T0.getTime() + RERAISE_AFTER_MS))).toBe('reraise');
  });
  it('reports an acceptance whose orchestration is gone, and is done with everything settled', () => {
    expect(decideInvitation(accepted(T0), 'missing', at(1))).toBe('orphaned');
    expect(decideInvitation({ ...accepted(T0), status: 'declined' }, 'finished', at(1))).toBe('done');
    for (const status of ['recorded', 'expired'] as const)
      expect(decideInvitation({ ...inv, status }, undefined, at(40))).toBe('done');
    expect(decideInvitation({ ...accepted(T0), status: 'recorded' }, 'finished', at(1))).toBe('done');
    expect(decideInvitation(undefined, undefined, at(40))).toBe('done');
  });
  it('finishes an expiry the sweep wrote, and leaves one the orchestration wrote alone', () => {
    expect(decideInvitation(expiredAtDeadline(inv, 'sweep'), undefined, at(40))).toBe('finishExpiry');
    expect(decideInvitation(expiredAtDeadline(inv), undefined, at(40))).toBe('done');
  });
});

describe('runSweep: invitations', () => {
  it('expires a pending invitation past its deadline with no orchestration, once, with index and audit', async () => {
    const f = new Fakes();
    const inv = pendingInvitation();
    await withInvitation(f, inv);
    const now = at(31);
    expect(await runSweep(f.deps(), now)).toEqual({ 'invitation.expired': 1 });
    expect([...f.notices]).toEqual([inv.id]);
    expect(f.invitations.get(inv.id)?.doc.status).toBe('expired');
    expect(f.indexed.map((i) => i.status)).toEqual(['expired']);
    expect([...f.audit.values()].map((e) => [e.tenantId, e.action])).toEqual([[PARTNER_TENANT, 'invitation.expired']]);
    expect(f.due.size).toBe(0);
    // A second run finds nothing due and changes nothing.
    expect(await runSweep(f.deps(), now)).toEqual({});
    expect(f.audit.size).toBe(1);
  });

  it('leaves a pending invitation to its running orchestration, then expires it once stuck', async () => {
    const f = new Fakes();
    const inv = pendingInvitation();
    await withInvitation(f, inv);
    f.orchestrations.set(inv.id, 'running');
    const deadline = new Date(inv.expiresAt);
    expect(await runSweep(f.deps(), new Date(deadline.getTime() + 60_000))).toEqual({ 'invitation.waiting': 1 });
    expect(f.invitations.get(inv.id)?.doc.status).toBe('pending');
    expect(await runSweep(f.deps(), new Date(deadline.getTime() + STUCK_AFTER_MS))).toEqual({
      'invitation.expired': 1,
    });
  });

  it("moves the create's early item to the deadline when the orchestration runs (no early expiry)", async () => {
    const f = new Fakes();
    const inv = pendingInvitation();
    f.addInvitation(inv);
    f.orchestrations.set(inv.id, 'running');
    await f.dueItems.put({ kind: 'invitationDeadline', targetId: inv.id, dueAt: T0.toISOString() });
    expect(await runSweep(f.deps(), at(1))).toEqual({ 'invitation.rescheduled': 1 });
    expect(f.invitations.get(inv.id)?.doc.status).toBe('pending');
    expect([...f.due.values()]).toEqual([expect.objectContaining({ targetId: inv.id, dueAt: inv.expiresAt })]);
    expect(f.started).toEqual([]);
  });

  it('starts the orchestration of an invitation whose create died before starting it, lists it, and moves the item to the deadline', async () => {
    const f = new Fakes();
    const inv = pendingInvitation();
    f.addInvitation(inv);
    await f.dueItems.put({ kind: 'invitationDeadline', targetId: inv.id, dueAt: T0.toISOString() });
    expect(await runSweep(f.deps(), at(1))).toEqual({ 'invitation.started': 1 });
    expect(f.started).toEqual([inv.id]);
    expect(f.indexed.map((i) => i.id)).toEqual([inv.id]);
    expect([...f.due.values()]).toEqual([expect.objectContaining({ targetId: inv.id, dueAt: inv.expiresAt })]);
    // The next run finds nothing due until the deadline.
    expect(await runSweep(f.deps(), at(2))).toEqual({});
  });

  it('re-raises a lost acceptance to the waiting orchestration and keeps the item until it is recorded', async () => {
    const f = new Fakes();
    const inv = accepted(at(2));
    await withInvitation(f, inv);
    f.orchestrations.set(inv.id, 'running');
    expect(await runSweep(f.deps(), at(31))).toEqual({ 'invitation.reraised': 1 });
    expect(f.raised).toEqual([
      { id: INVITATION_ID, event: { outcome: 'accepted', at: inv.answeredAt, by: customerAdmin } },
    ]);
    expect(f.due.size).toBe(1);
    f.addInvitation({ ...inv, status: 'recorded' });
    f.orchestrations.set(inv.id, 'finished');
    expect(await runSweep(f.deps(), at(31))).toEqual({ 'invitation.done': 1 });
    expect(f.due.size).toBe(0);
  });

  it('raises a recorded acceptance again, as accepted, to an orchestration that still waits for it', async () => {
    const f = new Fakes();
    const inv = { ...accepted(at(2)), status: 'recorded' as const };
    await withInvitation(f, inv);
    f.orchestrations.set(inv.id, 'running');
    expect(await runSweep(f.deps(), at(31))).toEqual({ 'invitation.reraised': 1 });
    expect(f.raised).toEqual([
      { id: INVITATION_ID, event: { outcome: 'accepted', at: inv.answeredAt, by: customerAdmin } },
    ]);
  });

  it('logs an acceptance whose orchestration is gone and lets the item go', async () => {
    const f = new Fakes();
    await withInvitation(f, accepted(at(2)));
    expect(await runSweep(f.deps(), at(31))).toEqual({ 'invitation.orphaned': 1 });
    expect(f.logs.join('\n')).toMatch(/needs attention/);
    expect(f.due.size).toBe(0);
  });

  it('records an acceptance whose orchestration is gone, through the recording port', async () => {
    const f = new Fakes();
    const inv = accepted(at(2));
    await withInvitation(f, inv);
    const recorded: string[] = [];
    expect(await runSweep({ ...f.deps(), recordAcceptance: async (id) => void recorded.push(id) }, at(31))).toEqual({
      'invitation.recorded': 1,
    });
    expect(recorded).toEqual([inv.id]);
    expect(f.due.size).toBe(0);
  });

  it('starts the expiry notice before it lets the item go', async () => {
    const { f, inv } = await withPending();
    expect(await runSweep(f.deps(), at(31))).toEqual({ 'invitation.expired': 1 });
    expect(f.noticeStarts).toEqual([{ id: inv.id, itemPresent: true }]);
    expect(f.due.size).toBe(0);
  });

  it('keeps the item when the notice cannot be started, and the next run starts it (expiry and audit once)', async () => {
    const { f, inv } = await withPending();
    f.failNoticeStarts = 1;
    expect(await runSweep(f.deps(), at(31))).toEqual({ failed: 1 });
    expect(f.invitations.get(inv.id)?.doc.status).toBe('expired');
    expect(f.notices.size).toBe(0);
    expect(f.due.size).toBe(1);
    expect(await runSweep(f.deps(), at(31.01))).toEqual({ 'invitation.expiryFinished': 1 });
    expect([...f.notices]).toEqual([inv.id]);
    expect(f.due.size).toBe(0);
    expect(f.audit.size).toBe(1);
    expect(f.invitations.get(inv.id)?.doc.timeline.filter((e) => e.type === 'expired')).toHaveLength(1);
  });

  it('finishes an expiry whose run died right after the write: index, audit and notice on the next run', async () => {
    const { f, inv } = await withPending();
    // The process dies once the expiry is written, before anything else of the run happens.
    const dying = f.deps();
    const apply = dying.invitations.apply;
    dying.invitations = {
      ...dying.invitations,
      apply: async (...args) => {
        await apply(...args);
        throw new Error('process died');
      },
    };
    expect(await runSweep(dying, at(31))).toEqual({ failed: 1 });
    expect(f.invitations.get(inv.id)?.doc.status).toBe('expired');
    expect([f.notices.size, f.indexed.length, f.audit.size, f.due.size]).toEqual([0, 0, 0, 1]);

    expect(await runSweep(f.deps(), at(31.01))).toEqual({ 'invitation.expiryFinished': 1 });
    expect([...f.notices]).toEqual([inv.id]);
    expect(f.indexed.map((i) => i.status)).toEqual(['expired']);
    expect([...f.audit.values()].map((e) => [e.action, e.at])).toEqual([['invitation.expired', at(31).toISOString()]]);
    expect(f.due.size).toBe(0);
  });

  it('sends no notice for an invitation its own orchestration expired (that orchestration tells the inviter)', async () => {
    const { f, inv } = await withPending();
    f.orchestrations.set(inv.id, 'finished');
    f.addInvitation(expiredAtDeadline(inv));
    expect(await runSweep(f.deps(), at(31))).toEqual({ 'invitation.done': 1 });
    expect(f.noticeStarts).toEqual([]);
    expect(f.due.size).toBe(0);
  });

  it('sends no notice when the orchestration expires the invitation between the read and the write', async () => {
    const { f, inv } = await withPending();
    const deps = f.deps();
    // The sweep reads it still pending (its orchestration gone quiet); the orchestration's expiry
    // lands before the sweep's.
    deps.invitations = { ...deps.invitations, get: async () => ({ doc: inv, etag: '"0"' }) };
    f.addInvitation(expiredAtDeadline(inv));
    expect(await runSweep(deps, at(31))).toEqual({ 'invitation.done': 1 });
    expect(f.noticeStarts).toEqual([]);
    expect(f.invitations.get(inv.id)?.doc.timeline.filter((e) => e.type === 'expired')).toHaveLength(1);
  });

  it('drops the item of an invitation that no longer exists', async () => {
    const f = new Fakes();
    await f.dueItems.put({ kind: 'invitationDeadline', targetId: INVITATION_ID, dueAt: T0.toISOString() });
    expect(await runSweep(f.deps(), at(1))).toEqual({ 'invitation.done': 1 });
  });
});

describe('runSweep: grants', () => {
  it('expires a grant past its end without auto-extension, audited for customer and partner', async () => {
    const f = new Fakes();
    const g = grant();
    f.addGrant(g);
    await f.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: CUSTOMER_TENANT, dueAt: g.endsAt });
    expect(await runSweep(f.deps(), at(30))).toEqual({ 'grant.expired': 1 });
    expect(f.grants.get(g.id)?.doc.status).toBe('expired');
    expect([...f.audit.values()].map((e) => [e.tenantId, e.action]).sort()).toEqual(
      [
        [CUSTOMER_TENANT, 'grant.expired'],
        [PARTNER_TENANT, 'grant.expired'],
      ].sort(),
    );
    expect(f.due.size).toBe(0);
  });

  it('extends an auto-extending grant by 180 days and schedules its next end', async () => {
    const f = new Fakes();
    const g = grant({ autoExtend: true });
    f.addGrant(g);
    await f.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: CUSTOMER_TENANT, dueAt: g.endsAt });
    expect(await runSweep(f.deps(), at(30.5))).toEqual({ 'grant.extended': 1 });
    const endsAt = at(210).toISOString();
    expect(f.grants.get(g.id)?.doc).toMatchObject({ status: 'active', endsAt });
    // (Besides the new end's expiry notice: test/unit/grant-notices.test.ts.)
    expect([...f.due.values()].filter((i) => i.kind === 'grantEnd')).toEqual([
      {
        kind: 'grantEnd',
        targetId: g.id,
        partitionKey: CUSTOMER_TENANT,
        dueAt: endsAt,
        id: `grantEnd:${g.id}`,
        bucket: endsAt.slice(0, 10),
      },
    ]);
    expect(await runSweep(f.deps(), at(31))).toEqual({});
  });

  it('never auto-extends a grant with Global Administrator', async () => {
    const f = new Fakes();
    const g = grant({ autoExtend: true, roles: [GLOBAL_ADMINISTRATOR] });
    f.addGrant(g);
    await f.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: CUSTOMER_TENANT, dueAt: g.endsAt });
    expect(await runSweep(f.deps(), at(30))).toEqual({ 'grant.expired': 1 });
  });

  it('keeps the item when the conditional write loses, and finishes on the next run', async () => {
    const f = new Fakes();
    const g = grant();
    f.addGrant(g);
    await f.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: CUSTOMER_TENANT, dueAt: g.endsAt });
    f.failGrantReplace = true;
    expect(await runSweep(f.deps(), at(30))).toEqual({ 'grant.conflict': 1 });
    expect(f.grants.get(g.id)?.doc.status).toBe('active');
    f.failGrantReplace = false;
    expect(await runSweep(f.deps(), at(30))).toEqual({ 'grant.expired': 1 });
  });

  it('lets a removed grant go untouched', async () => {
    const f = new Fakes();
    const g = grant({ status: 'removed', removedAt: at(3).toISOString() });
    f.addGrant(g);
    await f.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: CUSTOMER_TENANT, dueAt: g.endsAt });
    expect(await runSweep(f.deps(), at(30))).toEqual({ 'grant.done': 1 });
    expect(f.grants.get(g.id)?.doc.status).toBe('removed');
    expect(f.audit.size).toBe(0);
  });
});

describe('runSweep: cost and bounds', () => {
  it('reads only the day buckets of the look-back window, never the future ones', async () => {
    const f = new Fakes();
    const now = at(10);
    await runSweep(f.deps(), now);
    expect(f.bucketsRead).toEqual(sweepBuckets(now, 7));
    expect(f.bucketsRead).toHaveLength(8);
    expect(f.bucketsRead[7]).toBe(now.toISOString().slice(0, 10));
  });

  it('ignores items not yet due, however many are pending', async () => {
    const f = new Fakes();
    for (let i = 0; i < 50; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      f.addGrant(grant({ id, endsAt: at(10 + i / 100).toISOString() }));
      await f.dueItems.put({
        kind: 'grantEnd',
        targetId: id,
        partitionKey: CUSTOMER_TENANT,
        dueAt: at(10 + i / 100).toISOString(),
      });
    }
    const report = await runSweep(f.deps(), at(10.2));
    expect(report).toEqual({ 'grant.expired': 21 });
    expect(f.due.size).toBe(29);
  });

  it('handles at most maxItems per run, across pages, and the rest on the next run', async () => {
    const f = new Fakes();
    for (let i = 0; i < 12; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      f.addGrant(grant({ id }));
      await f.dueItems.put({
        kind: 'grantEnd',
        targetId: id,
        partitionKey: CUSTOMER_TENANT,
        dueAt: at(30).toISOString(),
      });
    }
    const limits = { lookbackDays: 7, pageSize: 4, maxItems: 10, concurrency: 3 };
    expect(await runSweep(f.deps(), at(30), limits)).toEqual({ 'grant.expired': 10 });
    expect(await runSweep(f.deps(), at(30), limits)).toEqual({ 'grant.expired': 2 });
  });

  it('handles `concurrency` items at a time, never more, and all of them', async () => {
    const f = new Fakes();
    for (let i = 0; i < 12; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      f.addGrant(grant({ id }));
      await f.dueItems.put({
        kind: 'grantEnd',
        targetId: id,
        partitionKey: CUSTOMER_TENANT,
        dueAt: at(30).toISOString(),
      });
    }
    const deps = f.deps();
    let inFlight = 0;
    let most = 0;
    const read = deps.records.grant.bind(deps.records);
    deps.records.grant = async (customer, id) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return read(customer, id);
    };
    expect(await runSweep(deps, at(30), { lookbackDays: 7, pageSize: 50, maxItems: 100, concurrency: 4 })).toEqual({
      'grant.expired': 12,
    });
    expect(most).toBe(4);
  });

  it('finds an item left behind by a sweep that was down for days, within the look-back', async () => {
    const f = new Fakes();
    const g = grant();
    f.addGrant(g);
    await f.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: CUSTOMER_TENANT, dueAt: g.endsAt });
    expect(await runSweep(f.deps(), new Date(new Date(g.endsAt).getTime() + 6 * DAY))).toEqual({ 'grant.expired': 1 });
  });

  it('goes on after one item fails', async () => {
    const f = new Fakes();
    const deps = f.deps();
    const g = grant();
    f.addGrant(g);
    await f.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: CUSTOMER_TENANT, dueAt: g.endsAt });
    await f.dueItems.put({ kind: 'invitationDeadline', targetId: INVITATION_ID, dueAt: g.endsAt });
    deps.invitations = {
      ...deps.invitations,
      get: async () => {
        throw new Error('boom');
      },
    };
    expect(await runSweep(deps, at(30))).toEqual({ 'grant.expired': 1, failed: 1 });
  });
});
