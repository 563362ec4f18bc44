import { answerAttemptPolicy, answersLimitedFor } from '../domain/answerFailures';
import type { Actor, Invitation } from '../domain/invitation';
import { tokensMatch } from '../domain/token';
import { guidSchema } from '../schemas/common';
import type { Versioned } from '../store/cosmosOps';
import { countWrongToken } from './countWrongToken';
import type { AnswerDeps } from './ports';
import { tooManyAttempts } from './tooManyAttempts';
import { unavailable } from './unavailable';

/** Who tries which link with which token, when, under which correlation id. */
export interface LinkAttempt {
  invitationId: string;
  token: string;
  now: Date;
  by: Actor;
  correlationId: string;
}

/**
 * The invitation a link names, when the id is well formed, the invitation exists, its link has
 * not failed too often lately, and the token is its own (SHA-256 compared in constant time);
 * otherwise the one neutral refusal, or 429 while the link's failed-answer window is full.
 */
export async function openInvitation(
  deps: Pick<AnswerDeps, 'invitations' | 'answerFailures' | 'audit'>,
  attempt: LinkAttempt,
): Promise<Versioned<Invitation>> {
  const parsed = guidSchema.safeParse(attempt.invitationId);
  if (!parsed.success) throw unavailable();
  const found = await deps.invitations.get(parsed.data);
  if (!found) throw unavailable();
  // Before the token is compared, so a full window refuses the right token too: if the right one
  // still got through, every guess would still tell right from wrong and the limit would not slow
  // guessing at all. Only an invitation that exists can fill a window (unknown ids are never
  // written), so this 429 tells that the id exists, but only after `limit` failures on that very
  // id (one process's own gate answers 429 to unknown ids as well), and ids are random GUIDs known
  // only to those who saw the link or the inviter's list.
  const retryAfterSeconds = answersLimitedFor(found.doc.answerFailures, attempt.now, answerAttemptPolicy);
  if (retryAfterSeconds !== undefined) throw tooManyAttempts(retryAfterSeconds);
  if (!tokensMatch(found.doc.tokenHash, attempt.token)) {
    await countWrongToken(deps, found, attempt);
    throw unavailable();
  }
  return found;
}
