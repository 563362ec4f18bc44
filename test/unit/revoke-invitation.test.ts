// Revoking, as the use case does it with fakes: the inviter's pending invitation turns revoked,
// is audited and listed once, the sweep gets a follow-up and the orchestration is told last; a
// repeat completes the same writes without a second audit entry; no one else may revoke it.
import type { Caller } from '../../shared/auth/caller';
import type { Invitation } from '../../shared/domain/invitation';
import { transition } from '../../shared/domain/transition';
import type { RevokeInvitationDeps } from '../../shared/invitations/ports';
import { revokeInvitation } from '../../shared/invitations/revokeInvitation';
import type { InvitationStore } from '../../shared/store/invitations';
import { INVITATION_ID, PARTNER_TENANT, pendingInvitation, T0 } from './domain/fixtures';

const inviter: Caller = {
  tenantId: PARTNER_TENANT,
  userId: 'aaaaaaaa-0000-4000-8000-000000000001',
  email: 'agent@contoso.example',
  roles: ['GlobalAdmin'],
  wids: [],
  scopes: ['Relationships.Manage'],
};

function world(invitation: Invitation = pendingInvitation()) {
  let current = invitation;
  const steps: string[] = [];
  const auditKeys = new Set<string>();
  const invitations = {
    get: async (id: string) => (id === current.id ? { doc: current, etag: 'e' } : undefined),
    apply: async (id: string, event: Parameters<InvitationStore['apply']>[1], now: Date) => {
      if (id !== current.id) return undefined;
      const result = transition(current, event, now);
      if (result.ok && result.value.changed) {
        current = result.value.invitation;
        steps.push(`apply:${current.status}`);
      }
      return result;
    },
  } as unknown as InvitationStore;
  const d: RevokeInvitationDeps = {
    invitations,
    index: { put: async (i) => void steps.push(`index:${i.status}`) },
    dueItems: { put: async (item) => void steps.push(`due:${item.kind}`) },
    audit: {
      append: async (_tenants, entry, key) => {
        if (key && auditKeys.has(key)) return;
        if (key) auditKeys.add(key);
        steps.push(`audit:${entry.action}`);
      },
    } as RevokeInvitationDeps['audit'],
    raiseAnswered: async (id, event) => void steps.push(`raise:${id}:${event.outcome}`),
    now: () => T0,
  };
  return { d, steps, current: () => current };
}

describe('revokeInvitation', () => {
  it('revokes a pending invitation: follow-up first, then the invitation, audit, list; the orchestration last', async () => {
    const w = world();
    const revoked = await revokeInvitation(w.d, inviter, INVITATION_ID);
    expect(revoked.status).toBe('revoked');
    expect(w.steps).toEqual([
      'due:invitationDeadline',
      'apply:revoked',
      'audit:invitation.revoked',
      'index:revoked',
      `raise:${INVITATION_ID}:revoked`,
    ]);
  });

  it('a repeat writes the list and tells the orchestration again, without a second audit entry', async () => {
    const w = world();
    await revokeInvitation(w.d, inviter, INVITATION_ID);
    w.steps.length = 0;
    await revokeInvitation(w.d, inviter, INVITATION_ID);
    expect(w.steps).toEqual(['due:invitationDeadline', 'index:revoked', `raise:${INVITATION_ID}:revoked`]);
  });

  it('refuses another tenant (not found) and changes nothing', async () => {
    const w = world();
    const stranger: Caller = { ...inviter, tenantId: 'bbbbbbbb-0000-4000-8000-000000000009' };
    await expect(revokeInvitation(w.d, stranger, INVITATION_ID)).rejects.toMatchObject({ code: 'not_found' });
    expect(w.steps).toEqual([]);
    expect(w.current().status).toBe('pending');
  });
});
