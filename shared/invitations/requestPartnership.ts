import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { checkNotSelfDealing } from '../domain/checkNotSelfDealing';
import type { Invitation } from '../domain/invitation';
import { unwrap } from '../http/errors';
import { defaultInvitationEmail } from '../email/templates';
import { AppError } from '../http/errors';
import type { PartnershipStore } from '../store/partnerships';
import type { PartnershipRequest } from '../schemas/invitations';
import { issueInvitation } from './issueInvitation';
import type { IssueInvitationDeps } from './ports';

/**
 * An indirect provider invites an indirect reseller to a partnership (invitation kind 3): the same
 * draft, link, lifetime, reminder, resend and revoke as a customer invitation, never admin
 * privileges. `resellerTenantId`, when given, binds the invitation to that reseller tenant.
 */
export async function requestPartnership(
  d: IssueInvitationDeps & { partnerships: Pick<PartnershipStore, 'get'> },
  caller: Caller,
  body: PartnershipRequest,
  idempotencyKey?: string,
): Promise<{ invitation: Invitation; created: boolean }> {
  requireRole(caller, 'partnership.request');
  // A provider never invites itself as a reseller; a named reseller already in active partnership
  // needs no request (and gets no email).
  unwrap(checkNotSelfDealing({ partnerTenantId: caller.tenantId }, body.resellerTenantId));
  if (
    body.resellerTenantId &&
    (await d.partnerships.get(caller.tenantId, body.resellerTenantId))?.doc.status === 'active'
  ) {
    throw new AppError('already_partners', 'This reseller is already in an active partnership with you.');
  }
  return issueInvitation(
    d,
    caller,
    {
      ask: async (inviter) => {
        const email =
          body.email ??
          defaultInvitationEmail({
            kind: 'partnership',
            inviterName: inviter.name,
            recipientName: body.recipientName,
            includeDelegatedAdmin: false,
            expiresInDays: body.expiresInDays,
            locale: body.locale,
          });
        return {
          kind: 'partnership',
          recipientEmail: body.recipientEmail,
          ...(body.recipientName ? { recipientName: body.recipientName } : {}),
          ...(body.resellerTenantId ? { customerTenantId: body.resellerTenantId } : {}),
          includeDelegatedAdmin: false,
          email: { subject: email.subject, text: email.text, locale: body.locale },
          expiresInDays: body.expiresInDays,
        };
      },
    },
    idempotencyKey,
  );
}
