import { grantFromInvitation } from './grantFromInvitation';
import { partnershipId, relationshipId } from './ids';
import type { Invitation } from './invitation';
import type { Grant, Partnership, Relationship } from './partner';
import { withFirstPeriod } from './relationshipPeriods';
import { ok, refuse, type Result } from './result';
import { iso } from './time';

/** Everything an accepted invitation puts on record, each with a deterministic id. */
export interface AcceptanceRecords {
  relationships: Relationship[];
  grant?: Grant;
  partnership?: Partnership;
}

/**
 * What recording an acceptance writes: for a customer, the reseller relationship (plus, multi-party, the
 * provider's relationship naming the reseller) and the grant if asked; for a partnership request, the
 * partnership. Each relationship carries the one period this invitation opens, so a removed relationship is
 * established again (shared/customers/establishRelationship.ts). Ids derive from the parties and the invitation,
 * so a re-run writes the same documents and a create-if-absent finds them: no duplicates after a crash and retry.
 */
export function acceptanceRecords(invitation: Invitation, acceptorTenantId: string): Result<AcceptanceRecords> {
  if (invitation.status !== 'accepted' && invitation.status !== 'recorded') {
    return refuse('conflict', 'only an accepted invitation is recorded');
  }
  const at = iso(invitation.answeredAt ?? invitation.createdAt);
  const tenant = acceptorTenantId.toLowerCase();
  if (invitation.kind === 'partnership') {
    const partnership: Partnership = {
      id: partnershipId(invitation.partnerTenantId, tenant),
      providerTenantId: invitation.partnerTenantId,
      resellerTenantId: tenant,
      status: 'active',
      createdAt: at,
      invitationId: invitation.id,
    };
    return ok({ relationships: [], partnership });
  }
  const relationships: Relationship[] = [
    withFirstPeriod(
      {
        id: relationshipId(invitation.partnerTenantId, tenant),
        partnerTenantId: invitation.partnerTenantId,
        customerTenantId: tenant,
        kind: 'reseller',
        status: 'active',
        createdAt: at,
        invitationId: invitation.id,
      },
      invitation.id,
    ),
  ];
  if (invitation.kind === 'multiParty' && invitation.providerTenantId) {
    relationships.push(
      withFirstPeriod(
        {
          id: relationshipId(invitation.providerTenantId, tenant),
          partnerTenantId: invitation.providerTenantId,
          customerTenantId: tenant,
          kind: 'indirectProvider',
          resellerTenantId: invitation.partnerTenantId,
          status: 'active',
          createdAt: at,
          invitationId: invitation.id,
        },
        invitation.id,
      ),
    );
  }
  const grant = grantFromInvitation(invitation, tenant);
  if (!grant.ok) return grant;
  return ok(grant.value ? { relationships, grant: grant.value } : { relationships });
}
