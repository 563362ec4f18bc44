import type { Caller } from '../auth/caller';
import { checkBoundTenant } from '../domain/checkBoundTenant';
import { requireRole } from '../auth/roles';
import { userActor } from '../domain/invitation';
import { unwrap } from '../http/errors';
import type { DeclineBody } from '../schemas/answers';
import { answerView, type AnswerView } from './answerView';
import { checkAnswerable } from './checkAnswerable';
import type { AnswerDeps, RaiseAnswered } from './ports';
import { openInvitation } from './openInvitation';
import { storeAnswer } from './storeAnswer';
import { unavailable } from './unavailable';

/** One decline request. */
export interface DeclineRequest {
  invitationId: string;
  body: DeclineBody;
  caller: Caller;
  now: Date;
  correlationId: string;
}

/**
 * A customer Global admin (a reseller's partner admin for a partnership request) of the bound
 * tenant (if any) declines: stored first (exactly one answer wins), then indexed, audited and
 * raised. Region and cloud rules do not apply to saying no.
 */
export async function declineInvitation(
  deps: AnswerDeps,
  raise: RaiseAnswered,
  req: DeclineRequest,
  warn: (m: string) => void,
): Promise<AnswerView> {
  const { caller, now } = req;
  const by = userActor(caller);
  const found = await openInvitation(deps, {
    invitationId: req.invitationId,
    token: req.body.token,
    now,
    by,
    correlationId: req.correlationId,
  });
  const invitation = found.doc;
  checkAnswerable(invitation, 'decline', by, now);
  // A partnership request is declined by the reseller's Global admin or Admin agent; others by the
  // customer's Global admin.
  requireRole(caller, invitation.kind === 'partnership' ? 'partnership.accept' : 'invitation.accept');
  unwrap(checkBoundTenant(invitation.customerTenantId, caller.tenantId));
  const inviter = await deps.partners.get(invitation.partnerTenantId);
  if (!inviter) throw unavailable();

  const stored = await storeAnswer(
    deps,
    raise,
    { invitationId: invitation.id, outcome: 'declined', by, now, correlationId: req.correlationId },
    warn,
  );
  return answerView(stored, 'declined', inviter.partner.name);
}
