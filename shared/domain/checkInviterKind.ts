import type { InvitationKind } from './invitation';
import type { PartnerKind } from './partner';
import { ok, refuse, type Result } from './result';

/**
 * Which partners may send which invitation: a reseller relationship
 * request comes from a direct partner or an indirect reseller; a multi-party request from an indirect
 * reseller; a partnership request from an indirect provider.
 */
export const inviterKinds: Readonly<Record<InvitationKind, readonly PartnerKind[]>> = Object.freeze({
  customerRelationship: ['direct', 'indirectReseller'],
  multiParty: ['indirectReseller'],
  partnership: ['indirectProvider'],
  // A renewal comes from the partner holding the grant: a direct partner or an indirect reseller.
  renewal: ['direct', 'indirectReseller'],
});

/** Whether a partner of this kind may send this kind of invitation. */
export function checkInviterKind(invitationKind: InvitationKind, partnerKind: PartnerKind): Result<true> {
  if (!inviterKinds[invitationKind].includes(partnerKind)) {
    return refuse('partner_kind_not_allowed', `a ${partnerKind} partner cannot send a ${invitationKind} invitation`);
  }
  return ok(true);
}
