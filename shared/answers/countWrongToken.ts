import { answerAttemptPolicy } from '../domain/answerFailures';
import { effectiveStatus } from '../domain/effectiveStatus';
import type { Invitation } from '../domain/invitation';
import { iso } from '../domain/time';
import type { Versioned } from '../store/cosmosOps';
import type { AnswerDeps } from './ports';
import type { LinkAttempt } from './openInvitation';

/**
 * Counts a wrong token for an invitation that is still pending: the only kind of link where a
 * guess could win anything (unknown, answered, revoked and expired links give the neutral refusal
 * to every token). The failure that fills the window is audited for the inviter (and a multi-party
 * provider), once per window: the atomic increment hands `count === limit` to exactly one attempt,
 * and the entry's key repeats nothing if that one is retried.
 */
export async function countWrongToken(
  deps: Pick<AnswerDeps, 'answerFailures' | 'audit'>,
  found: Versioned<Invitation>,
  attempt: LinkAttempt,
): Promise<void> {
  const invitation = found.doc;
  if (effectiveStatus(invitation, attempt.now) !== 'pending') return;
  const failures = await deps.answerFailures.record(found, attempt.now);
  if (failures?.count !== answerAttemptPolicy.limit) return;
  await deps.audit.append(
    [invitation.partnerTenantId, ...(invitation.providerTenantId ? [invitation.providerTenantId] : [])],
    {
      at: iso(attempt.now),
      actor: attempt.by,
      action: 'invitation.answersLimited',
      subject: { type: 'invitation', id: invitation.id },
      correlationId: attempt.correlationId,
      detail: {
        failedAttempts: failures.count,
        windowStart: failures.windowStart,
        windowMinutes: answerAttemptPolicy.windowMs / 60_000,
      },
    },
    `invitation:${invitation.id}:answersLimited:${failures.windowStart}`,
  );
}
