// issueInvitation's recovery rule: a started orchestration always has its index entry and deadline,
// because a replayed create (same Idempotency-Key) writes both again before starting; an answered
// invitation is never started again (a new start would replace its finished instance).
import type { Caller } from '../../shared/auth/caller';
import type { Invitation } from '../../shared/domain/invitation';
import { issueInvitation } from '../../shared/invitations/issueInvitation';
import type { SendInvitationDeps } from '../../shared/invitations/sendInvitation';
import type { DueItem } from '../../shared/store/dueItems';
import { newInput, partner, PARTNER_TENANT, T0 } from './domain/fixtures';

const caller: Caller = { tenantId: PARTNER_TENANT, userId: 'aaaaaaaa-0000-4000-8000-000000000001', email: 'agent@contoso.example', roles: ['GlobalAdmin'], wids: [], scopes: ['Relationships.Manage'] };
const { id: _id, inviter: _i, createdBy: _c, tokenHash: _t, ...ask } = newInput();

function world() {
  const docs = new Map<string, Invitation>();
  const indexed: string[] = [];
  const due: Array<Omit<DueItem, 'id' | 'bucket'>> = [];
  const started: string[] = [];
  let failIndexOnce = false;
  const d: SendInvitationDeps = {
    invitations: {
      async create(i) {
        if (docs.has(i.id)) return 'exists';
        docs.set(i.id, structuredClone(i));
        return 'created';
      },
      async get(id) {
        const doc = docs.get(id);
        return doc ? { doc: structuredClone(doc), etag: 'e' } : undefined;
      },
    } as SendInvitationDeps['invitations'],
    index: {
      async put(i) {
        if (failIndexOnce) {
          failIndexOnce = false;
          throw new Error('host died');
        }
        indexed.push(i.id);
      },
    } as SendInvitationDeps['index'],
    dueItems: { put: async (item) => void due.push(item) } as SendInvitationDeps['dueItems'],
    partners: { get: async () => ({ partner, etag: 'p' }), upsert: async () => ({ partner, etag: 'p' }) },
    tokenSecret: 's'.repeat(32),
    reminderDaysBefore: 3,
    startOrchestration: async (i) => void started.push(i.id),
    now: () => T0,
  };
  return { d, docs, indexed, due, started, failNextIndex: () => (failIndexOnce = true) };
}

const spec = { ask: async () => ask };

describe('issueInvitation', () => {
  it('writes the invitation, its index entry and deadline, then starts its orchestration', async () => {
    const w = world();
    const { invitation, created } = await issueInvitation(w.d, caller, spec, 'key-1');
    expect(created).toBe(true);
    expect(w.indexed).toEqual([invitation.id]);
    expect(w.due).toEqual([{ kind: 'invitationDeadline', targetId: invitation.id, dueAt: invitation.expiresAt }]);
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
});
