import type { Invitation } from '../domain/invitation';
import { toMs } from '../domain/time';
import { expiredBy } from '../domain/transition';
import type { OrchestrationState } from './ports';

/** How long past its deadline a still-running orchestration is given before it counts as stuck. */
export const STUCK_AFTER_MS = 30 * 60_000;
/** How long after an answer its event is left to the normal path before the sweep raises it again. */
export const RERAISE_AFTER_MS = 5 * 60_000;

/**
 * What the sweep does with an invitation whose deadline item came due. 'finishExpiry': the sweep
 * expired it and was interrupted before it let the item go, so the rest of that expiry (index,
 * audit, the inviter's notice) may not have happened yet.
 */
export type InvitationAction =
  'done' | 'wait' | 'expire' | 'finishExpiry' | 'reraise' | 'orphaned' | 'start' | 'reschedule';

const answeredNotRecorded = (i: Pick<Invitation, 'status'>) =>
  i.status === 'accepted' || i.status === 'declined' || i.status === 'revoked';

/**
 * Recorded, but its orchestration may not know: the accept request records before it answers, and
 * its raise of the answer can fail (the durable store unavailable) after the recording succeeded.
 */
const recordedByRequest = (i: Pick<Invitation, 'status'>) => i.status === 'recorded';

/** Whether deciding needs the orchestration's state (so the durable client is asked only then). */
export function needsOrchestration(i: Pick<Invitation, 'status'>): boolean {
  return i.status === 'pending' || answeredNotRecorded(i) || recordedByRequest(i);
}

/**
 * Pure: a pending invitation before its deadline whose orchestration was never started is started;
 * a pending invitation past its deadline is expired here when its orchestration is gone,
 * finished or stuck; an answer whose event was lost (orchestration still waiting) is raised again;
 * an accepted invitation whose orchestration is gone cannot be recorded here and is reported.
 * An expiry the sweep wrote is finished (its item is still here); one its orchestration wrote is
 * that orchestration's to announce.
 */
export function decideInvitation(
  i: Pick<Invitation, 'status' | 'expiresAt' | 'answeredAt' | 'timeline'> | undefined,
  orchestration: OrchestrationState | undefined,
  now: Date,
): InvitationAction {
  if (!i) return 'done';
  if (i.status === 'expired') return expiredBy(i) === 'sweep' ? 'finishExpiry' : 'done';
  const t = toMs(now);
  if (i.status === 'pending') {
    // Before the deadline: the create's own item, a few minutes after it. An orchestration never
    // started (the create died first) is started; otherwise the item moves to the deadline.
    if (t < toMs(i.expiresAt)) return orchestration === 'missing' ? 'start' : 'reschedule';
    if (orchestration !== 'running') return 'expire';
    return t >= toMs(i.expiresAt) + STUCK_AFTER_MS ? 'expire' : 'wait';
  }
  if (!answeredNotRecorded(i) && !recordedByRequest(i)) return 'done';
  if (orchestration === 'running') {
    // A recorded acceptance whose orchestration still runs is raised again too: if it is still
    // waiting for the answer, it finishes (its recording finds the work done); if it is past that
    // (sending the inviter's notice), the event waits unread and goes with the instance.
    const answeredAt = i.answeredAt ? toMs(i.answeredAt) : 0;
    return t >= answeredAt + RERAISE_AFTER_MS ? 'reraise' : 'wait';
  }
  // Declined, revoked or recorded need nothing more once the orchestration ended; an acceptance does.
  return i.status === 'accepted' ? 'orphaned' : 'done';
}
