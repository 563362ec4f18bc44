import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { checkInviterKind } from '../domain/checkInviterKind';
import { checkMultiPartyAllowed } from '../domain/checkMultiPartyAllowed';
import { checkNotSelfDealing } from '../domain/checkNotSelfDealing';
import { checkCloudRule } from '../domain/cloudRules';
import { defaultDelegatedAdmin, validateDelegatedAdmin } from '../domain/delegatedAdmin';
import { unwrap } from '../http/errors';
import { defaultInvitationEmail } from '../email/templates';
import { AppError } from '../http/errors';
import type { InvitationDraft } from '../schemas/invitations';
import { inviterProfile } from './issueInvitation';
import type { DraftDeps } from './ports';

/**
 * POST /api/invitations/draft: the default email, under the send's rules, so nothing is drafted
 * that the send then refuses — the caller's kind sends this kind, no text without admin privileges
 * in a national cloud, a multi-party draft names a provider in active partnership with the caller.
 * A partner's name appears only after that partnership is found: no name for any tenant id.
 */
export async function draftInvitation(d: DraftDeps, caller: Caller, body: InvitationDraft) {
  requireRole(caller, 'invitation.draft');
  const inviter = await inviterProfile(d, caller);
  unwrap(checkInviterKind(body.kind, inviter.kind));
  if (body.kind !== 'multiParty' && body.providerTenantId)
    throw new AppError('validation_failed', 'Only a multi-party invitation names an indirect provider.');
  if (body.kind === 'partnership')
    return defaultInvitationEmail({
      ...body,
      includeDelegatedAdmin: false,
      delegatedAdmin: undefined,
      inviterName: inviter.name,
    });
  unwrap(checkCloudRule(inviter.cloud, body.includeDelegatedAdmin));
  if (body.includeDelegatedAdmin) unwrap(validateDelegatedAdmin(body.delegatedAdmin ?? defaultDelegatedAdmin()));
  else if (body.delegatedAdmin)
    throw new AppError('validation_failed', 'delegatedAdmin is given but includeDelegatedAdmin is false.');
  if (body.kind !== 'multiParty') return defaultInvitationEmail({ ...body, inviterName: inviter.name });
  if (!body.providerTenantId)
    throw new AppError('validation_failed', 'A multi-party invitation names its indirect provider.');
  unwrap(checkNotSelfDealing({ partnerTenantId: inviter.tenantId }, body.providerTenantId));
  const provider = (await d.partners.get(body.providerTenantId.toLowerCase()))?.partner;
  const partnership = provider ? (await d.partnerships.get(provider.tenantId, inviter.tenantId))?.doc : undefined;
  unwrap(checkMultiPartyAllowed(inviter, provider, partnership));
  return defaultInvitationEmail({ ...body, inviterName: inviter.name, providerName: provider?.name });
}
