import { AppError } from '../http/errors';

/** The one wording for unknown, used, revoked and expired links (the state machine uses it too). */
export const UNAVAILABLE_DETAIL = 'This invitation link is not valid.';

/** The neutral refusal: it never tells which of unknown, wrong token, used, revoked or expired it was. */
export function unavailable(): AppError {
  return new AppError('invitation_unavailable', UNAVAILABLE_DETAIL);
}
