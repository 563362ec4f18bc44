import { deliveryOutcomeOf, deliveryReportOf, tellsInviter, type DeliveryOutcome } from '../domain/deliveryReport';
import { noticeOperationId } from '../domain/ids';
import { systemActor } from '../domain/invitation';
import { bouncedNoticeEmail } from '../email/templatesBounce';
import { renderEmail } from '../email/templates';
import type { EmailOperation } from '../store/emailOperations';
import type { DeliveryReportDeps } from './ports';

/** What ACS said of one email: its operation id (the report's messageId) and delivery status. */
export interface DeliveryReport {
  messageId: string;
  status: string;
  /** The address it went to (the invitation's may have been corrected since). */
  recipient?: string;
}

export type DeliveryReportOutcome = { outcome: 'recorded' | 'ignored'; detail?: string };

// The audit action of each outcome; a bounce and a suppression are the `invitation.bounced` event.
const actions: Record<DeliveryOutcome, string> = {
  delivered: 'invitation.delivered',
  bounced: 'invitation.bounced',
  suppressed: 'invitation.bounced',
  undelivered: 'invitation.undelivered',
};

/** The report's audit key: one per email (the n-th send, or a reminder after it). */
const deliveryAuditKey = (invitationId: string, op: EmailOperation): string =>
  op.reminder === undefined
    ? `delivery:${invitationId}:${op.sendNumber}`
    : `delivery:${invitationId}:${op.sendNumber}:reminder:${op.reminder}`;

/**
 * Records an ACS delivery report on its invitation's timeline and audit trail, and tells the inviter
 * of a bounce or suppression (email, and the `invitation.bounced` event the audit entry becomes).
 * Every step is keyed (the timeline entry per send, the audit key, the notice's Operation-Id), so a
 * report delivered twice, or retried after a crash half way, records and tells once. Throws when it
 * should be delivered again later (the send not recorded yet, the email quota used up): Event Grid
 * retries a failed delivery.
 */
export async function recordDeliveryReport(
  d: DeliveryReportDeps,
  report: DeliveryReport,
): Promise<DeliveryReportOutcome> {
  const outcome = deliveryOutcomeOf(report.status);
  if (!outcome) return { outcome: 'ignored', detail: `status ${report.status} is not an outcome` };
  // Only invitation emails and their reminders have a lookup: notices are reported too, and ignored.
  const op = await d.operations.get(report.messageId);
  if (!op) return { outcome: 'ignored', detail: 'not an invitation email' };
  const reminder: { reminder?: number } = op.reminder !== undefined ? { reminder: op.reminder } : {};
  const applied = await d.invitations.apply(
    op.invitationId,
    { type: 'deliveryReported', sendNumber: op.sendNumber, ...reminder, outcome, status: report.status },
    d.now(),
  );
  if (!applied) return { outcome: 'ignored', detail: 'no such invitation' };
  if (!applied.ok) throw new Error(`delivery report of ${op.invitationId} send ${op.sendNumber}: ${applied.detail}`);
  const invitation = applied.value.invitation;
  const entry = deliveryReportOf(invitation, op.sendNumber, op.reminder);
  // The outcome first recorded stands (a later, different report of the same send changes nothing).
  const recorded = (entry?.type ?? outcome) as DeliveryOutcome;
  const tenants = [invitation.partnerTenantId, ...(invitation.providerTenantId ? [invitation.providerTenantId] : [])];
  const subject = { type: 'invitation', id: invitation.id };
  const status = String(entry?.detail?.['status'] ?? report.status);
  const detail: Record<string, string | number> = { sendNumber: op.sendNumber, ...reminder, status };
  const at = entry?.at ?? d.now().toISOString();
  await d.audit.append(
    tenants,
    { at, actor: systemActor, action: actions[recorded], subject, correlationId: invitation.id, detail },
    deliveryAuditKey(invitation.id, op),
  );
  if (!tellsInviter(recorded)) return { outcome: 'recorded', detail: recorded };

  const to = invitation.createdBy.email;
  if (!to) return { outcome: 'recorded', detail: `${recorded}; the inviter has no email address` };
  // One notice per send's address: a reminder's bounce after the invitation email's tells nothing new.
  const notice = `bounced:${op.sendNumber}`;
  const template = bouncedNoticeEmail(
    {
      recipientEmail: report.recipient ?? invitation.recipientEmail,
      status,
      invitationId: invitation.id,
    },
    invitation.email.locale,
  );
  // A notice: ahead of invitations and bulk sends under a used-up quota (shared/email/sendPriority.ts).
  const sent = await d.emailSender.send({
    operationId: noticeOperationId(invitation.id, notice),
    priority: 'notice',
    to,
    ...renderEmail(template),
  });
  if (sent.outcome === 'deferred')
    throw new Error(`the bounce notice of ${invitation.id} waits for the email quota (${sent.retryAfterSeconds} s)`);
  await d.audit.append(
    tenants,
    {
      at: d.now().toISOString(),
      actor: systemActor,
      action: 'invitation.inviterNotified',
      subject,
      correlationId: invitation.id,
      detail: { notice },
    },
    `notified:${invitation.id}:${notice}`,
  );
  return { outcome: 'recorded', detail: `${recorded}; inviter told` };
}
