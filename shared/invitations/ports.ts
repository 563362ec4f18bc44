import type { Invitation } from '../domain/invitation';
import type { InvitationAnsweredEvent } from '../schemas/orchestration';
import type { EmailSender } from '../email/sender';
import type { AuditLog } from '../store/audit';
import type { DueItemStore } from '../store/dueItems';
import type { EmailOperationStore } from '../store/emailOperations';
import type { InvitationIndex } from '../store/invitationIndex';
import type { InvitationStore } from '../store/invitations';
import type { PartnerStore } from '../store/partners';
import type { PartnershipStore } from '../store/partnerships';
import type { RoleTemplateStore } from '../store/roleTemplates';
import type { InviterSendAllowance } from './inviterSendLimiter';
import type { Readdress } from './readdressInvitation';

// The ports of the invitation use cases (what they read, write and start); the real adapters are
// built in functions/compose/invitationsDeps.ts, tests pass fakes.

/** What issuing an invitation needs (every kind: customer, multi-party, partnership request, batch row). */
export interface IssueInvitationDeps {
  invitations: InvitationStore;
  index: InvitationIndex;
  dueItems: DueItemStore;
  partners: PartnerStore;
  /** The inviter's sends per hour: a new invitation takes one (a replay does not). */
  sends: InviterSendAllowance;
  tokenSecret: string;
  /** The reminder schedule: days before the deadline. */
  reminderDaysBefore: number | readonly number[];
  /** Starts the one orchestration of the invitation (instance id = invitation id); idempotent. */
  startOrchestration(invitation: Invitation): Promise<void>;
  now: () => Date;
  /** The inviter's role templates, for a body naming roleTemplateId (none: such a body is refused). */
  roleTemplates?: RoleTemplateStore;
}

/** Issuing an invitation that names a partnership (multi-party, partnership request). */
export type IssueWithPartnershipDeps = IssueInvitationDeps & { partnerships: Pick<PartnershipStore, 'get'> };

/** What drafting reads: the caller's profile, and the provider and partnership of a multi-party draft. */
export interface DraftDeps {
  partners: PartnerStore;
  partnerships: Pick<PartnershipStore, 'get'>;
}

export interface ResendInvitationDeps {
  invitations: InvitationStore;
  /** The inviter's allowance of sends per hour, which resends share with new invitations. */
  sends: InviterSendAllowance;
  /** Corrects the address first, when the resend names a new one (readdressInvitation.ts). */
  readdress?: Readdress;
  /**
   * Asks the invitation's orchestration for send number `sendNumber` (the one after the sends the
   * request saw; asked twice, it goes out once); false when it is not waiting any more.
   */
  requestResend(invitationId: string, at: Date, sendNumber: number): Promise<boolean>;
  now: () => Date;
}

/** What revoking writes (the invitation, its audit entry, its list row, the sweep's follow-up) and whom it tells. */
export interface RevokeInvitationDeps {
  invitations: InvitationStore;
  index: Pick<InvitationIndex, 'put'>;
  dueItems: Pick<DueItemStore, 'put'>;
  audit: Pick<AuditLog, 'append'>;
  /** Raises InvitationAnswered on the invitation's orchestration (instance id = invitation id). */
  raiseAnswered(invitationId: string, event: InvitationAnsweredEvent): Promise<unknown>;
  now: () => Date;
}

/** What recording an ACS delivery report reads and writes, and the bounce notice it sends. */
export interface DeliveryReportDeps {
  operations: Pick<EmailOperationStore, 'get'>;
  invitations: Pick<InvitationStore, 'apply'>;
  audit: Pick<AuditLog, 'append'>;
  emailSender: EmailSender;
  now: () => Date;
}
