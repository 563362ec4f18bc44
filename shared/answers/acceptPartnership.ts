import { checkPartnerStanding, checkPartyActive } from '../auth/partnerStanding';
import { requireRole } from '../auth/roles';
import { checkPartnershipAcceptance } from '../domain/checkPartnershipAcceptance';
import { userActor, type Invitation } from '../domain/invitation';
import { unwrap } from '../domain/result';
import type { AcceptRequest } from './acceptInvitation';
import { answerView, type AnswerView } from './answerView';
import { checkAnswerable } from './checkAnswerable';
import type { AnswerDeps, RaiseAnswered } from './deps';
import { storeAnswer } from './storeAnswer';
import { unavailable } from './unavailable';

/**
 * A reseller accepts a partnership request: a Global admin or Admin agent of a tenant enrolled as
 * an indirect reseller in the provider's country or region. Everyone else gets 403/409 and nothing
 * is written. Then, as for customers: stored (exactly one answer wins), indexed, audited, raised.
 */
export async function acceptPartnership(deps: AnswerDeps, raise: RaiseAnswered, req: AcceptRequest, invitation: Invitation, warn: (m: string) => void): Promise<AnswerView> {
  const { caller, now } = req;
  const by = userActor(caller);
  checkAnswerable(invitation, 'accept', by, now);
  requireRole(caller, 'partnership.accept');
  const provider = await deps.partners.get(invitation.partnerTenantId);
  if (!provider) throw unavailable();
  checkPartyActive(provider.partner);
  const reseller = await deps.partners.get(caller.tenantId);
  if (reseller) checkPartnerStanding(reseller.partner, 'partnership.accept');
  unwrap(
    checkPartnershipAcceptance({
      invitation,
      provider: provider.partner,
      reseller: reseller?.partner,
      acceptor: { tenantId: caller.tenantId, roles: caller.roles },
    }),
  );
  const stored = await storeAnswer(deps, raise, { invitationId: invitation.id, outcome: 'accepted', by, now, correlationId: req.correlationId }, warn);
  return answerView(stored, 'accepted', provider.partner.name);
}
