import { isPastDeadline, sentReminders } from '../../shared/domain/deadlines';
import { reminderAuditKey, reminderOperationId } from '../../shared/domain/ids';
import { systemActor, type Invitation } from '../../shared/domain/invitation';
import { invitationLink } from '../../shared/domain/invitationLink';
import { deriveInvitationToken } from '../../shared/domain/token';
import { reminderEmail } from '../../shared/email/templatesNotices';
import { renderInvitationEmail } from '../../shared/email/templates';
import { invitationView } from '../../shared/invitations/invitationView';
import { deferredBy } from '../../shared/email/deferred';
import { sendReminderEmailInputSchema, type ActivityOutcome } from '../../shared/schemas/orchestration';
import type { EmailActivityDeps } from './emailActivityPorts';
import { sendReminderEmailDeps } from '../compose/invitationsDeps';
import { recordSent } from '../../shared/recordSent';
import { wiredOnFirstUse } from '../compose/wiredOnFirstUse';
import type { EmailOperationStore } from '../../shared/store/emailOperations';

export type SendReminderEmailDeps = EmailActivityDeps<'append'> & {
  /** Where a delivery report finds this reminder's invitation by its Operation-Id (shared/store/emailOperations.ts). */
  operations: Pick<EmailOperationStore, 'put'>;
};

/**
 * Sends the n-th reminder of a pending invitation's schedule, carrying the same personal link.
 * Idempotent per reminder: once the timeline records it nothing is sent, and the reminder's own
 * Operation-Id covers a crash between the send and that write.
 */
export function makeSendReminderEmail(d: SendReminderEmailDeps) {
  return async (raw: unknown): Promise<ActivityOutcome> => {
    const { invitationId, reminder = 0 } = sendReminderEmailInputSchema.parse(raw);
    const stored = await d.invitations.get(invitationId);
    if (!stored) return { outcome: 'skipped', detail: 'no such invitation' };
    const invitation = stored.doc;
    if (sentReminders(invitation).includes(reminder)) {
      await auditReminded(d, invitation, reminder, sentAt(invitation, reminder) ?? d.now().toISOString());
      return { outcome: 'alreadyDone' };
    }
    const operationId = reminderOperationId(invitation.id, reminder);
    const unwanted =
      invitation.status !== 'pending'
        ? `invitation is ${invitation.status}`
        : isPastDeadline(invitation, d.now())
          ? 'invitation is past its deadline'
          : undefined;
    if (unwanted) {
      // Recorded all the same when it went out before a crash (see SendInvitationEmail).
      const before = await d.emailSender.wasAccepted(operationId);
      if (before.outcome === 'deferred') return deferredBy(before);
      if (before.outcome === 'notAccepted') return { outcome: 'skipped', detail: unwanted };
    } else {
      const link = invitationLink(d.publicBaseUrl, invitation.id, deriveInvitationToken(d.tokenSecret, invitation.id));
      const template = reminderEmail(invitation.email, invitation.expiresAt, invitation.email.locale);
      // Before the send, as for the invitation email: a bounced reminder tells the inviter the same way
      // (the invitation's address bounced), so the report names the send whose link and address it carries.
      const sendNumber = invitation.sendCount;
      await d.operations.put({ id: operationId, invitationId: invitation.id, sendNumber, reminder: reminder + 1 });
      const sent = await d.emailSender.send({
        operationId,
        priority: 'reminder',
        to: invitation.recipientEmail,
        ...renderInvitationEmail(template, link),
      });
      if (sent.outcome === 'deferred') return deferredBy(sent);
    }

    // Recorded whatever the invitation became since the check above: the email is out.
    const result = await recordSent(() =>
      d.invitations.apply(invitation.id, { type: 'reminded', reminder, sent: true }, d.now()),
    );
    if (!result) return { outcome: 'skipped', detail: 'invitation vanished' };
    if (!result.ok) return { outcome: 'done', detail: result.detail };
    await auditReminded(
      d,
      result.value.invitation,
      reminder,
      sentAt(result.value.invitation, reminder) ?? d.now().toISOString(),
    );
    return { outcome: 'done' };
  };
}

/** When the timeline says the n-th reminder went out. */
function sentAt(invitation: Invitation, reminder: number): string | undefined {
  return invitation.timeline.find(
    (e) => e.type === 'reminded' && (typeof e.detail?.reminder === 'number' ? e.detail.reminder - 1 : 0) === reminder,
  )?.at;
}

/** Appends the reminder to the audit once (its own deterministic key), also when a re-run completes it. */
function auditReminded(d: SendReminderEmailDeps, invitation: Invitation, reminder: number, at: string): Promise<void> {
  const tenants = [invitation.partnerTenantId, ...(invitation.providerTenantId ? [invitation.providerTenantId] : [])];
  return d.audit.append(
    tenants,
    {
      at,
      actor: systemActor,
      action: 'invitation.reminded',
      subject: { type: 'invitation', id: invitation.id },
      correlationId: invitation.id,
      resource: invitationView(invitation, new Date(at)),
    },
    reminderAuditKey(invitation.id, reminder),
  );
}

/** The activity's handler on the process-wide stores. */
export const sendReminderEmailHandler = wiredOnFirstUse(() => makeSendReminderEmail(sendReminderEmailDeps()));
