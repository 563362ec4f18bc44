import { ok, refuse, type Result } from './result';
import { addDays, iso, toMs } from './time';

/** Invitation lifetimes in days: at least one, at most 90 (GDAP requests also live 90 days). */
export const MIN_EXPIRES_IN_DAYS = 1;
export const MAX_EXPIRES_IN_DAYS = 90;
export const DEFAULT_EXPIRES_IN_DAYS = 30;
/** The reminder schedule by default: one reminder, 3 days before the deadline. */
export const DEFAULT_REMINDER_DAYS_BEFORE: readonly number[] = [3];
/** At most this many reminders per invitation. */
export const MAX_REMINDERS = 10;

/** When an invitation expires and when to remind it (earliest first; empty when there is no room). */
export interface Deadlines {
  expiresAt: string;
  reminders: string[];
}

/**
 * The expiry and reminder instants of an invitation created at `createdAt`. Each reminder falls its
 * number of days before expiry; one that would be at or before creation (a reminder with the first
 * email is noise), a 0, and a repeated day are left out.
 */
export function invitationDeadlines(
  createdAt: Date,
  expiresInDays: number = DEFAULT_EXPIRES_IN_DAYS,
  reminderDaysBefore: number | readonly number[] = DEFAULT_REMINDER_DAYS_BEFORE,
): Result<Deadlines> {
  const days = typeof reminderDaysBefore === 'number' ? [reminderDaysBefore] : reminderDaysBefore;
  if (!Number.isInteger(expiresInDays) || expiresInDays < MIN_EXPIRES_IN_DAYS || expiresInDays > MAX_EXPIRES_IN_DAYS) {
    // The same rule as the request schema's, so the same status (400) wherever it refuses.
    return refuse(
      'bad_request',
      `expiresInDays must be a whole number from ${MIN_EXPIRES_IN_DAYS} to ${MAX_EXPIRES_IN_DAYS}`,
    );
  }
  if (days.length > MAX_REMINDERS || days.some((d) => !Number.isInteger(d) || d < 0)) {
    return refuse(
      'validation_failed',
      `reminderDaysBefore must be at most ${MAX_REMINDERS} whole numbers of days, 0 or more`,
    );
  }
  const expiresAt = addDays(createdAt, expiresInDays);
  const reminders = [...new Set(days.filter((d) => d > 0))]
    .map((d) => addDays(expiresAt, -d))
    .filter((at) => toMs(at) > toMs(createdAt))
    .sort((a, b) => toMs(a) - toMs(b))
    .map(iso);
  return ok({ expiresAt: iso(expiresAt), reminders });
}

/** An invitation's reminder schedule: `reminders`, or the single `reminderAt` an older document carries. */
export function reminderSchedule(invitation: {
  reminders?: readonly string[];
  reminderAt?: string;
}): readonly string[] {
  return invitation.reminders ?? (invitation.reminderAt ? [invitation.reminderAt] : []);
}

/** Which reminders (0-based, in schedule order) the timeline says were sent; an entry without a number is the first. */
export function sentReminders(invitation: {
  timeline: readonly { type: string; detail?: Record<string, unknown> }[];
}): number[] {
  return invitation.timeline
    .filter((e) => e.type === 'reminded')
    .map((e) => (typeof e.detail?.reminder === 'number' ? e.detail.reminder - 1 : 0));
}

/** Whether a pending invitation is past its deadline at `now` (at the deadline counts as past). */
export function isPastDeadline(invitation: { expiresAt: string }, now: Date): boolean {
  return toMs(now) >= toMs(invitation.expiresAt);
}
