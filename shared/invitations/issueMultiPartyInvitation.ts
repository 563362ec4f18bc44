import type { Caller } from '../auth/caller';
import { createInvitationAction, requireRole } from '../auth/roles';
import { checkMultiPartyAllowed } from '../domain/checkMultiPartyAllowed';
import type { Invitation } from '../domain/invitation';
import { unwrap } from '../http/errors';
import type { MultiPartyCreate } from '../schemas/invitations';
import type { PartnershipStore } from '../store/partnerships';
import { issueInvitation } from './issueInvitation';
import { customerAsk } from './issueCustomerInvitation';
import type { IssueInvitationDeps } from './ports';
import { withTemplateSnapshot } from '../roleTemplates/templateSnapshot';

/**
 * An indirect reseller invites a customer to relationships with itself and one of its indirect
 * providers, with one link (invitation kind 2). Refused (409 partnership_required) unless the
 * provider is in active partnership with the reseller now; the provider sees the invitation too.
 */
export async function issueMultiPartyInvitation(
  d: IssueInvitationDeps & { partnerships: Pick<PartnershipStore, 'get'> },
  caller: Caller,
  body: MultiPartyCreate,
  idempotencyKey?: string,
): Promise<{ invitation: Invitation; created: boolean }> {
  requireRole(caller, createInvitationAction(body.includeDelegatedAdmin));
  const { providerTenantId, ...rest } = body;
  return issueInvitation(
    d,
    caller,
    {
      ask: async (inviter) => {
        const provider = (await d.partners.get(providerTenantId.toLowerCase()))?.partner;
        const partnership = provider ? (await d.partnerships.get(provider.tenantId, inviter.tenantId))?.doc : undefined;
        unwrap(checkMultiPartyAllowed(inviter, provider, partnership));
        return customerAsk(
          'multiParty',
          inviter.name,
          await withTemplateSnapshot(d.roleTemplates, inviter.tenantId, rest),
          { tenantId: providerTenantId.toLowerCase(), name: provider?.name ?? '' },
        );
      },
    },
    idempotencyKey,
  );
}
