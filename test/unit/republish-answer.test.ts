// The sweep's repair of an answer whose request died between storing it and publishing it: the
// audit entry and the list entry, written once, and only when the list does not show the answer.
import type { Invitation } from '../../shared/domain/invitation';
import { republishAnswer } from '../../shared/sweep/republishAnswer';
import { at, customerAdmin, PARTNER_TENANT, pendingInvitation } from './domain/fixtures';
import { Fakes } from './sweepFakes';

const answered = (status: 'accepted' | 'declined'): Invitation => ({
  ...pendingInvitation(),
  status,
  ...(status === 'accepted' ? { acceptedBy: customerAdmin } : {}),
  answeredBy: customerAdmin,
  answeredAt: at(1).toISOString(),
});

test.each(['accepted', 'declined'] as const)(
  'an invitation %s but still listed as pending gets its audit entry, then its list entry',
  async (status) => {
    const f = new Fakes();
    const deps = f.deps();
    await deps.index.put(pendingInvitation());
    const inv = answered(status);
    expect(await republishAnswer(deps, inv)).toBe(true);
    expect(f.indexed.at(-1)?.status).toBe(status);
    const entries = [...f.audit.values()].filter((e) => e.action === `invitation.${status}`);
    // One per tenant concerned (partner and customer), at the answer's own time, by the acceptor.
    expect(entries.map((e) => e.tenantId).sort()).toEqual([PARTNER_TENANT, customerAdmin.tenantId].sort());
    expect(entries.every((e) => e.at === inv.answeredAt && e.actor.userId === customerAdmin.userId)).toBe(true);
    // Once listed, nothing more is written.
    const writes = f.indexed.length;
    expect(await republishAnswer(deps, inv)).toBe(false);
    expect(f.indexed.length).toBe(writes);
  },
);

test('a pending invitation is left alone', async () => {
  const f = new Fakes();
  expect(await republishAnswer(f.deps(), pendingInvitation())).toBe(false);
  expect(f.indexed).toHaveLength(0);
  expect(f.audit.size).toBe(0);
});

test("a recorded acceptance gets its 'invitation.accepted' entry only when the trail lacks it (the list is the recording's)", async () => {
  const f = new Fakes();
  const deps = f.deps();
  const recorded: Invitation = { ...answered('accepted'), status: 'recorded' };
  expect(await republishAnswer(deps, recorded)).toBe(true);
  expect([...f.audit.values()].filter((e) => e.action === 'invitation.accepted')).toHaveLength(2);
  expect(f.indexed).toHaveLength(0);
  // With the entry there: one lookup, nothing written.
  const size = f.audit.size;
  expect(await republishAnswer(deps, recorded)).toBe(false);
  expect(f.audit.size).toBe(size);
});
