import { sentReminders } from '../../../shared/domain/deadlines';
import { expiredBy, transition, type InvitationEvent } from '../../../shared/domain/transition';
import type { Invitation } from '../../../shared/domain/invitation';
import { at, customerAdmin, inviterUser, otherCustomerAdmin, pendingInvitation, T0 } from './fixtures';

const apply = (inv: Invitation, e: InvitationEvent, now: Date) => {
  const r = transition(inv, e, now);
  if (!r.ok) throw new Error(`refused: ${r.code}`);
  return r.value;
};

describe('transition: pending → answers', () => {
  const inv = pendingInvitation();

  it('accept: status, acceptor, answer time and a timeline entry by the acceptor', () => {
    const { invitation, changed } = apply(inv, { type: 'accept', by: customerAdmin }, at(1));
    expect(changed).toBe(true);
    expect(invitation.status).toBe('accepted');
    expect(invitation.acceptedBy).toEqual(customerAdmin);
    expect(invitation.answeredAt).toBe(at(1).toISOString());
    expect(invitation.timeline.at(-1)).toEqual({ type: 'accepted', at: at(1).toISOString(), by: customerAdmin });
    expect(inv.status).toBe('pending'); // the input is not modified
  });

  it('decline and revoke record who and when', () => {
    const d = apply(inv, { type: 'decline', by: customerAdmin }, at(2)).invitation;
    expect([d.status, d.timeline.at(-1)?.type, d.answeredBy]).toEqual(['declined', 'declined', customerAdmin]);
    const r = apply(inv, { type: 'revoke', by: inviterUser }, at(2)).invitation;
    expect([r.status, r.timeline.at(-1)?.by]).toEqual(['revoked', inviterUser]);
  });

  it('expire only at or after the deadline, by the system', () => {
    expect(transition(inv, { type: 'expire' }, at(29.9))).toMatchObject({ ok: false, code: 'conflict' });
    const e = apply(inv, { type: 'expire' }, new Date(inv.expiresAt)).invitation;
    expect(e.status).toBe('expired');
    expect(e.timeline.at(-1)).toMatchObject({ type: 'expired', by: { type: 'system' } });
  });

  it('an expiry by the sweep says so in its timeline entry; one by the orchestration does not', () => {
    const bySweep = apply(inv, { type: 'expire', by: 'sweep' }, at(31)).invitation;
    expect(bySweep.timeline.at(-1)).toEqual({
      type: 'expired',
      at: at(31).toISOString(),
      by: { type: 'system' },
      detail: { by: 'sweep' },
    });
    expect(expiredBy(bySweep)).toBe('sweep');
    expect(expiredBy(apply(inv, { type: 'expire' }, at(31)).invitation)).toBeUndefined();
    expect(expiredBy(inv)).toBeUndefined();
  });

  it('accept at or after expiresAt is refused with the uniform answer', () => {
    expect(transition(inv, { type: 'accept', by: customerAdmin }, new Date(inv.expiresAt))).toMatchObject({
      ok: false,
      code: 'invitation_unavailable',
    });
    expect(transition(inv, { type: 'decline', by: customerAdmin }, at(31))).toMatchObject({
      ok: false,
      code: 'invitation_unavailable',
    });
    expect(transition(inv, { type: 'accept', by: customerAdmin }, new Date(Date.parse(inv.expiresAt) - 1)).ok).toBe(
      true,
    );
  });
});

describe('transition: exactly one answer, idempotent repeats', () => {
  const accepted = apply(pendingInvitation(), { type: 'accept', by: customerAdmin }, at(1)).invitation;

  it('the same acceptor accepting again gets the first result, unchanged', () => {
    const again = transition(
      accepted,
      { type: 'accept', by: { ...customerAdmin, userId: customerAdmin.userId!.toUpperCase() } },
      at(2),
    );
    expect(again).toEqual({ ok: true, value: { invitation: accepted, changed: false } });
  });

  it('a different acceptor is refused, with the same answer as an unknown link', () => {
    expect(transition(accepted, { type: 'accept', by: otherCustomerAdmin }, at(2))).toMatchObject({
      ok: false,
      code: 'invitation_unavailable',
    });
  });

  it('no other answer after acceptance', () => {
    expect(transition(accepted, { type: 'decline', by: customerAdmin }, at(2))).toMatchObject({
      ok: false,
      code: 'invitation_unavailable',
    });
    expect(transition(accepted, { type: 'revoke', by: inviterUser }, at(2))).toMatchObject({
      ok: false,
      code: 'already_answered',
    });
    expect(transition(accepted, { type: 'expire' }, at(40))).toMatchObject({ ok: false, code: 'already_answered' });
  });

  it('accepted → recorded once; recording again is a no-op; only accepted can be recorded', () => {
    const recorded = apply(accepted, { type: 'record' }, at(1.1)).invitation;
    expect(recorded.status).toBe('recorded');
    expect(recorded.timeline.map((e) => e.type)).toEqual(['created', 'accepted', 'recorded']);
    expect(apply(recorded, { type: 'record' }, at(2)).changed).toBe(false);
    expect(apply(recorded, { type: 'accept', by: customerAdmin }, at(2)).changed).toBe(false);
    expect(transition(pendingInvitation(), { type: 'record' }, at(1))).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('revoke twice and expire twice are no-ops; decline twice by the same person too', () => {
    const revoked = apply(pendingInvitation(), { type: 'revoke', by: inviterUser }, at(1)).invitation;
    expect(apply(revoked, { type: 'revoke', by: inviterUser }, at(2)).changed).toBe(false);
    expect(transition(revoked, { type: 'accept', by: customerAdmin }, at(2))).toMatchObject({
      ok: false,
      code: 'invitation_unavailable',
    });
    const expired = apply(pendingInvitation(), { type: 'expire' }, at(30)).invitation;
    expect(apply(expired, { type: 'expire' }, at(31)).changed).toBe(false);
    const declined = apply(pendingInvitation(), { type: 'decline', by: customerAdmin }, at(1)).invitation;
    expect(apply(declined, { type: 'decline', by: customerAdmin }, at(2)).changed).toBe(false);
    expect(transition(declined, { type: 'decline', by: otherCustomerAdmin }, at(2))).toMatchObject({
      ok: false,
      code: 'invitation_unavailable',
    });
  });

  it('revoke after the deadline is refused: the invitation has expired', () => {
    expect(transition(pendingInvitation(), { type: 'revoke', by: inviterUser }, at(30))).toMatchObject({
      ok: false,
      code: 'already_answered',
    });
  });
});

describe('transition: emails and reminders', () => {
  const inv = pendingInvitation();

  it('emailed counts sends in order; a repeated send number is a no-op; a gap is refused', () => {
    const first = apply(inv, { type: 'emailed', sendNumber: 1 }, T0).invitation;
    expect(first.sendCount).toBe(1);
    expect(first.timeline.at(-1)).toMatchObject({ type: 'emailed', detail: { sendNumber: 1 } });
    expect(apply(first, { type: 'emailed', sendNumber: 1 }, at(1)).changed).toBe(false);
    expect(transition(first, { type: 'emailed', sendNumber: 3 }, at(1))).toMatchObject({ ok: false, code: 'conflict' });
    const second = apply(first, { type: 'emailed', sendNumber: 2, tokenHash: 'f'.repeat(64) }, at(1)).invitation;
    expect([second.sendCount, second.tokenHash]).toEqual([2, 'f'.repeat(64)]);
  });

  it('reminded once; not after an answer or the deadline', () => {
    const reminded = apply(inv, { type: 'reminded' }, at(27)).invitation;
    expect(reminded.reminderSentAt).toBe(at(27).toISOString());
    expect(apply(reminded, { type: 'reminded' }, at(27.5)).changed).toBe(false);
    const revoked = apply(inv, { type: 'revoke', by: inviterUser }, at(1)).invitation;
    expect(transition(revoked, { type: 'reminded' }, at(27))).toMatchObject({ ok: false, code: 'already_answered' });
    expect(transition(inv, { type: 'reminded' }, at(30))).toMatchObject({ ok: false, code: 'already_answered' });
    expect(transition(revoked, { type: 'emailed', sendNumber: 1 }, at(2))).toMatchObject({
      ok: false,
      code: 'already_answered',
    });
    // An email already sent is counted after an answer or the deadline that came meanwhile, in order, once.
    const counted = apply(revoked, { type: 'emailed', sendNumber: 1, sent: true }, at(2)).invitation;
    expect(counted).toMatchObject({ status: 'revoked', sendCount: 1 });
    expect(apply(counted, { type: 'emailed', sendNumber: 1, sent: true }, at(3)).changed).toBe(false);
    expect(transition(counted, { type: 'emailed', sendNumber: 3, sent: true }, at(3))).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    // A reminder already sent is recorded after an answer or the deadline that came meanwhile, once.
    const late = apply(revoked, { type: 'reminded', sent: true }, at(27)).invitation;
    expect(late).toMatchObject({ status: 'revoked', reminderSentAt: at(27).toISOString() });
    expect(apply(late, { type: 'reminded', sent: true }, at(28)).changed).toBe(false);
    expect(apply(inv, { type: 'reminded', sent: true }, at(30)).invitation.timeline.at(-1)?.type).toBe('reminded');
  });

  it('each reminder of a schedule once, in its own timeline entry; the first as a single reminder was recorded', () => {
    const first = apply(inv, { type: 'reminded' }, at(16)).invitation;
    expect(first.timeline.at(-1)).toEqual({ type: 'reminded', at: at(16).toISOString(), by: { type: 'system' } });
    expect(apply(first, { type: 'reminded', reminder: 0 }, at(17)).changed).toBe(false);
    const second = apply(first, { type: 'reminded', reminder: 1 }, at(23)).invitation;
    expect(second.timeline.at(-1)).toMatchObject({ type: 'reminded', detail: { reminder: 2 } });
    expect(second.reminderSentAt).toBe(at(23).toISOString());
    expect(apply(second, { type: 'reminded', reminder: 1 }, at(24)).changed).toBe(false);
    expect(sentReminders(second)).toEqual([0, 1]);
    // A reminder whose earlier one never went out (an outage) is still sent.
    expect(sentReminders(apply(inv, { type: 'reminded', reminder: 2 }, at(27)).invitation)).toEqual([2]);
  });
});
