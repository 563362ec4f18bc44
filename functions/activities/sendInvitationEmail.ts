import { isPastDeadline } from '../../shared/domain/deadlines';
import { emailOperationId } from '../../shared/domain/ids';
import { systemActor, type Invitation } from '../../shared/domain/invitation';
import { invitationLink } from '../../shared/domain/invitationLink';
import { deriveInvitationToken, hashToken } from '../../shared/domain/token';
import { renderInvitationEmail } from '../../shared/email/templates';
import { invitationView } from '../../shared/invitations/invitationView';
import { deferredBy } from '../../shared/email/deferred';
import { sendPriorityOf } from '../../shared/batches/sendPriority';
import { sendInvitationEmailInputSchema, type ActivityOutcome } from '../../shared/schemas/orchestration';
import type { EmailActivityDeps } from './emailActivityPorts';
import { sendInvitationEmailDeps } from '../compose/invitationsDeps';
import { recordSent } from '../../shared/recordSent';
import type { EmailOperationStore } from '../../shared/store/emailOperations';
import { wiredOnFirstUse } from '../compose/wiredOnFirstUse';

export type SendInvitationEmailDeps = EmailActivityDeps<'appendAll'> & {
  /** Where a delivery report finds this email's invitation by its Operation-Id (shared/store/emailOperations.ts). */
  operations: Pick<EmailOperationStore, 'put'>;
};

/**
 * Sends the n-th invitation email with the personal link. Idempotent: a send already counted on
 * the invitation is not repeated, and the ACS Operation-Id (invitation id + n) makes a send that
 * crashed before being counted go out once; a send no longer wanted (answered, revoked, past the
 * deadline) is counted all the same when ACS holds its Operation-Id (it went out before a crash),
 * and skipped otherwise. The link token is re-derived here, never passed in.
 */
export function makeSendInvitationEmail(d: SendInvitationEmailDeps) {
  return async (raw: unknown): Promise<ActivityOutcome> => {
    const { invitationId, sendNumber } = sendInvitationEmailInputSchema.parse(raw);
    const stored = await d.invitations.get(invitationId);
    if (!stored) return { outcome: 'skipped', detail: 'no such invitation' };
    const invitation = stored.doc;
    if (invitation.sendCount >= sendNumber) {
      await recordEmailed(d, invitation, sendNumber);
      return { outcome: 'alreadyDone' };
    }
    if (sendNumber !== invitation.sendCount + 1)
      return { outcome: 'skipped', detail: `send ${sendNumber} is out of order` };
    const operationId = emailOperationId(invitation.id, sendNumber);
    const token = deriveInvitationToken(d.tokenSecret, invitation.id);
    const unwanted =
      invitation.status !== 'pending'
        ? `invitation is ${invitation.status}`
        : isPastDeadline(invitation, d.now())
          ? 'invitation is past its deadline'
          : undefined;
    if (unwanted) {
      // No longer wanted, unless it already went out: a host that died after the send and before
      // its record leaves the retry here, and the customer may have answered through that email.
      const before = await d.emailSender.wasAccepted(operationId);
      if (before.outcome === 'deferred') return deferredBy(before);
      if (before.outcome === 'notAccepted') return { outcome: 'skipped', detail: unwanted };
    } else {
      const rendered = renderInvitationEmail(invitation.email, invitationLink(d.publicBaseUrl, invitation.id, token));
      // Before the send: ACS may report on the email as soon as it is accepted.
      await d.operations.put({ id: operationId, invitationId: invitation.id, sendNumber });
      const sent = await d.emailSender.send({
        operationId,
        priority: sendPriorityOf(invitation, sendNumber),
        to: invitation.recipientEmail,
        ...rendered,
      });
      if (sent.outcome === 'deferred') return deferredBy(sent);
    }

    // The stored hash follows the link just sent, so the link in the customer's hands always works.
    // Applied over the version read above (its ETag guards the write), not a second read.
    // Counted whatever the invitation became since the checks above (an answer through this very
    // email may already be stored): the email is out.
    const result = await recordSent(() =>
      d.invitations.apply(
        invitation.id,
        { type: 'emailed', sendNumber, tokenHash: hashToken(token), sent: true },
        d.now(),
        undefined,
        stored,
      ),
    );
    if (!result) return { outcome: 'skipped', detail: 'invitation vanished' };
    if (!result.ok) return { outcome: 'done', detail: result.detail };
    await recordEmailed(d, result.value.invitation, sendNumber);
    return { outcome: 'done' };
  };
}

/**
 * The audit of a counted send, idempotent, so a re-run completes what a crash left. The partner's
 * index is not touched: "emailed" changes nothing it shows, and the create request writes it before
 * it starts this orchestration (a replayed create writes it again).
 */
async function recordEmailed(d: SendInvitationEmailDeps, invitation: Invitation, sendNumber: number): Promise<void> {
  const entry = invitation.timeline.find((e) => e.type === 'emailed' && e.detail?.['sendNumber'] === sendNumber);
  const tenants = [invitation.partnerTenantId, ...(invitation.providerTenantId ? [invitation.providerTenantId] : [])];
  const resource = invitationView(invitation, d.now());
  const emailed = {
    entry: {
      at: entry?.at ?? d.now().toISOString(),
      actor: systemActor,
      action: 'invitation.emailed',
      subject: { type: 'invitation', id: invitation.id },
      correlationId: invitation.id,
      detail: { sendNumber },
      resource,
    },
    key: `emailed:${invitation.id}:${sendNumber}`,
  };
  if (sendNumber !== 1) return d.audit.appendAll(tenants, [emailed]);
  // The creation's own audit entry, written here (in one batch with the first send's) to keep the
  // create request at three writes; who and when come from the stored invitation, the key makes it land once.
  const detail = {
    kind: invitation.kind,
    includeDelegatedAdmin: invitation.includeDelegatedAdmin,
    ...(invitation.providerTenantId ? { providerTenantId: invitation.providerTenantId } : {}),
  };
  const created = {
    entry: {
      at: invitation.createdAt,
      actor: invitation.createdBy,
      action: 'invitation.created',
      subject: { type: 'invitation', id: invitation.id },
      correlationId: invitation.id,
      detail,
      resource,
    },
    key: `created:${invitation.id}`,
  };
  return d.audit.appendAll(tenants, [created, emailed]);
}

/** The activity's handler on the process-wide stores. */
export const sendInvitationEmailHandler = wiredOnFirstUse(() => makeSendInvitationEmail(sendInvitationEmailDeps()));
