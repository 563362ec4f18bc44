import { AppError } from '../http/errors';

/** The one refusal of a link with too many failed answers, whichever gate (process or stored) refused. */
export function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', 'Too many failed attempts for this invitation link; try again later.', {
    retryAfterSeconds,
  });
}
