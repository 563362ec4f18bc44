// Recording an ACS delivery report (shared/invitations/recordDeliveryReport.ts) on in-memory ports:
// a crash at any step and Event Grid's redelivery complete what was left, writing and telling once;
// reports of other emails and non-outcome statuses change nothing; a report ahead of its send's
// record, or a notice the email quota puts off, throws so Event Grid delivers it again.
import { emailOperationId, noticeOperationId } from '../../shared/domain/ids';
import type { Invitation } from '../../shared/domain/invitation';
import { transition, type InvitationEvent } from '../../shared/domain/transition';
import type { EmailSender, OutgoingEmail } from '../../shared/email/sender';
import type { DeliveryReportDeps } from '../../shared/invitations/ports';
import { recordDeliveryReport } from '../../shared/invitations/recordDeliveryReport';
import type { AuditEntry } from '../../shared/store/audit';
import { at, pendingInvitation } from '../unit/domain/fixtures';

function world(invitation: Invitation) {
  const docs = new Map([[invitation.id, invitation]]);
  const audit = new Map<string, AuditEntry>();
  const sent = new Map<string, OutgoingEmail>();
  const crash = { deferNotice: false };
  const emailSender: EmailSender = {
    async send(email) {
      if (crash.deferNotice) return { outcome: 'deferred', retryAfterSeconds: 60 };
      if (sent.has(email.operationId)) return { outcome: 'alreadySent' };
      sent.set(email.operationId, email);
      return { outcome: 'sent' };
    },
    wasAccepted: async (operationId) => ({ outcome: sent.has(operationId) ? 'accepted' : 'notAccepted' }),
  };
  const d: DeliveryReportDeps = {
    operations: {
      get: async (id) =>
        id === emailOperationId(invitation.id, 1) ? { id, invitationId: invitation.id, sendNumber: 1 } : undefined,
    },
    invitations: {
      async apply(id: string, event: InvitationEvent, now: Date) {
        const doc = docs.get(id);
        if (!doc) return undefined;
        const r = transition(doc, event, now);
        if (r.ok && r.value.changed) docs.set(id, r.value.invitation);
        return r;
      },
    },
    audit: {
      async append(tenantIds, entry, key) {
        for (const t of tenantIds)
          if (!audit.has(`${t}/${key}`)) audit.set(`${t}/${key}`, { ...entry, id: key as string, tenantId: t });
      },
    },
    emailSender,
    now: () => at(1),
  };
  return { d, docs, audit, sent, crash };
}

const emailedOnce = () => {
  const r = transition(pendingInvitation(), { type: 'emailed', sendNumber: 1, sent: true }, at(0));
  if (!r.ok) throw new Error(r.code);
  return r.value.invitation;
};
const bounce = (inv: Invitation) => ({
  messageId: emailOperationId(inv.id, 1),
  status: 'Bounced',
  recipient: inv.recipientEmail,
});

it('a bounce: one timeline entry, one invitation.bounced, one notice to the inviter, one notified entry, though delivered three times', async () => {
  const inv = emailedOnce();
  const w = world(inv);
  for (let i = 0; i < 3; i++)
    expect(await recordDeliveryReport(w.d, bounce(inv))).toMatchObject({ outcome: 'recorded' });
  expect(w.docs.get(inv.id)!.timeline.filter((e) => e.type === 'bounced')).toHaveLength(1);
  expect([...w.audit.values()].map((e) => e.action).sort()).toEqual([
    'invitation.bounced',
    'invitation.inviterNotified',
  ]);
  expect([...w.sent.keys()]).toEqual([noticeOperationId(inv.id, 'bounced:1')]);
  expect(w.sent.get(noticeOperationId(inv.id, 'bounced:1'))).toMatchObject({
    to: inv.createdBy.email,
    priority: 'notice',
    subject: expect.stringContaining(inv.recipientEmail),
  });
});

it.each([1, 2])(
  'a crash at audit append %i: the redelivery completes it, telling the inviter once',
  async (failing) => {
    const inv = emailedOnce();
    const w = world(inv);
    // Fail the first `failing` appends (the first is the bounce entry; the second the notified entry, after the email).
    const original = w.d.audit.append;
    let calls = 0;
    w.d.audit.append = async (...args) => {
      calls++;
      if (calls === failing) throw new Error('host died');
      return original(...args);
    };
    await expect(recordDeliveryReport(w.d, bounce(inv))).rejects.toThrow('host died');
    await recordDeliveryReport(w.d, bounce(inv));
    expect(w.docs.get(inv.id)!.timeline.filter((e) => e.type === 'bounced')).toHaveLength(1);
    expect([...w.audit.values()].map((e) => e.action).sort()).toEqual([
      'invitation.bounced',
      'invitation.inviterNotified',
    ]);
    expect(w.sent.size).toBe(1);
  },
);

it('a notice the email quota puts off throws (Event Grid retries); the bounce is recorded once and told later', async () => {
  const inv = emailedOnce();
  const w = world(inv);
  w.crash.deferNotice = true;
  await expect(recordDeliveryReport(w.d, bounce(inv))).rejects.toThrow(/email quota/);
  expect(w.sent.size).toBe(0);
  w.crash.deferNotice = false;
  await recordDeliveryReport(w.d, bounce(inv));
  expect(w.sent.size).toBe(1);
  expect(w.docs.get(inv.id)!.timeline.filter((e) => e.type === 'bounced')).toHaveLength(1);
});

it("a report ahead of its send's record throws, to be delivered again; nothing is written", async () => {
  const inv = pendingInvitation();
  const w = world(inv);
  await expect(
    recordDeliveryReport(w.d, { messageId: emailOperationId(inv.id, 1), status: 'Delivered' }),
  ).rejects.toThrow(/not recorded yet/);
  expect(w.docs.get(inv.id)).toEqual(inv);
  expect(w.audit.size).toBe(0);
});

it('ignores reports of other emails and statuses that are no outcome, writing nothing', async () => {
  const inv = emailedOnce();
  const w = world(inv);
  expect(
    await recordDeliveryReport(w.d, { messageId: noticeOperationId(inv.id, 'accepted'), status: 'Bounced' }),
  ).toMatchObject({ outcome: 'ignored' });
  expect(await recordDeliveryReport(w.d, { messageId: emailOperationId(inv.id, 1), status: 'Expanded' })).toMatchObject(
    { outcome: 'ignored' },
  );
  expect(w.docs.get(inv.id)).toEqual(inv);
  expect(w.audit.size + w.sent.size).toBe(0);
});

it('a delivery tells nobody', async () => {
  const inv = emailedOnce();
  const w = world(inv);
  await recordDeliveryReport(w.d, { messageId: emailOperationId(inv.id, 1), status: 'Delivered' });
  expect([...w.audit.values()].map((e) => e.action)).toEqual(['invitation.delivered']);
  expect(w.sent.size).toBe(0);
});
