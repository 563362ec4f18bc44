import { ok, refuse, type Result } from './result';
import { addDays, iso, toMs } from './time';

/** Invitation lifetimes in days: at least one, at most 90 (GDAP requests also live 90 days). */
export const MIN_EXPIRES_IN_DAYS = 1;
export const MAX_EXPIRES_IN_DAYS = 90;
export const DEFAULT_EXPIRES_IN_DAYS = 30;
export const DEFAULT_REMINDER_DAYS_BEFORE = 3;

/** When an invitation expires and, if there is room, when to remind. */
export interface Deadlines {
  expiresAt: string;
  reminderAt?: string;
}

/**
 * The expiry and reminder instants of an invitation created at `createdAt`. The reminder falls
 * `reminderDaysBefore` days before expiry; none is planned when that would be at or before creation
 * (a reminder with the first email is noise) or when `reminderDaysBefore` is 0.
 */
export function invitationDeadlines(
  createdAt: Date,
  expiresInDays: number = DEFAULT_EXPIRES_IN_DAYS,
  reminderDaysBefore: number = DEFAULT_REMINDER_DAYS_BEFORE,
): Result<Deadlines> {
  if (!Number.isInteger(expiresInDays) || expiresInDays < MIN_EXPIRES_IN_DAYS || expiresInDays > MAX_EXPIRES_IN_DAYS) {
    // The same rule as the request schema's, so the same status (400) wherever it refuses.
    return refuse('bad_request', `expiresInDays must be a whole number from ${MIN_EXPIRES_IN_DAYS} to ${MAX_EXPIRES_IN_DAYS}`);
  }
  if (!Number.isInteger(reminderDaysBefore) || reminderDaysBefore < 0) {
    return refuse('validation_failed', 'reminderDaysBefore must be a whole number of days, 0 or more');
  }
  const expiresAt = addDays(createdAt, expiresInDays);
  if (reminderDaysBefore === 0) return ok({ expiresAt: iso(expiresAt) });
  const reminderAt = addDays(expiresAt, -reminderDaysBefore);
  if (toMs(reminderAt) <= toMs(createdAt)) return ok({ expiresAt: iso(expiresAt) });
  return ok({ expiresAt: iso(expiresAt), reminderAt: iso(reminderAt) });
}

/** Whether a pending invitation is past its deadline at `now` (at the deadline counts as past). */
export function isPastDeadline(invitation: { expiresAt: string }, now: Date): boolean {
  return toMs(now) >= toMs(invitation.expiresAt);
}
