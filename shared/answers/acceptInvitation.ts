import type { Caller } from '../auth/caller';
import { requireRole } from '../auth/roles';
import { checkCustomerAcceptance } from '../domain/checkCustomerAcceptance';
import { checkStillAllowed } from '../domain/checkStillAllowed';
import { userActor } from '../domain/invitation';
import { unwrap } from '../http/errors';
import type { AcceptBody } from '../schemas/answers';
import { acceptPartnership } from './acceptPartnership';
import { answerView, type AnswerView } from './answerView';
import { checkAnswerable } from './checkAnswerable';
import type { AnswerDeps, RaiseAnswered } from './ports';
import { openInvitation } from './openInvitation';
import { storeAnswer } from './storeAnswer';
import { recordCustomerAgreement } from './recordAgreement';
import { unavailable } from './unavailable';
import { checkRenewalStillApplies } from './renewalStillApplies';

/** One acceptance request: the link's invitation id, the parsed body and who is signed in. */
export interface AcceptRequest {
  invitationId: string;
  body: AcceptBody;
  caller: Caller;
  now: Date;
  correlationId: string;
}

/**
 * A customer Global admin accepts: token, state, the acceptor's rules (role → tenant → not the
 * inviting side → region → cloud → agreement), then the send's rules about the inviting side again
 * (standing, kind, a multi-party invitation's partnership). The agreement goes on record before
 * the acceptance so an acceptance never exists without it; the acceptance is written to Cosmos
 * (ETag-conditional: exactly one answer wins), then indexed, audited and raised to the
 * orchestration. The same acceptor again gets the first result.
 */
export async function acceptInvitation(
  deps: AnswerDeps,
  raise: RaiseAnswered,
  req: AcceptRequest,
  warn: (m: string) => void,
): Promise<AnswerView> {
  const { caller, body, now } = req;
  const by = userActor(caller);
  const found = await openInvitation(deps, {
    invitationId: req.invitationId,
    token: body.token,
    now,
    by,
    correlationId: req.correlationId,
  });
  const invitation = found.doc;
  // A partnership request is answered by a reseller's partner admin, not a customer: its own rules.
  if (invitation.kind === 'partnership') return acceptPartnership(deps, raise, req, invitation, warn);
  const answerable = checkAnswerable(invitation, 'accept', by, now);
  requireRole(caller, 'invitation.accept');

  const inviter = await deps.partners.get(invitation.partnerTenantId);
  const provider = invitation.providerTenantId ? await deps.partners.get(invitation.providerTenantId) : undefined;
  if (!inviter || (invitation.providerTenantId && !provider)) throw unavailable();
  const customer = await deps.records.customer(caller.tenantId);
  const rules = unwrap(
    checkCustomerAcceptance({
      invitation,
      inviter: inviter.partner,
      ...(provider ? { provider: provider.partner } : {}),
      acceptor: {
        tenantId: caller.tenantId,
        wids: caller.wids,
        ...(caller.tenantCountry ? { country: caller.tenantCountry } : {}),
      },
      agreementOnRecord: Boolean(customer?.doc.agreementAcceptedAt),
      ...(body.acceptCustomerAgreement !== undefined ? { acceptCustomerAgreement: body.acceptCustomerAgreement } : {}),
    }),
  );
  // The world may have changed since the send; the same acceptor asking again gets the first result.
  if (answerable === 'open') {
    const partnership = provider
      ? (await deps.partnerships.get(provider.partner.tenantId, inviter.partner.tenantId))?.doc
      : undefined;
    unwrap(checkStillAllowed({ invitation, inviter: inviter.partner, provider: provider?.partner, partnership }));
    if (invitation.kind === 'renewal') await checkRenewalStillApplies(deps, invitation, now);
  }
  if (rules.recordAgreement) await recordCustomerAgreement(deps, caller, now, body.companyName);

  const stored = await storeAnswer(
    deps,
    raise,
    { invitationId: invitation.id, outcome: 'accepted', by, now, correlationId: req.correlationId },
    warn,
  );
  return answerView(stored, 'accepted', inviter.partner.name);
}
