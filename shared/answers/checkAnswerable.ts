import { effectiveStatus } from '../domain/effectiveStatus';
import type { Actor, Invitation } from '../domain/invitation';
import { sameActor } from '../domain/transition';
import { unavailable } from './unavailable';

/**
 * Whether `by` may answer now: 'open' for a pending invitation before its deadline, 'repeat' when
 * the same person gave this same answer before (they get the first result again). Anything else
 * (someone else's answer, revoked, expired) is the neutral refusal, before any rule is looked at.
 */
export function checkAnswerable(
  invitation: Invitation,
  answer: 'accept' | 'decline',
  by: Actor,
  now: Date,
): 'open' | 'repeat' {
  const status = invitation.status;
  if (answer === 'accept' && (status === 'accepted' || status === 'recorded')) {
    if (sameActor(invitation.acceptedBy, by)) return 'repeat';
    throw unavailable();
  }
  if (answer === 'decline' && status === 'declined') {
    if (sameActor(invitation.answeredBy, by)) return 'repeat';
    throw unavailable();
  }
  if (effectiveStatus(invitation, now) !== 'pending') throw unavailable();
  return 'open';
}
