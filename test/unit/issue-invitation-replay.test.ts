// issueInvitation's recovery rule: a started orchestration always has its index entry and deadline,
// because a replayed create (same Idempotency-Key) writes both again before starting; an answered
// invitation is never started again (a new start would replace its finished instance). A new
// invitation takes one of the inviter's sends of the hour; a replay takes none and is never refused.
import type { Caller } from '../../shared/auth/caller';
import type { Invitation } from '../../shared/domain/invitation';
import { InviterSendLimiter } from '../../shared/invitations/inviterSendLimiter';
import { issueInvitation, START_CHECK_MS } from '../../shared/invitations/issueInvitation';
import type { IssueInvitationDeps } from '../../shared/invitations/ports';
import type { DueItem } from '../../shared/store/dueItems';
import { newInput, partner, PARTNER_TENANT, T0 } from './domain/fixtures';
import { memoryCounters } from './inviterSendFakes';

const caller: Caller = {
  tenantId: PARTNER_TENANT,
  userId: 'aaaaaaaa-0000-4000-8000-000000000001',
  email: 'agent@contoso.example',
  roles: ['GlobalAdmin'],
  wids: [],
  scopes: ['Relationships.Manage'],
};
const { id: _id, inviter: _i, createdBy: _c, tokenHash: _t, ...ask } = newInput();

const limiters: InviterSendLimiter[] = [];
afterEach(async () => {
  await Promise.all(limiters.splice(0).map((l) => l.close()));
});

function world(sendsPerHour = 50) {
  const counters = memoryCounters();
  const sends = new InviterSendLimiter({
    limit: sendsPerHour,
    counters: counters.port,
    now: () => T0.getTime(),
    flushIntervalMs: 3_600_000,
  });
  limiters.push(sends);
  let createExistsOnce = false;
  const docs = new Map<string, Invitation>();
  const indexed: string[] = [];
  const due: Array<Omit<DueItem, 'id' | 'bucket'>> = [];
  const started: string[] = [];
  let failIndexOnce = false;
  const d: IssueInvitationDeps = {
    invitations: {
      async create(i) {
        if (createExistsOnce) {
          // Another request with the same key wrote it between this one's read and its create.
          createExistsOnce = false;
          docs.set(i.id, structuredClone(i));
          return 'exists';
        }
        if (docs.has(i.id)) return 'exists';
        docs.set(i.id, structuredClone(i));
        return 'created';
      },
      async get(id) {
        const doc = docs.get(id);
        return doc ? { doc: structuredClone(doc), etag: 'e' } : undefined;
      },
    } as IssueInvitationDeps['invitations'],
    index: {
      async put(i) {
        if (failIndexOnce) {
          failIndexOnce = false;
          throw new Error('host died');
        }
        indexed.push(i.id);
      },
    } as IssueInvitationDeps['index'],
    dueItems: { put: async (item) => void due.push(item) } as IssueInvitationDeps['dueItems'],
    partners: { get: async () => ({ partner, etag: 'p' }), upsert: async () => ({ partner, etag: 'p' }) },
    sends,
    tokenSecret: 's'.repeat(32),
    reminderDaysBefore: 3,
    startOrchestration: async (i) => void started.push(i.id),
    now: () => T0,
  };
  return {
    d,
    docs,
    indexed,
    due,
    started,
    sends,
    counters,
    failNextIndex: () => (failIndexOnce = true),
    raceNextCreate: () => (createExistsOnce = true),
  };
}

const spec = { ask: async () => ask };

describe('issueInvitation', () => {
  it('writes the invitation, its index entry and deadline, then starts its orchestration', async () => {
    const w = world();
    const { invitation, created } = await issueInvitation(w.d, caller, spec, 'key-1');
    expect(created).toBe(true);
    expect(w.indexed).toEqual([invitation.id]);
    // The sweep's item, due ten minutes on (it moves to the deadline once the orchestration runs).
    expect(w.due).toEqual([
      {
        kind: 'invitationDeadline',
        targetId: invitation.id,
        dueAt: new Date(T0.getTime() + START_CHECK_MS).toISOString(),
      },
    ]);
    expect(w.started).toEqual([invitation.id]);
  });

  it('a replay after a crash between the invitation and its index writes both and starts it', async () => {
    const w = world();
    w.failNextIndex();
    await expect(issueInvitation(w.d, caller, spec, 'key-2')).rejects.toThrow('host died');
    expect(w.docs.size).toBe(1);
    expect(w.started).toEqual([]);
    const { invitation, created } = await issueInvitation(w.d, caller, spec, 'key-2');
    expect(created).toBe(false);
    expect(w.indexed).toEqual([invitation.id]);
    expect(w.due.map((x) => x.targetId)).toContain(invitation.id);
    expect(w.started).toEqual([invitation.id]);
  });

  it('a replay of an answered invitation returns it and starts nothing', async () => {
    const w = world();
    const { invitation } = await issueInvitation(w.d, caller, spec, 'key-3');
    w.docs.set(invitation.id, { ...invitation, status: 'declined' });
    const replay = await issueInvitation(w.d, caller, spec, 'key-3');
    expect(replay).toMatchObject({ created: false, invitation: { status: 'declined' } });
    expect(w.started).toEqual([invitation.id]);
  });

  it('counts new invitations only: at the limit a new one is refused with nothing written, a replay still returns', async () => {
    const w = world(2);
    const first = await issueInvitation(w.d, caller, spec, 'key-4');
    await issueInvitation(w.d, caller, spec, 'key-5');
    const replay = await issueInvitation(w.d, caller, spec, 'key-4');
    expect(replay).toMatchObject({ created: false, invitation: { id: first.invitation.id } });
    await expect(issueInvitation(w.d, caller, spec, 'key-6')).rejects.toMatchObject({
      code: 'rate_limited',
      extra: { retryAfterSeconds: expect.any(Number) },
    });
    await expect(issueInvitation(w.d, caller, spec)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(w.docs.size).toBe(2);
    expect(w.indexed).toHaveLength(3);
    expect(w.started).toEqual([first.invitation.id, expect.any(String), first.invitation.id]);
    await w.sends.flush();
    expect(w.counters.count(PARTNER_TENANT, '2025-03-01T12:00:00.000Z')).toBe(2);
  });

  it('gives the send back when a concurrent request with the same key created the invitation first', async () => {
    const w = world(1);
    w.raceNextCreate();
    const raced = await issueInvitation(w.d, caller, spec, 'key-7');
    expect(raced.created).toBe(false);
    expect((await issueInvitation(w.d, caller, spec, 'key-8')).created).toBe(true);
  });

  it("a create whose process dies right after the invitation is written has already queued the sweep's check, which starts it", async () => {
    const w = world();
    const create = w.d.invitations.create.bind(w.d.invitations);
    w.d.invitations.create = async (i) => {
      await create(i);
      throw new Error('host died');
    };
    await expect(issueInvitation(w.d, caller, spec)).rejects.toThrow('host died');
    const [id] = [...w.docs.keys()];
    expect(w.due).toEqual([
      { kind: 'invitationDeadline', targetId: id, dueAt: new Date(T0.getTime() + START_CHECK_MS).toISOString() },
    ]);
    expect(w.started).toEqual([]);
  });
});
