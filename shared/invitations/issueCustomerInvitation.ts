import type { Caller } from '../auth/caller';
import { createInvitationAction, requireRole } from '../auth/roles';
import type { Invitation } from '../domain/invitation';
import { defaultInvitationEmail } from '../email/templates';
import type { InvitationCreate } from '../schemas/invitations';
import type { DueItemStore } from '../store/dueItems';
import type { InvitationIndex } from '../store/invitationIndex';
import type { InvitationStore } from '../store/invitations';
import type { PartnerStore } from '../store/partners';
import type { RoleTemplateStore } from '../store/roleTemplates';
import { withTemplateSnapshot } from '../roleTemplates/resolve';
import type { InviterSendAllowance } from './inviterSendLimiter';
import { issueInvitation, type InvitationAsk } from './issueInvitation';

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

/**
 * A partner invites a customer (invitation kind 1): rules checked, the invitation written with
 * only its token's hash, then its orchestration started. An Idempotency-Key maps to one id, so a
 * repeat returns the first invitation and sends no second email.
 */
export async function issueCustomerInvitation(d: IssueInvitationDeps, caller: Caller, body: InvitationCreate, idempotencyKey?: string): Promise<{ invitation: Invitation; created: boolean }> {
  requireRole(caller, createInvitationAction(body.includeDelegatedAdmin));
  return issueInvitation(d, caller, { ask: async (inviter) => customerAsk('customerRelationship', inviter.name, await withTemplateSnapshot(d.roleTemplates, inviter.tenantId, body)) }, idempotencyKey);
}

/** What a customer invitation (reseller relationship or multi-party) asks for, with its default email. */
export function customerAsk(kind: 'customerRelationship' | 'multiParty', inviterName: string, body: InvitationCreate, provider?: { tenantId: string; name: string }): InvitationAsk {
  const email = body.email ?? defaultInvitationEmail({ kind, inviterName, ...(provider ? { providerName: provider.name } : {}), recipientName: body.recipientName, includeDelegatedAdmin: body.includeDelegatedAdmin, delegatedAdmin: body.delegatedAdmin, expiresInDays: body.expiresInDays, locale: body.locale });
  return {
    kind,
    ...(provider ? { providerTenantId: provider.tenantId } : {}),
    recipientEmail: body.recipientEmail,
    recipientName: body.recipientName,
    customerTenantId: body.customerTenantId,
    includeDelegatedAdmin: body.includeDelegatedAdmin,
    delegatedAdmin: body.delegatedAdmin,
    email: { subject: email.subject, text: email.text, locale: body.locale },
    expiresInDays: body.expiresInDays,
  };
}
