import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { userActor } from '../../shared/domain/invitation';
import { unwrap } from '../../shared/http/errors';
import { AppError } from '../../shared/http/errors';
import { raiseToInvitation } from '../../shared/invitations/invitationOrchestration';
import { loadVisibleInvitation } from '../../shared/invitations/loadVisible';
import { invitationView } from '../../shared/invitations/invitationView';
import { answerAudit } from '../../shared/answers/answerAudit';
import { followUpAnswer } from '../../shared/answers/publishAnswer';
import { invitationAnsweredEvent } from '../names';

import { invitationRecordDeps } from '../compose/invitationsDeps';
/** POST /api/invitations/{id}/revoke: the inviter withdraws a pending invitation; its link stops working. */
export async function revokeInvitationHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'invitation.revoke');
  const d = invitationRecordDeps();
  const invitation = await loadVisibleInvitation(d.invitations, caller, request.params.id);
  if (invitation.partnerTenantId !== caller.tenantId) throw new AppError('forbidden', 'Only the inviter can revoke an invitation.');
  const now = new Date();
  const by = userActor(caller);
  // The sweep's look in a few minutes: a revoke stored by a request that dies before the rest is completed then.
  await followUpAnswer(d.dueItems, invitation.id, now);
  const result = await d.invitations.apply(invitation.id, { type: 'revoke', by }, now);
  const { invitation: revoked } = unwrap(result ?? { ok: false, code: 'not_found', detail: 'No such invitation.' });
  // Also when it was revoked already: a repeat (the portal's retry after the host died between these
  // writes) completes the audit trail and the list (the list last: the sweep reads it as the sign
  // that the audit entry is there). The keyed entry and the upsert land once.
  const audit = answerAudit(revoked);
  if (audit) await d.audit.append(audit.tenants, audit.entry, audit.key);
  await d.index.put(revoked);
  // Written first, raised second: a lost event is reconciled by the sweep.
  await raiseToInvitation(context, revoked.id, invitationAnsweredEvent, { outcome: 'revoked', at: revoked.answeredAt ?? now.toISOString(), by: revoked.answeredBy ?? by });
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: invitationView(revoked, now) };
}
