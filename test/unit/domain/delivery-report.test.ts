// The invitation's record of ACS delivery reports (issue 17): which statuses are outcomes, one
// report per send whatever arrives after it, none before the send is counted, and the address
// corrected only after the latest email did not arrive.
import { deliveryOutcomeOf, tellsInviter } from '../../../shared/domain/deliveryReport';
import type { Invitation } from '../../../shared/domain/invitation';
import { transition, type InvitationEvent } from '../../../shared/domain/transition';
import { at, customerAdmin, inviterUser, pendingInvitation } from './fixtures';

function apply(inv: Invitation, event: InvitationEvent, when = at(1)): Invitation {
  const r = transition(inv, event, when);
  if (!r.ok) throw new Error(`${r.code}: ${r.detail}`);
  return r.value.invitation;
}
const emailed = (inv: Invitation, sendNumber: number) => apply(inv, { type: 'emailed', sendNumber, sent: true });
const report = (sendNumber: number, status: string): InvitationEvent => ({
  type: 'deliveryReported',
  sendNumber,
  outcome: deliveryOutcomeOf(status)!,
  status,
});

describe('ACS delivery statuses', () => {
  it.each([
    ['Delivered', 'delivered', false],
    ['Bounced', 'bounced', true],
    ['Suppressed', 'suppressed', true],
    ['Failed', 'undelivered', false],
    ['Quarantined', 'undelivered', false],
    ['FilteredSpam', 'undelivered', false],
    ['delivered', 'delivered', false],
  ])('%s is %s (inviter told: %s)', (status, outcome, told) => {
    expect(deliveryOutcomeOf(status)).toBe(outcome);
    expect(tellsInviter(outcome as never)).toBe(told);
  });

  it('Expanded and unknown statuses are no outcome', () => {
    expect(deliveryOutcomeOf('Expanded')).toBeUndefined();
    expect(deliveryOutcomeOf('Whatever')).toBeUndefined();
  });
});

describe('deliveryReported', () => {
  it('adds one timeline entry per send; a repeat or a later, different report of that send changes nothing', () => {
    const sent = emailed(pendingInvitation(), 1);
    const once = apply(sent, report(1, 'Delivered'));
    expect(once.timeline.at(-1)).toMatchObject({
      type: 'delivered',
      by: { type: 'system' },
      detail: { sendNumber: 1, status: 'Delivered' },
    });
    for (const again of [report(1, 'Delivered'), report(1, 'Bounced')]) {
      const r = transition(once, again, at(2));
      expect(r.ok && r.value.changed).toBe(false);
    }
  });

  it('is refused (conflict, retried later) before the send is counted', () => {
    expect(transition(pendingInvitation(), report(1, 'Delivered'), at(1))).toMatchObject({
      ok: false,
      code: 'conflict',
    });
  });

  it('is recorded whatever the invitation became since: a fact about an email that went out', () => {
    const accepted = apply(emailed(pendingInvitation(), 1), { type: 'accept', by: customerAdmin });
    expect(apply(accepted, report(1, 'Delivered')).timeline.map((e) => e.type)).toEqual([
      'created',
      'emailed',
      'accepted',
      'delivered',
    ]);
  });
});

describe('readdress', () => {
  const bounced = () => apply(emailed(pendingInvitation(), 1), report(1, 'Bounced'));

  it('corrects the address after the latest email bounced, with the send it follows', () => {
    const fixed = apply(bounced(), { type: 'readdress', recipientEmail: 'right@customer.example', by: inviterUser });
    expect(fixed.recipientEmail).toBe('right@customer.example');
    expect(fixed.timeline.at(-1)).toMatchObject({ type: 'readdressed', by: inviterUser, detail: { sendNumber: 1 } });
  });

  it('is refused while the latest email is not reported, or was delivered (its mailbox holds a working link)', () => {
    const event: InvitationEvent = { type: 'readdress', recipientEmail: 'right@customer.example', by: inviterUser };
    expect(transition(emailed(pendingInvitation(), 1), event, at(1))).toMatchObject({ ok: false, code: 'conflict' });
    expect(transition(apply(emailed(pendingInvitation(), 1), report(1, 'Delivered')), event, at(1))).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    // A resend after the bounce: the latest email (send 2) is what counts.
    expect(transition(emailed(bounced(), 2), event, at(1))).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('is refused again before the corrected address was sent to (two corrections fired at once); the same one repeats', () => {
    const fixed = apply(bounced(), { type: 'readdress', recipientEmail: 'right@customer.example', by: inviterUser });
    const other: InvitationEvent = { type: 'readdress', recipientEmail: 'other@customer.example', by: inviterUser };
    expect(transition(fixed, other, at(1))).toMatchObject({ ok: false, code: 'conflict' });
    const same: InvitationEvent = { type: 'readdress', recipientEmail: 'right@customer.example', by: inviterUser };
    expect(transition(fixed, same, at(1))).toMatchObject({ ok: true, value: { changed: false } });
    // Sent to and bounced in its turn: corrected again.
    expect(transition(apply(emailed(fixed, 2), report(2, 'Bounced')), other, at(1))).toMatchObject({ ok: true });
  });

  it('is refused once answered; the same address again changes nothing', () => {
    const answered = apply(bounced(), { type: 'revoke', by: inviterUser });
    expect(
      transition(answered, { type: 'readdress', recipientEmail: 'right@customer.example', by: inviterUser }, at(1)),
    ).toMatchObject({ ok: false, code: 'already_answered' });
    const inv = bounced();
    const same = transition(inv, { type: 'readdress', recipientEmail: inv.recipientEmail, by: inviterUser }, at(1));
    expect(same.ok && same.value.changed).toBe(false);
  });
});
