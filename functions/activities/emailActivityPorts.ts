import type { EmailSender } from '../../shared/email/sender';
import type { AuditLog } from '../../shared/store/audit';
import type { InvitationStore } from '../../shared/store/invitations';

/**
 * What an activity that emails an invitee its personal link needs; they differ only in how they
 * audit. The real ones: emailActivityDeps() in ../compose/invitationsDeps.ts.
 */
export interface EmailActivityDeps<Audit extends keyof AuditLog> {
  invitations: Pick<InvitationStore, 'get' | 'apply'>;
  audit: Pick<AuditLog, Audit>;
  emailSender: EmailSender;
  now: () => Date;
  publicBaseUrl: string;
  tokenSecret: string;
}
