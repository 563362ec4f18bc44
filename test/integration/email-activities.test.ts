// The email activities on in-memory ports: idempotent (a re-run sends nothing more), skipped when
// the invitation is no longer waiting, the personal link in the email and its hash on the invitation.
import { makeNotifyInviter } from '../../functions/activities/notifyInviter';
import { makeSendInvitationEmail } from '../../functions/activities/sendInvitationEmail';
import { makeSendReminderEmail } from '../../functions/activities/sendReminderEmail';
import { emailOperationId, grantId, noticeOperationId, reminderOperationId } from '../../shared/domain/ids';
import type { Invitation } from '../../shared/domain/invitation';
import type { Grant } from '../../shared/domain/partner';
import { deriveInvitationToken, hashToken } from '../../shared/domain/token';
import { transition, type InvitationEvent } from '../../shared/domain/transition';
import type { EmailSender, OutgoingEmail } from '../../shared/email/sender';
import type { AuditEntry } from '../../shared/store/audit';
import { at, CUSTOMER_TENANT, customerAdmin, PARTNER_TENANT, pendingInvitation } from '../unit/domain/fixtures';

const SECRET = 's'.repeat(40);
const BASE = 'https://app.example';
const expectedToken = (id: string) => deriveInvitationToken(SECRET, id);

/** An ACS stand-in: records every call; delivers an operation id once (as ACS deduplicates). */
function memorySender() {
  const calls: OutgoingEmail[] = [];
  const lookups: string[] = [];
  const delivered = new Map<string, OutgoingEmail>();
  const sender: EmailSender = {
    async send(email) {
      calls.push(email);
      if (delivered.has(email.operationId)) return { outcome: 'alreadySent' };
      delivered.set(email.operationId, email);
      return { outcome: 'sent' };
    },
    async wasAccepted(operationId) {
      lookups.push(operationId);
      return { outcome: delivered.has(operationId) ? 'accepted' : 'notAccepted' };
    },
  };
  return { sender, calls, delivered, lookups };
}

/** The invitation store's contract on a Map: transitions through the domain, `failNextApply` simulates a crash. */
function memoryInvitations(...initial: Invitation[]) {
  const docs = new Map(initial.map((i) => [i.id, i]));
  let failingApplies = 0;
  return {
    docs,
    /** The next `n` applies throw (a store outage; 5 in a row outlast the activity's own tries, as a crash would). */
    fail: (n = 1) => void (failingApplies = n),
    async get(id: string) {
      const doc = docs.get(id);
      return doc ? { doc: structuredClone(doc), etag: 'e' } : undefined;
    },
    async apply(id: string, event: InvitationEvent, now: Date) {
      if (failingApplies > 0) {
        failingApplies--;
        throw new Error('store unavailable');
      }
      const doc = docs.get(id);
      if (!doc) return undefined;
      const r = transition(doc, event, now);
      if (r.ok && r.value.changed) docs.set(id, r.value.invitation);
      return r;
    },
  };
}

function memoryAudit() {
  const entries = new Map<string, AuditEntry>();
  return {
    entries,
    async append(tenantIds: string[], entry: Omit<AuditEntry, 'id' | 'tenantId'>, key?: string) {
      for (const tenantId of tenantIds) {
        const id = key ?? String(entries.size);
        if (!entries.has(`${tenantId}/${id}`)) entries.set(`${tenantId}/${id}`, { ...entry, id, tenantId });
      }
    },
    async appendAll(
      tenantIds: string[],
      items: ReadonlyArray<{ entry: Omit<AuditEntry, 'id' | 'tenantId'>; key: string }>,
    ) {
      for (const { entry, key } of items) await this.append(tenantIds, entry, key);
    },
  };
}

/** The Operation-Id lookup on a Map, noting how many emails had gone out when each was written. */
function memoryOperations(email: { calls: OutgoingEmail[] }) {
  const docs = new Map<string, { invitationId: string; sendNumber: number; reminder?: number; sentBefore: number }>();
  return {
    docs,
    async put(op: { id: string; invitationId: string; sendNumber: number; reminder?: number }) {
      const { invitationId, sendNumber, reminder } = op;
      const which = reminder !== undefined ? { reminder } : {};
      docs.set(op.id, { invitationId, sendNumber, ...which, sentBefore: email.calls.length });
    },
  };
}

function setup(invitation: Invitation, now = at(1)) {
  const email = memorySender();
  const operations = memoryOperations(email);
  const invitations = memoryInvitations(invitation);
  const audit = memoryAudit();
  const grants = new Map<string, Grant>();
  const base = { invitations, audit, emailSender: email.sender, now: () => now };
  return {
    email,
    invitations,
    audit,
    grants,
    operations,
    sendInvitation: makeSendInvitationEmail({ ...base, operations, publicBaseUrl: BASE, tokenSecret: SECRET }),
    sendReminder: makeSendReminderEmail({ ...base, operations, publicBaseUrl: BASE, tokenSecret: SECRET }),
    notify: makeNotifyInviter({
      ...base,
      records: {
        grant: async (_pk, id) =>
          grants.has(id)
            ? { doc: { ...grants.get(id)!, type: 'grant', tenantId: CUSTOMER_TENANT }, etag: 'e' }
            : undefined,
      },
    }),
  };
}

function answered(event: InvitationEvent, when = at(2), inv = pendingInvitation()): Invitation {
  const r = transition(inv, event, when);
  if (!r.ok) throw new Error(r.code);
  return r.value.invitation;
}

describe('SendInvitationEmail', () => {
  it('sends the email with the personal link, counts it and audits it', async () => {
    const inv = pendingInvitation();
    const s = setup(inv);
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).toEqual({ outcome: 'done' });

    const link = `${BASE}/api/invite/${inv.id}#t=${expectedToken(inv.id)}`;
    expect(s.email.calls).toHaveLength(1);
    const sent = s.email.calls[0]!;
    expect(sent).toMatchObject({ operationId: emailOperationId(inv.id, 1), to: inv.recipientEmail, subject: 'Hello' });
    expect(sent.text).toBe(`Please accept: ${link}`);
    expect(sent.html).toContain(`<a href="${link}">`);
    const stored = s.invitations.docs.get(inv.id)!;
    expect(stored.sendCount).toBe(1);
    expect(stored.tokenHash).toBe(hashToken(expectedToken(inv.id)));
    expect(stored.timeline.at(-1)).toMatchObject({ type: 'emailed', detail: { sendNumber: 1 } });
    // The first send also appends the creation's entry (kept off the create request's writes).
    expect([...s.audit.entries.values()]).toEqual([
      expect.objectContaining({
        tenantId: PARTNER_TENANT,
        action: 'invitation.created',
        id: `created:${inv.id}`,
        actor: inv.createdBy,
        at: inv.createdAt,
      }),
      expect.objectContaining({ tenantId: PARTNER_TENANT, action: 'invitation.emailed', id: `emailed:${inv.id}:1` }),
    ]);
  });

  it('run twice: one email, the same audit entries; the second run reports alreadyDone', async () => {
    const inv = pendingInvitation();
    const s = setup(inv);
    await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 });
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).toEqual({ outcome: 'alreadyDone' });
    expect(s.email.calls).toHaveLength(1);
    expect(s.audit.entries.size).toBe(2);
    expect(s.invitations.docs.get(inv.id)!.sendCount).toBe(1);
  });

  it('a crash between the send and the count: the retry reuses the Operation-Id, so one email arrives', async () => {
    const inv = pendingInvitation();
    const s = setup(inv);
    s.invitations.fail(5);
    await expect(s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).rejects.toThrow('store unavailable');
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).toEqual({ outcome: 'done' });
    expect(s.email.calls.map((c) => c.operationId)).toEqual([emailOperationId(inv.id, 1), emailOperationId(inv.id, 1)]);
    expect(s.email.delivered.size).toBe(1);
    expect(s.invitations.docs.get(inv.id)!.sendCount).toBe(1);
  });

  it('an answer that comes between the send and its count: the email is still counted and audited, once (soak seed 1079)', async () => {
    const inv = pendingInvitation();
    const s = setup(inv);
    const send = s.email.sender.send;
    // The customer declines through the link of this very email before the activity counts it.
    s.email.sender.send = async (email) => {
      const r = await send(email);
      s.invitations.docs.set(
        inv.id,
        answered({ type: 'decline', by: customerAdmin }, at(1), s.invitations.docs.get(inv.id)),
      );
      return r;
    };
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).toEqual({ outcome: 'done' });
    const stored = s.invitations.docs.get(inv.id)!;
    expect(stored).toMatchObject({ status: 'declined', sendCount: 1, tokenHash: hashToken(expectedToken(inv.id)) });
    expect(stored.timeline.filter((e) => e.type === 'emailed')).toHaveLength(1);
    expect([...s.audit.entries.values()].map((e) => e.action).sort()).toEqual([
      'invitation.created',
      'invitation.emailed',
    ]);
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).toEqual({ outcome: 'alreadyDone' });
    expect(s.email.delivered.size).toBe(1);
  });

  it('a store fault on the count while the customer answers: the activity writes it again at once, so the email is counted (soak seed 2003)', async () => {
    const inv = pendingInvitation();
    const s = setup(inv);
    const send = s.email.sender.send;
    s.email.sender.send = async (email) => {
      const r = await send(email);
      s.invitations.fail(2);
      s.invitations.docs.set(
        inv.id,
        answered({ type: 'accept', by: customerAdmin }, at(1), s.invitations.docs.get(inv.id)),
      );
      return r;
    };
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).toEqual({ outcome: 'done' });
    expect(s.invitations.docs.get(inv.id)).toMatchObject({ status: 'accepted', sendCount: 1 });
    expect(s.email.delivered.size).toBe(1);
  });

  it('a resend is a second email with its own Operation-Id and the same link', async () => {
    const inv = pendingInvitation();
    const s = setup(inv);
    await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 });
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 2 })).toEqual({ outcome: 'done' });
    expect(s.email.delivered.size).toBe(2);
    expect(s.email.calls[1]).toMatchObject({ operationId: emailOperationId(inv.id, 2), text: s.email.calls[0]!.text });
    expect(s.invitations.docs.get(inv.id)!.sendCount).toBe(2);
  });

  it('writes the lookup a delivery report finds its invitation by (the Operation-Id) before each email goes out', async () => {
    const inv = pendingInvitation();
    const s = setup(inv);
    await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 });
    await s.sendInvitation({ invitationId: inv.id, sendNumber: 2 });
    expect(s.operations.docs.get(emailOperationId(inv.id, 1))).toEqual({
      invitationId: inv.id,
      sendNumber: 1,
      sentBefore: 0,
    });
    expect(s.operations.docs.get(emailOperationId(inv.id, 2))).toEqual({
      invitationId: inv.id,
      sendNumber: 2,
      sentBefore: 1,
    });
  });

  it('writes the lookup before each reminder too: the send whose link it carries, and which reminder', async () => {
    const inv = pendingInvitation();
    const s = setup(inv);
    await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 });
    expect(await s.sendReminder({ invitationId: inv.id })).toEqual({ outcome: 'done' });
    expect(await s.sendReminder({ invitationId: inv.id, reminder: 1 })).toEqual({ outcome: 'done' });
    expect(s.operations.docs.get(reminderOperationId(inv.id, 0))).toEqual({
      invitationId: inv.id,
      sendNumber: 1,
      reminder: 1,
      sentBefore: 1,
    });
    expect(s.operations.docs.get(reminderOperationId(inv.id, 1))).toEqual({
      invitationId: inv.id,
      sendNumber: 1,
      reminder: 2,
      sentBefore: 2,
    });
  });

  it.each([
    ['revoked', () => answered({ type: 'revoke', by: customerAdmin })],
    ['accepted', () => answered({ type: 'accept', by: customerAdmin })],
  ])('skipped when the invitation is %s: no email, nothing written', async (_status, make) => {
    const inv = make();
    const s = setup(inv);
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).toMatchObject({ outcome: 'skipped' });
    expect(s.email.calls).toHaveLength(0);
    expect(s.invitations.docs.get(inv.id)).toEqual(inv);
    expect(s.audit.entries.size).toBe(0);
  });

  it('a host killed after a resend went out and before its count, the invitation answered meanwhile: the retry asks ACS, counts the send and sends nothing (soak seed 3045)', async () => {
    const inv = pendingInvitation();
    const s = setup(inv);
    await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 });
    s.invitations.fail(5); // the count of send 2 never lands: the host dies
    await expect(s.sendInvitation({ invitationId: inv.id, sendNumber: 2 })).rejects.toThrow('store unavailable');
    s.invitations.docs.set(
      inv.id,
      answered({ type: 'accept', by: customerAdmin }, at(1), s.invitations.docs.get(inv.id)),
    );
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 2 })).toEqual({ outcome: 'done' });
    expect(s.email.lookups).toEqual([emailOperationId(inv.id, 2)]);
    expect(s.email.calls.map((c) => c.operationId)).toEqual([emailOperationId(inv.id, 1), emailOperationId(inv.id, 2)]);
    const stored = s.invitations.docs.get(inv.id)!;
    expect(stored).toMatchObject({ status: 'accepted', sendCount: 2 });
    expect([...s.audit.entries.keys()].filter((k) => k.includes('emailed:'))).toHaveLength(2);
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 2 })).toEqual({ outcome: 'alreadyDone' });
  });

  it('a send no longer wanted that never went out is skipped after ACS says so; a throttled status read puts it off', async () => {
    const inv = answered({ type: 'revoke', by: customerAdmin });
    const s = setup(inv);
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).toEqual({
      outcome: 'skipped',
      detail: 'invitation is revoked',
    });
    expect(s.email.lookups).toEqual([emailOperationId(inv.id, 1)]);
    s.email.sender.wasAccepted = async () => ({ outcome: 'deferred', retryAfterSeconds: 60 });
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 1 })).toMatchObject({
      outcome: 'deferred',
      retryAfterSeconds: 60,
    });
    expect(s.invitations.docs.get(inv.id)).toEqual(inv);
    expect(s.email.calls).toHaveLength(0);
  });

  it('skipped past the deadline, for an unknown invitation and for a send out of order', async () => {
    const inv = pendingInvitation();
    expect(
      await setup(inv, new Date(inv.expiresAt)).sendInvitation({ invitationId: inv.id, sendNumber: 1 }),
    ).toMatchObject({ outcome: 'skipped' });
    const s = setup(inv);
    expect(
      await s.sendInvitation({ invitationId: '99999999-9999-4999-8999-999999999999', sendNumber: 1 }),
    ).toMatchObject({ outcome: 'skipped' });
    expect(await s.sendInvitation({ invitationId: inv.id, sendNumber: 3 })).toMatchObject({ outcome: 'skipped' });
    expect(s.email.calls).toHaveLength(0);
  });

  it('parses its input: a bad one throws before anything happens', async () => {
    const s = setup(pendingInvitation());
    await expect(s.sendInvitation({ invitationId: 'nope', sendNumber: 1 })).rejects.toThrow();
    await expect(s.sendInvitation({ invitationId: pendingInvitation().id, sendNumber: 0 })).rejects.toThrow();
    expect(s.email.calls).toHaveLength(0);
  });
});

describe('SendReminderEmail', () => {
  it('sends one reminder with the same link and marks it; a re-run sends nothing', async () => {
    const inv = pendingInvitation();
    const s = setup(inv, at(27));
    expect(await s.sendReminder({ invitationId: inv.id })).toEqual({ outcome: 'done' });
    expect(await s.sendReminder({ invitationId: inv.id })).toEqual({ outcome: 'alreadyDone' });
    expect(s.email.calls).toHaveLength(1);
    const sent = s.email.calls[0]!;
    expect(sent).toMatchObject({
      operationId: reminderOperationId(inv.id),
      to: inv.recipientEmail,
      subject: 'Reminder: Hello',
    });
    expect(sent.text).toContain(`${BASE}/api/invite/${inv.id}#t=${expectedToken(inv.id)}`);
    expect(s.invitations.docs.get(inv.id)!.reminderSentAt).toBe(at(27).toISOString());
    expect([...s.audit.entries.values()].map((e) => e.action)).toEqual(['invitation.reminded']);
  });

  it('an answer that comes between the send and its record: the reminder is still recorded and audited, once (soak seed 1017)', async () => {
    const inv = pendingInvitation();
    const s = setup(inv, at(27));
    const send = s.email.sender.send;
    // The customer accepts while the reminder is on its way.
    s.email.sender.send = async (email) => {
      const r = await send(email);
      s.invitations.docs.set(
        inv.id,
        answered({ type: 'accept', by: customerAdmin }, at(27), s.invitations.docs.get(inv.id)),
      );
      return r;
    };
    expect(await s.sendReminder({ invitationId: inv.id })).toEqual({ outcome: 'done' });
    const stored = s.invitations.docs.get(inv.id)!;
    expect(stored.status).toBe('accepted');
    expect(stored.timeline.filter((e) => e.type === 'reminded')).toHaveLength(1);
    expect(stored.reminderSentAt).toBe(at(27).toISOString());
    expect([...s.audit.entries.values()].map((e) => e.action)).toEqual(['invitation.reminded']);
    expect(await s.sendReminder({ invitationId: inv.id })).toEqual({ outcome: 'alreadyDone' });
    expect(s.email.calls).toHaveLength(1);
  });

  it('sends each reminder of a schedule once, with its own Operation-Id and audit entry', async () => {
    const inv = {
      ...pendingInvitation(),
      reminders: [at(16).toISOString(), at(27).toISOString()],
      reminderAt: at(16).toISOString(),
    };
    const s = setup(inv, at(16));
    expect(await s.sendReminder({ invitationId: inv.id })).toEqual({ outcome: 'done' });
    expect(await s.sendReminder({ invitationId: inv.id, reminder: 1 })).toEqual({ outcome: 'done' });
    expect(await s.sendReminder({ invitationId: inv.id, reminder: 1 })).toEqual({ outcome: 'alreadyDone' });
    expect(await s.sendReminder({ invitationId: inv.id })).toEqual({ outcome: 'alreadyDone' });
    expect(s.email.calls.map((c) => c.operationId)).toEqual([
      reminderOperationId(inv.id),
      reminderOperationId(inv.id, 1),
    ]);
    expect([...s.audit.entries.keys()].filter((k) => k.startsWith(`${inv.partnerTenantId}/`))).toEqual([
      `${inv.partnerTenantId}/reminded:${inv.id}`,
      `${inv.partnerTenantId}/reminded:${inv.id}:2`,
    ]);
    expect(s.invitations.docs.get(inv.id)!.timeline.filter((e) => e.type === 'reminded')).toHaveLength(2);
  });

  it('a host killed after the reminder went out and before its record, the invitation answered meanwhile: the retry records it, nothing is sent again', async () => {
    const inv = pendingInvitation();
    const s = setup(inv, at(27));
    s.invitations.fail(5);
    await expect(s.sendReminder({ invitationId: inv.id })).rejects.toThrow('store unavailable');
    s.invitations.docs.set(
      inv.id,
      answered({ type: 'decline', by: customerAdmin }, at(27), s.invitations.docs.get(inv.id)),
    );
    expect(await s.sendReminder({ invitationId: inv.id })).toEqual({ outcome: 'done' });
    expect(s.email.calls).toHaveLength(1);
    expect(s.invitations.docs.get(inv.id)!.timeline.filter((e) => e.type === 'reminded')).toHaveLength(1);
    expect([...s.audit.entries.values()].map((e) => e.action)).toEqual(['invitation.reminded']);
  });

  it('skipped once answered', async () => {
    const inv = answered({ type: 'decline', by: customerAdmin });
    const s = setup(inv, at(27));
    expect(await s.sendReminder({ invitationId: inv.id })).toMatchObject({ outcome: 'skipped' });
    expect(s.email.calls).toHaveLength(0);
  });
});

describe('NotifyInviter', () => {
  it('confirms an acceptance to the inviter, with the grant; a re-run delivers nothing more', async () => {
    const inv = answered({ type: 'accept', by: customerAdmin });
    const s = setup(inv, at(3));
    s.grants.set(grantId(inv.id), {
      id: grantId(inv.id),
      partnerTenantId: PARTNER_TENANT,
      customerTenantId: CUSTOMER_TENANT,
      invitationId: inv.id,
      roles: ['88d8e3e3-8f55-4a1e-953a-9b9898b8876b'],
      duration: 'P730D',
      autoExtend: false,
      startsAt: at(2).toISOString(),
      endsAt: at(732).toISOString(),
      status: 'active',
    });
    expect(await s.notify({ invitationId: inv.id, notice: 'accepted' })).toEqual({ outcome: 'done' });
    expect(await s.notify({ invitationId: inv.id, notice: 'accepted' })).toEqual({ outcome: 'alreadyDone' });
    expect(s.email.delivered.size).toBe(1);
    const sent = s.email.calls[0]!;
    expect(sent).toMatchObject({
      operationId: noticeOperationId(inv.id, 'accepted'),
      to: inv.createdBy.email,
      subject: `${customerAdmin.email} accepted your invitation`,
    });
    expect(sent.text).toContain('Delegated admin privileges are active until');
    expect(sent.text).not.toContain('/invite/');
    expect(s.audit.entries.size).toBe(1);
  });

  it('tells the inviter about expiry', async () => {
    const inv = answered({ type: 'expire' }, at(30));
    const s = setup(inv, at(30));
    expect(await s.notify({ invitationId: inv.id, notice: 'expired' })).toEqual({ outcome: 'done' });
    expect(s.email.calls[0]).toMatchObject({
      operationId: noticeOperationId(inv.id, 'expired'),
      to: inv.createdBy.email,
      subject: `Your invitation to ${inv.recipientEmail} expired`,
    });
  });

  it('skipped when the notice does not hold or the inviter has no address', async () => {
    const pending = pendingInvitation();
    expect(await setup(pending).notify({ invitationId: pending.id, notice: 'accepted' })).toMatchObject({
      outcome: 'skipped',
    });
    const noAddress = answered(
      { type: 'expire' },
      at(30),
      pendingInvitation({ createdBy: { type: 'user', tenantId: PARTNER_TENANT, userId: 'u1' } }),
    );
    const s = setup(noAddress, at(30));
    expect(await s.notify({ invitationId: noAddress.id, notice: 'expired' })).toMatchObject({ outcome: 'skipped' });
    expect(s.email.calls).toHaveLength(0);
  });
});

describe('a send the email quota puts off', () => {
  // A sender whose quota is used up: nothing goes out, the wait is handed back.
  const deferring: EmailSender = {
    send: async () => ({ outcome: 'deferred', retryAfterSeconds: 1800 }),
    wasAccepted: async () => ({ outcome: 'deferred', retryAfterSeconds: 1800 }),
  };

  it('is answered "deferred" with the wait by every email activity, and writes nothing', async () => {
    const pending = pendingInvitation();
    const a = setup(pending, at(27));
    const withQuotaUsedUp = { invitations: a.invitations, audit: a.audit, emailSender: deferring, now: () => at(27) };
    const deferred = { outcome: 'deferred', retryAfterSeconds: 1800 };
    expect(
      await makeSendInvitationEmail({
        ...withQuotaUsedUp,
        operations: a.operations,
        publicBaseUrl: BASE,
        tokenSecret: SECRET,
      })({ invitationId: pending.id, sendNumber: 1 }),
    ).toMatchObject(deferred);
    expect(
      await makeSendReminderEmail({
        ...withQuotaUsedUp,
        operations: a.operations,
        publicBaseUrl: BASE,
        tokenSecret: SECRET,
      })({
        invitationId: pending.id,
      }),
    ).toMatchObject(deferred);
    expect(a.invitations.docs.get(pending.id)).toEqual(pending);

    const expired = answered({ type: 'expire' }, at(30));
    const b = setup(expired, at(30));
    const notify = makeNotifyInviter({
      invitations: b.invitations,
      audit: b.audit,
      emailSender: deferring,
      now: () => at(30),
      records: { grant: async () => undefined },
    });
    expect(await notify({ invitationId: expired.id, notice: 'expired' })).toMatchObject(deferred);
    expect(a.audit.entries.size + b.audit.entries.size).toBe(0);
  });
});
