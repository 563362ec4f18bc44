// Resends share the inviter's sends of the hour with new invitations: a resend this invitation's
// own limits allow takes one, is refused (429, nothing raised) when none is left, and gives it back
// when the orchestration was not waiting to send.
import type { Caller } from '../../shared/auth/caller';
import { InviterSendLimiter } from '../../shared/invitations/inviterSendLimiter';
import { resendInvitation, RESEND_INTERVAL_MS } from '../../shared/invitations/resendInvitation';
import type { InvitationStore } from '../../shared/store/invitations';
import { INVITATION_ID, PARTNER_TENANT, pendingInvitation, T0 } from './domain/fixtures';
import { memoryCounters } from './inviterSendFakes';

const caller: Caller = {
  tenantId: PARTNER_TENANT,
  userId: 'aaaaaaaa-0000-4000-8000-000000000001',
  email: 'agent@contoso.example',
  roles: ['GlobalAdmin'],
  wids: [],
  scopes: ['Relationships.Manage'],
};
const later = new Date(T0.getTime() + RESEND_INTERVAL_MS + 1_000);
const limiters: InviterSendLimiter[] = [];
afterEach(async () => {
  await Promise.all(limiters.splice(0).map((l) => l.close()));
});

function world(sendsPerHour: number, waiting = true) {
  const invitation = pendingInvitation();
  const raised: string[] = [];
  const sends = new InviterSendLimiter({
    limit: sendsPerHour,
    counters: memoryCounters().port,
    now: () => later.getTime(),
    flushIntervalMs: 3_600_000,
  });
  limiters.push(sends);
  const d = {
    invitations: {
      get: async (id: string) => (id === invitation.id ? { doc: invitation, etag: 'e' } : undefined),
    } as unknown as InvitationStore,
    sends,
    requestResend: async (id: string) => {
      if (waiting) raised.push(id);
      return waiting;
    },
    now: () => later,
  };
  return { d, raised, sends };
}

describe("resendInvitation and the inviter's sends of the hour", () => {
  it('takes one of the sends: at the limit it is refused with Retry-After and nothing is raised', async () => {
    const w = world(2);
    await w.sends.take(PARTNER_TENANT);
    await resendInvitation(w.d, caller, INVITATION_ID);
    expect(w.raised).toEqual([INVITATION_ID]);
    await expect(resendInvitation(w.d, caller, INVITATION_ID)).rejects.toMatchObject({
      code: 'rate_limited',
      extra: { retryAfterSeconds: expect.any(Number) },
    });
    expect(w.raised).toEqual([INVITATION_ID]);
    await expect(w.sends.take(PARTNER_TENANT)).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('gives the send back when the orchestration is not waiting any more', async () => {
    const w = world(1, false);
    await expect(resendInvitation(w.d, caller, INVITATION_ID)).rejects.toMatchObject({ code: 'conflict' });
    await w.sends.take(PARTNER_TENANT);
  });

  it("takes nothing when the invitation's own limits refuse it first", async () => {
    const w = world(1);
    const early = { ...w.d, now: () => T0 };
    await expect(resendInvitation(early, caller, INVITATION_ID)).rejects.toMatchObject({ code: 'rate_limited' });
    await w.sends.take(PARTNER_TENANT);
  });
});
