import { grantId, noticeOperationId } from '../../shared/domain/ids';
import { systemActor, type Invitation } from '../../shared/domain/invitation';
import type { EmailSender } from '../../shared/email/sender';
import { acceptedConfirmationEmail, expiredNoticeEmail } from '../../shared/email/templatesNotices';
import { renderEmail, type EmailTemplate } from '../../shared/email/templates';
import { deferredBy } from '../../shared/email/deferred';
import {
  notifyInviterInputSchema,
  type ActivityOutcome,
  type NotifyInviterInput,
} from '../../shared/schemas/orchestration';
import type { AuditLog } from '../../shared/store/audit';
import type { InvitationStore } from '../../shared/store/invitations';
import type { RecordStore } from '../../shared/store/records';
import { notifyInviterDeps } from '../compose/invitationsDeps';
import { wiredOnFirstUse } from '../compose/wiredOnFirstUse';

export interface NotifyInviterDeps {
  invitations: Pick<InvitationStore, 'get'>;
  records: Pick<RecordStore, 'grant'>;
  audit: Pick<AuditLog, 'append'>;
  emailSender: EmailSender;
  now: () => Date;
}

// The statuses in which each notice is true.
const noticeHolds: Record<NotifyInviterInput['notice'], readonly string[]> = {
  accepted: ['accepted', 'recorded'],
  expired: ['expired'],
};

/**
 * Tells the person who sent the invitation that it was accepted (with the grant now active) or
 * that it expired. Idempotent through the notice's Operation-Id: one email per invitation and notice.
 */
export function makeNotifyInviter(d: NotifyInviterDeps) {
  return async (raw: unknown): Promise<ActivityOutcome> => {
    const { invitationId, notice } = notifyInviterInputSchema.parse(raw);
    const stored = await d.invitations.get(invitationId);
    if (!stored) return { outcome: 'skipped', detail: 'no such invitation' };
    const invitation = stored.doc;
    if (!noticeHolds[notice].includes(invitation.status))
      return { outcome: 'skipped', detail: `invitation is ${invitation.status}` };
    const to = invitation.createdBy.email;
    if (!to) return { outcome: 'skipped', detail: 'the inviter has no email address' };

    const template =
      notice === 'accepted'
        ? await acceptedNotice(d, invitation)
        : expiredNoticeEmail(invitation, invitation.email.locale);
    const sent = await d.emailSender.send({
      operationId: noticeOperationId(invitation.id, notice),
      priority: 'notice',
      to,
      ...renderEmail(template),
    });
    if (sent.outcome === 'deferred') return deferredBy(sent);

    const tenants = [invitation.partnerTenantId, ...(invitation.providerTenantId ? [invitation.providerTenantId] : [])];
    await d.audit.append(
      tenants,
      {
        at: d.now().toISOString(),
        actor: systemActor,
        action: 'invitation.inviterNotified',
        subject: { type: 'invitation', id: invitation.id },
        correlationId: invitation.id,
        detail: { notice },
      },
      `notified:${invitation.id}:${notice}`,
    );
    return { outcome: sent.outcome === 'sent' ? 'done' : 'alreadyDone' };
  };
}

/** The confirmation, naming the grant when one was recorded. */
async function acceptedNotice(d: NotifyInviterDeps, invitation: Invitation): Promise<EmailTemplate> {
  const customerTenantId = invitation.acceptedBy?.tenantId;
  const grant =
    invitation.includeDelegatedAdmin && customerTenantId
      ? await d.records.grant(customerTenantId, invitation.grantId ?? grantId(invitation.id))
      : undefined;
  return acceptedConfirmationEmail(
    {
      acceptedBy: invitation.acceptedBy?.email ?? invitation.recipientEmail,
      acceptedAt: invitation.answeredAt ?? d.now().toISOString(),
      ...(grant ? { grant: grant.doc } : {}),
    },
    invitation.email.locale,
  );
}

/** The activity's handler on the process-wide stores. */
export const notifyInviterHandler = wiredOnFirstUse(() => makeNotifyInviter(notifyInviterDeps()));
