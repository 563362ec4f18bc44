import { isSuspended, type Partner } from '../domain/partner';
import { AppError } from '../http/errors';
import { needsActivePartner, type Action } from './roles';

/**
 * A partner action needs the caller's tenant enrolled by the program (403 partner_not_enrolled:
 * partner app roles alone, which any tenant can assign itself, are not enough), and an action that
 * sends, answers, adds or buys needs it not suspended (403 partner_suspended). Reads, removals and
 * revocations stay open to a suspended partner: they take nothing new.
 */
export function requireEnrolledPartner(partner: Pick<Partner, 'status'> | undefined, action: Action): void {
  if (!partner)
    throw new AppError(
      'partner_not_enrolled',
      'Your organisation is not enrolled in the program. Ask to join with POST /api/enrolment-requests.',
    );
  if (needsActivePartner.has(action) && isSuspended(partner)) {
    throw new AppError(
      'partner_suspended',
      'Your organisation is suspended from the program; it can read and remove, but not send or answer.',
    );
  }
}
