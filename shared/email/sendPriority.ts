/**
 * Whose email goes first when the quota has less room than there are sends waiting: notices (an
 * expiry, a decision, a disabled webhook) and reminders before single invitations, and those
 * before an invitation batch's sends. Give it as OutgoingEmail.priority (the pacer's `priority`).
 */
export type SendPriority = 'notice' | 'reminder' | 'invitation' | 'batch';

/** Higher goes first. */
export const priorityRank: Record<SendPriority, number> = { notice: 3, reminder: 2, invitation: 1, batch: 0 };

/**
 * Priorities whose send, when its slot is further away than the pacer may wait, holds that slot
 * for its retry (by its key), so sends of lower priority that ask later can never take it, however
 * many there are: a reminder is never starved by a batch.
 */
export const holdsItsSlot = (p: SendPriority): boolean => p === 'notice' || p === 'reminder';
