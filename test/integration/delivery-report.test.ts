// Recording an ACS delivery report (shared/invitations/recordDeliveryReport.ts) on in-memory ports:
// a crash at any step and Event Grid's redelivery complete what was left, writing and telling once;
// reports of other emails and non-outcome statuses change nothing; a report ahead of its send's
// record, or a notice the email quota puts off, throws so Event Grid delivers it again. A reminder
// writes the same lookup when the real activity sends it, so its bounce tells the inviter too.
import { makeSendReminderEmail } from '../../functions/activities/sendReminderEmail';
import { emailOperationId, noticeOperationId, reminderOperationId } from '../../shared/domain/ids';
import type { Invitation } from '../../shared/domain/invitation';
import { transition, type InvitationEvent } from '../../shared/domain/transition';
import type { EmailSender, OutgoingEmail } from '../../shared/email/sender';
import type { DeliveryReportDeps } from '../../shared/invitations/ports';
import { recordDeliveryReport } from '../../shared/invitations/recordDeliveryReport';
import type { AuditEntry } from '../../shared/store/audit';
import type { EmailOperation } from '../../shared/store/emailOperations';
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
  const operations = new Map<string, EmailOperation>();
  const emailOp = emailOperationId(invitation.id, 1);
  operations.set(emailOp, { id: emailOp, invitationId: invitation.id, sendNumber: 1 });
  const d: DeliveryReportDeps = {
    operations: { get: async (id) => operations.get(id) },
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
  return { d, docs, audit, sent, crash, operations };
}

/** The real reminder activity on the world's stores: it writes the lookup (the world's operations) and sends. */
async function remind(w: ReturnType<typeof world>, invitationId: string, reminder = 0) {
  const send = makeSendReminderEmail({
    invitations: {
      get: async (id: string) => (w.docs.get(id) ? { doc: w.docs.get(id)!, etag: 'e' } : undefined),
      apply: w.d.invitations.apply,
    } as never,
    audit: w.d.audit,
    emailSender: w.d.emailSender,
    now: w.d.now,
    publicBaseUrl: 'https://connect.example',
    tokenSecret: 's'.repeat(32),
    operations: { put: async (op) => void w.operations.set(op.id, op) },
  });
  expect(await send({ invitationId, ...(reminder ? { reminder } : {}) })).toEqual({ outcome: 'done' });
  return reminderOperationId(invitationId, reminder);
}
const actionsOf = (w: ReturnType<typeof world>) => [...w.audit.values()].map((e) => e.action).sort();

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

it("a bounced reminder: recorded as the send's reminder, invitation.bounced, the inviter told once though delivered twice", async () => {
  const inv = emailedOnce();
  const w = world(inv);
  const messageId = await remind(w, inv.id);
  const bounced = { messageId, status: 'Bounced', recipient: inv.recipientEmail };
  for (let i = 0; i < 2; i++) expect(await recordDeliveryReport(w.d, bounced)).toMatchObject({ outcome: 'recorded' });
  const entries = w.docs.get(inv.id)!.timeline.filter((e) => e.type === 'bounced');
  expect(entries.map((e) => e.detail)).toEqual([{ sendNumber: 1, reminder: 1, status: 'Bounced' }]);
  expect(actionsOf(w)).toEqual(['invitation.bounced', 'invitation.inviterNotified', 'invitation.reminded']);
  expect(w.sent.get(noticeOperationId(inv.id, 'bounced:1'))).toMatchObject({
    to: inv.createdBy.email,
    priority: 'notice',
    subject: expect.stringContaining(inv.recipientEmail),
  });
  // The reminder itself and the one notice.
  expect(w.sent.size).toBe(2);
  // The address did not take the latest email: the inviter may correct it.
  const r = transition(
    w.docs.get(inv.id)!,
    { type: 'readdress', recipientEmail: 'right@fabrikam.example', by: inv.createdBy },
    at(2),
  );
  expect(r.ok).toBe(true);
});

it('an invitation email delivered, then its reminder bounced: both recorded, the inviter told of the bounce', async () => {
  const inv = emailedOnce();
  const w = world(inv);
  await recordDeliveryReport(w.d, { messageId: emailOperationId(inv.id, 1), status: 'Delivered' });
  const messageId = await remind(w, inv.id);
  expect(await recordDeliveryReport(w.d, { messageId, status: 'Suppressed' })).toMatchObject({
    detail: 'suppressed; inviter told',
  });
  expect(w.docs.get(inv.id)!.timeline.filter((e) => e.type === 'delivered' || e.type === 'suppressed')).toHaveLength(2);
  expect(w.sent.has(noticeOperationId(inv.id, 'bounced:1'))).toBe(true);
});

it("the invitation email and its reminder both bounced: one notice for the address (the send's), each bounce recorded", async () => {
  const inv = emailedOnce();
  const w = world(inv);
  await recordDeliveryReport(w.d, bounce(inv));
  const messageId = await remind(w, inv.id);
  await recordDeliveryReport(w.d, { messageId, status: 'Bounced' });
  expect(w.docs.get(inv.id)!.timeline.filter((e) => e.type === 'bounced')).toHaveLength(2);
  expect(actionsOf(w).filter((a) => a === 'invitation.bounced')).toHaveLength(2);
  expect(actionsOf(w).filter((a) => a === 'invitation.inviterNotified')).toHaveLength(1);
  expect([...w.sent.values()].filter((e) => e.priority === 'notice')).toHaveLength(1);
});
