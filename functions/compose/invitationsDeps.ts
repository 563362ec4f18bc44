// The invitation area's composition root: its use cases and activities on the process-wide Cosmos
// stores, the configured email sender and the durable client of the invocation. Their ports:
// shared/invitations/ports.ts and the <Name>Deps interfaces beside each activity's make<Name>.
import type { InvocationContext } from '@azure/functions';
import type { EmailActivityDeps } from '../activities/emailActivityPorts';
import type { ExpireInvitationDeps } from '../activities/expireInvitation';
import type { NotifyInviterDeps } from '../activities/notifyInviter';
import type { RecordAcceptanceDeps } from '../activities/recordAcceptance';
import type { SendInvitationEmailDeps } from '../activities/sendInvitationEmail';
import type { SendReminderEmailDeps } from '../activities/sendReminderEmail';
import { appNow } from '../../shared/appClock';
import { config } from '../../shared/config';
import { emailSender } from '../../shared/email/senderFromConfig';
import { raiseToInvitation, startInvitationOrchestration } from '../../shared/invitations/invitationOrchestration';
import { inviterSendLimiter } from '../../shared/invitations/inviterSends';
import { readdressWith } from '../../shared/invitations/readdressInvitation';
import type {
  DeliveryReportDeps,
  DraftDeps,
  IssueInvitationDeps,
  IssueWithPartnershipDeps,
  ResendInvitationDeps,
  RevokeInvitationDeps,
} from '../../shared/invitations/ports';
import { invitationAnsweredEvent, resendRequestedEvent } from '../names';
import { auditLog, type AuditLog } from '../../shared/store/audit';
import { dueItemStore } from '../../shared/store/dueItems';
import { emailOperationStore } from '../../shared/store/emailOperations';
import { invitationIndex } from '../../shared/store/invitationIndex';
import { invitationStore } from '../../shared/store/invitations';
import { cachedInviterProfiles } from '../../shared/store/inviterProfileCache';
import { partnerStore } from '../../shared/store/partners';
import { partnershipStore } from '../../shared/store/partnerships';
import { recordStore } from '../../shared/store/records';
import { roleTemplateStore } from '../../shared/store/roleTemplates';

/** The stores and settings every invitation-issuing endpoint passes to its use case. */
export function issueInvitationDeps(context: InvocationContext): IssueInvitationDeps {
  const c = config();
  return {
    invitations: invitationStore(),
    index: invitationIndex(),
    dueItems: dueItemStore(),
    partners: cachedInviterProfiles(partnerStore()),
    sends: inviterSendLimiter(),
    tokenSecret: c.INVITATION_TOKEN_SECRET,
    reminderDaysBefore: c.REMINDER_DAYS_BEFORE_EXPIRY,
    startOrchestration: (i) => startInvitationOrchestration(context, i),
    now: () => new Date(),
    roleTemplates: roleTemplateStore(),
  };
}

/** The same plus the partnerships a multi-party invitation or a partnership request relies on. */
export function issueWithPartnershipDeps(context: InvocationContext): IssueWithPartnershipDeps {
  return { ...issueInvitationDeps(context), partnerships: partnershipStore() };
}

/** Drafting reads the caller's profile and its partnerships. */
export function draftDeps(): DraftDeps {
  return { partners: partnerStore(), partnerships: partnershipStore() };
}

/**
 * A resend takes one of the inviter's sends, may correct the address, and asks the invitation's
 * orchestration to send again.
 */
export function resendInvitationDeps(context: InvocationContext): ResendInvitationDeps {
  return {
    invitations: invitationStore(),
    readdress: readdressWith({ invitations: invitationStore(), index: invitationIndex(), audit: auditLog() }),
    sends: inviterSendLimiter(),
    requestResend: (id, at, sendNumber) =>
      raiseToInvitation(context, id, resendRequestedEvent, { at: at.toISOString(), sendNumber }),
    // The resend interval is a send limit: it counts in the app's clock, as the sends per inviter
    // do (shared/appClock.ts).
    now: () => new Date(appNow()),
  };
}

/** What reading an invitation touches: the invitation and its list (index) rows. */
export function invitationReadDeps() {
  return { invitations: invitationStore(), index: invitationIndex() };
}

/** Revoking writes the invitation, its audit entry, its list row and a follow-up, then tells its orchestration. */
export function revokeInvitationDeps(context: InvocationContext): RevokeInvitationDeps {
  return {
    invitations: invitationStore(),
    index: invitationIndex(),
    dueItems: dueItemStore(),
    audit: auditLog(),
    raiseAnswered: (id, event) => raiseToInvitation(context, id, invitationAnsweredEvent, event),
    now: () => new Date(),
  };
}

/** The email activities (the invitation, its reminders) on the process-wide stores, sender and settings. */
export function emailActivityDeps(): EmailActivityDeps<keyof AuditLog> {
  return {
    invitations: invitationStore(),
    audit: auditLog(),
    emailSender: emailSender(),
    now: () => new Date(),
    publicBaseUrl: config().PUBLIC_BASE_URL,
    tokenSecret: config().INVITATION_TOKEN_SECRET,
  };
}

/** The invitation email also records its Operation-Id, where a delivery report finds the invitation. */
export function sendInvitationEmailDeps(): SendInvitationEmailDeps {
  return { ...emailActivityDeps(), operations: emailOperationStore() };
}

/** A reminder writes the same lookup as an invitation email, so a delivery report finds its invitation. */
export function sendReminderEmailDeps(): SendReminderEmailDeps {
  return { ...emailActivityDeps(), operations: emailOperationStore() };
}

/** An ACS delivery report (Event Grid): the invitation its Operation-Id names, its audit trail, the bounce notice. */
export function emailDeliveryReportDeps(): DeliveryReportDeps {
  return {
    operations: emailOperationStore(),
    invitations: invitationStore(),
    audit: auditLog(),
    emailSender: emailSender(),
    now: () => new Date(),
  };
}

export function recordAcceptanceDeps(): RecordAcceptanceDeps {
  return {
    invitations: invitationStore(),
    records: recordStore(),
    index: invitationIndex(),
    audit: auditLog(),
    dueItems: dueItemStore(),
    partnerships: partnershipStore(),
    partners: partnerStore(),
    now: () => new Date(),
  };
}

export function expireInvitationDeps(): ExpireInvitationDeps {
  return { invitations: invitationStore(), index: invitationIndex(), audit: auditLog(), now: () => new Date() };
}

export function notifyInviterDeps(): NotifyInviterDeps {
  return {
    invitations: invitationStore(),
    records: recordStore(),
    audit: auditLog(),
    emailSender: emailSender(),
    now: () => new Date(),
  };
}
