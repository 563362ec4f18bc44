import type { Caller } from '../auth/caller';
import { createInvitationAction, requireRole } from '../auth/roles';
import type { Invitation } from '../domain/invitation';
import { defaultInvitationEmail } from '../email/templates';
import type { InvitationCreate } from '../schemas/invitations';
import { withTemplateSnapshot } from '../roleTemplates/templateSnapshot';
import { issueInvitation, type InvitationAsk } from './issueInvitation';
import type { IssueInvitationDeps } from './ports';

/**
 * A partner invites a customer (invitation kind 1): rules checked, the invitation written with
 * only its token's hash, then its orchestration started. An Idempotency-Key maps to one id, so a
 * repeat returns the first invitation and sends no second email.
 */
export async function issueCustomerInvitation(
  d: IssueInvitationDeps,
  caller: Caller,
  body: InvitationCreate,
  idempotencyKey?: string,
): Promise<{ invitation: Invitation; created: boolean }> {
  requireRole(caller, createInvitationAction(body.includeDelegatedAdmin));
  return issueInvitation(
    d,
    caller,
    {
      ask: async (inviter) =>
        customerAsk(
          'customerRelationship',
          inviter.name,
          await withTemplateSnapshot(d.roleTemplates, inviter.tenantId, body),
        ),
    },
    idempotencyKey,
  );
}

/** What a customer invitation (reseller relationship or multi-party) asks for, with its default email. */
export function customerAsk(
  kind: 'customerRelationship' | 'multiParty',
  inviterName: string,
  body: InvitationCreate,
  provider?: { tenantId: string; name: string },
): InvitationAsk {
  const email =
    body.email ??
    defaultInvitationEmail({
      kind,
      inviterName,
      ...(provider ? { providerName: provider.name } : {}),
      recipientName: body.recipientName,
      includeDelegatedAdmin: body.includeDelegatedAdmin,
      delegatedAdmin: body.delegatedAdmin,
      expiresInDays: body.expiresInDays,
      locale: body.locale,
    });
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
