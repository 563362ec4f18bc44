import type { Actor, Invitation } from '../domain/invitation';
import { invitationAnsweredEventSchema } from '../schemas/orchestration';
import { answerAudit } from './answerAudit';
import type { AnswerDeps, RaiseAnswered } from './ports';

/** How soon after an answer the sweep looks at its invitation (see followUpAnswer). */
export const LOST_ANSWER_RETRY_MS = 10 * 60_000;

/**
 * Queues the sweep's look at an invitation shortly after this answer, BEFORE the answer is stored:
 * should the process die between storing it and publishing it (and nobody retry the request), the
 * sweep raises the lost event again and completes the list and the audit trail within minutes,
 * rather than at the deadline, weeks away. A request refused after this costs the sweep one read.
 */
export async function followUpAnswer(dueItems: AnswerDeps['dueItems'], invitationId: string, now: Date): Promise<void> {
  await dueItems?.put({
    kind: 'invitationDeadline',
    targetId: invitationId,
    dueAt: new Date(now.getTime() + LOST_ANSWER_RETRY_MS).toISOString(),
  });
}

/** What the orchestration, the index and the audit trail are told about a stored answer. */
export interface StoredAnswer {
  invitation: Invitation;
  outcome: 'accepted' | 'declined';
  by: Actor;
  correlationId: string;
}

/**
 * After the answer is in Cosmos: the audit trail (keyed, so a repeat lands once), the partner's
 * index, then the orchestration. The index goes last: a listed status says its audit entry is
 * written, which is what the sweep checks (shared/sweep/republishAnswer.ts). Repeats run this
 * again, which repairs a crash between the steps. A failed raise is only reported: the stored
 * answer is the record, and the sweep's follow-up (followUpAnswer) raises it again.
 */
export async function publishAnswer(
  deps: AnswerDeps,
  raise: RaiseAnswered,
  answer: StoredAnswer,
  warn: (message: string) => void,
): Promise<void> {
  const { invitation, outcome, by, correlationId } = answer;
  const audit = answerAudit(invitation, correlationId);
  if (audit) await deps.audit.append(audit.tenants, audit.entry, audit.key);
  await deps.index.put(invitation);
  // Once recorded, the orchestration has long had the event; nothing to tell it.
  if (invitation.status === 'recorded') return;
  try {
    await raise(
      invitation.id,
      invitationAnsweredEventSchema.parse({ outcome, at: invitation.answeredAt ?? new Date().toISOString(), by }),
    );
  } catch (e) {
    warn(
      `InvitationAnswered (${outcome}) for ${invitation.id} not delivered (${e instanceof Error ? e.message : typeof e}); the sweep delivers it`,
    );
  }
}
