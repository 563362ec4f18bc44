import { config } from '../../shared/config';
import type { EmailSender } from '../../shared/email/sender';
import { emailSender } from '../../shared/email/senderFromConfig';
import { auditLog, type AuditLog } from '../../shared/store/audit';
import { invitationStore, type InvitationStore } from '../../shared/store/invitations';

/** What an activity that emails an invitee its personal link needs; they differ only in how they audit. */
export interface EmailActivityDeps<Audit extends keyof AuditLog> {
  invitations: Pick<InvitationStore, 'get' | 'apply'>;
  audit: Pick<AuditLog, Audit>;
  emailSender: EmailSender;
  now: () => Date;
  publicBaseUrl: string;
  tokenSecret: string;
}

/** The same on the process-wide stores, sender and settings. */
export function processEmailActivityDeps(): EmailActivityDeps<keyof AuditLog> {
  return {
    invitations: invitationStore(),
    audit: auditLog(),
    emailSender: emailSender(),
    now: () => new Date(),
    publicBaseUrl: config().PUBLIC_BASE_URL,
    tokenSecret: config().INVITATION_TOKEN_SECRET,
  };
}
