import { requireRole } from '../auth/roles';
import { checkPartnerStanding } from '../domain/checkPartnerStanding';
import { checkPartnershipAcceptance } from '../domain/checkPartnershipAcceptance';
import { checkStillAllowed } from '../domain/checkStillAllowed';
import { AppError } from '../http/errors';
import { userActor, type Invitation } from '../domain/invitation';
import { unwrap } from '../http/errors';
import type { AcceptRequest } from './acceptInvitation';
import { answerView, type AnswerView } from './answerView';
import { checkAnswerable } from './checkAnswerable';
import type { AnswerDeps, RaiseAnswered } from './ports';
import { storeAnswer } from './storeAnswer';
import { unavailable } from './unavailable';

/**
 * A reseller accepts a partnership request: a Global admin or Admin agent of a tenant enrolled as
 * an indirect reseller in the provider's country or region, both in good standing, not partners
 * already (409 already_partners). Everyone else gets 403/409/422 and nothing is written. Then, as
 * for customers: stored (exactly one answer wins), indexed, audited, raised.
 */
export async function acceptPartnership(
  deps: AnswerDeps,
  raise: RaiseAnswered,
  req: AcceptRequest,
  invitation: Invitation,
  warn: (m: string) => void,
): Promise<AnswerView> {
  const { caller, now } = req;
  const by = userActor(caller);
  const answerable = checkAnswerable(invitation, 'accept', by, now);
  requireRole(caller, 'partnership.accept');
  const provider = await deps.partners.get(invitation.partnerTenantId);
  if (!provider) throw unavailable();
  if (answerable === 'open') unwrap(checkStillAllowed({ invitation, inviter: provider.partner }));
  const reseller = await deps.partners.get(caller.tenantId);
  unwrap(
    checkPartnershipAcceptance({
      invitation,
      provider: provider.partner,
      reseller: reseller?.partner,
      acceptor: { tenantId: caller.tenantId, roles: caller.roles },
    }),
  );
  if (answerable === 'open') {
    if (reseller) unwrap(checkPartnerStanding(reseller.partner));
    // Asked of the store now, not at the send: the reseller may have become a partner since.
    if ((await deps.partnerships.get(provider.partner.tenantId, caller.tenantId))?.doc.status === 'active') {
      throw new AppError('already_partners', `You are already in an active partnership with ${provider.partner.name}.`);
    }
  }
  const stored = await storeAnswer(
    deps,
    raise,
    { invitationId: invitation.id, outcome: 'accepted', by, now, correlationId: req.correlationId },
    warn,
  );
  return answerView(stored, 'accepted', provider.partner.name);
}
