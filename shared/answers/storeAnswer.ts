import type { Actor, Invitation } from '../domain/invitation';
import { AppError } from '../http/errors';
import type { AnswerDeps, RaiseAnswered } from './ports';
import { followUpAnswer, publishAnswer } from './publishAnswer';
import { unavailable } from './unavailable';

/** An answer the rules have let through, about to be stored. */
export interface AnswerToStore {
  invitationId: string;
  outcome: 'accepted' | 'declined';
  by: Actor;
  now: Date;
  correlationId: string;
}

/**
 * Stores an answer and publishes it: the sweep's follow-up queued first, then the ETag-conditional
 * state change (exactly one answer wins; the same acceptor again gets the first result), then the
 * audit entry, the list entry and the event (publishAnswer). The stored invitation is returned.
 */
export async function storeAnswer(
  deps: AnswerDeps,
  raise: RaiseAnswered,
  a: AnswerToStore,
  warn: (m: string) => void,
): Promise<Invitation> {
  await followUpAnswer(deps.dueItems, a.invitationId, a.now);
  const applied = await deps.invitations.apply(
    a.invitationId,
    { type: a.outcome === 'accepted' ? 'accept' : 'decline', by: a.by },
    a.now,
  );
  if (!applied) throw unavailable();
  if (!applied.ok)
    throw applied.code === 'invitation_unavailable' ? unavailable() : new AppError(applied.code, applied.detail);
  const stored = applied.value.invitation;
  await publishAnswer(
    deps,
    raise,
    { invitation: stored, outcome: a.outcome, by: a.by, correlationId: a.correlationId },
    warn,
  );
  return stored;
}
