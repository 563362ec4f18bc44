import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { checkRenewalRequest } from '../domain/grantRenewal';
import type { Invitation } from '../domain/invitation';
import { defaultRenewalEmail } from '../email/renewalTemplate';
import { unwrap } from '../http/errors';
import { issueInvitation } from '../invitations/issueInvitation';
import type { GrantRenewalParams, RenewalRequest } from '../schemas/renewals';
import type { RequestRenewalDeps } from './ports';

/**
 * A partner asks its customer to renew a delegated admin grant before it lapses: an invitation of
 * kind `renewal`, bound to the grant's customer and naming the grant, issued by the machinery every
 * invitation shares (Idempotency-Key, the inviter's sends of the hour, token, orchestration). The
 * grant is checked before anything is written or counted: the partner's (404), still in force
 * (409), the grant's roles or fewer (400). Nothing caps how many a partner sends but that limit.
 */
export async function requestRenewal(
  d: RequestRenewalDeps,
  caller: Caller,
  params: GrantRenewalParams,
  body: RenewalRequest,
  idempotencyKey?: string,
): Promise<{ invitation: Invitation; created: boolean }> {
  requireRole(caller, 'grant.renewal.request');
  return issueInvitation(
    d,
    caller,
    {
      ask: async (inviter) => {
        const grant = (await d.records.grant(params.id, params.grantId))?.doc;
        const delegatedAdmin = unwrap(checkRenewalRequest(grant, inviter.tenantId, body.delegatedAdmin, d.now()));
        const endsAt = (grant as NonNullable<typeof grant>).endsAt;
        const email =
          body.email ??
          defaultRenewalEmail({
            inviterName: inviter.name,
            recipientName: body.recipientName,
            delegatedAdmin,
            currentEndsAt: endsAt,
            expiresInDays: body.expiresInDays,
            locale: body.locale,
          });
        return {
          kind: 'renewal',
          recipientEmail: body.recipientEmail,
          recipientName: body.recipientName,
          customerTenantId: params.id,
          grantId: params.grantId,
          includeDelegatedAdmin: true,
          delegatedAdmin,
          email: { subject: email.subject, text: email.text, locale: body.locale },
          expiresInDays: body.expiresInDays,
        };
      },
    },
    idempotencyKey,
  );
}
