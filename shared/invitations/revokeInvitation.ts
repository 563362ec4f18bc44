import { answerAudit } from '../answers/answerAudit';
import { followUpAnswer } from '../answers/publishAnswer';
import type { Caller } from '../auth/caller';
import { userActor, type Invitation } from '../domain/invitation';
import { AppError, unwrap } from '../http/errors';
import { loadVisibleInvitation } from './loadVisible';
import type { RevokeInvitationDeps } from './ports';

/**
 * The inviter withdraws a pending invitation; its link stops working. Written to Cosmos first
 * (invitation, audit, list), then the orchestration is told; a step lost to a crash is completed
 * by a repeat or by the sweep.
 */
export async function revokeInvitation(
  d: RevokeInvitationDeps,
  caller: Caller,
  rawId: string | undefined,
): Promise<Invitation> {
  const invitation = await loadVisibleInvitation(d.invitations, caller, rawId);
  if (invitation.partnerTenantId !== caller.tenantId)
    throw new AppError('forbidden', 'Only the inviter can revoke an invitation.');
  const now = d.now();
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
  await d.raiseAnswered(revoked.id, {
    outcome: 'revoked',
    at: revoked.answeredAt ?? now.toISOString(),
    by: revoked.answeredBy ?? by,
  });
  return revoked;
}
