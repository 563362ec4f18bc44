import { isPastDeadline } from './deadlines';
import type { Invitation, InvitationStatus } from './invitation';

/**
 * The status to show at `now`: a pending invitation past its deadline reads as expired even before
 * the orchestration or the sweep has written it, so nobody sees a link as open that cannot be used.
 */
export function effectiveStatus(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: Date): InvitationStatus {
  return invitation.status === 'pending' && isPastDeadline(invitation, now) ? 'expired' : invitation.status;
}
