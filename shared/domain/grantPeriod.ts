import { durationDays } from './delegatedAdmin';
import { GLOBAL_ADMINISTRATOR } from './directoryRoles';
import type { Grant } from './partner';
import { addDays, DAY_MS, iso, toMs } from './time';

/** GDAP's auto-extension: 180 more days each time the end is reached. */
export const AUTO_EXTEND_DAYS = 180;

/** The end of a grant: start + duration (whole days), as an ISO instant. */
export function grantEnd(startsAt: Date | string, duration: string): string {
  const days = durationDays(duration);
  if (days === undefined) throw new RangeError(`invalid grant duration ${duration}`);
  return iso(addDays(startsAt, days));
}

/** Whether a grant may auto-extend: asked for, and Global Administrator not among its roles. */
export function canAutoExtend(grant: Pick<Grant, 'autoExtend' | 'roles'>): boolean {
  return grant.autoExtend && !grant.roles.some((r) => r.toLowerCase() === GLOBAL_ADMINISTRATOR);
}

/** Whether a grant no longer gives access at `now`: ended without auto-extension, or already closed. */
export function isGrantExpired(grant: Pick<Grant, 'status' | 'endsAt' | 'autoExtend' | 'roles'>, now: Date): boolean {
  if (grant.status !== 'active') return grant.status === 'expired';
  return !canAutoExtend(grant) && toMs(now) >= toMs(grant.endsAt);
}

/** What the sweep does with an active grant at `now`: nothing, extend to a new end, or expire it. */
export function grantRenewal(
  grant: Pick<Grant, 'status' | 'endsAt' | 'autoExtend' | 'roles'>,
  now: Date,
): { action: 'none' } | { action: 'extend'; endsAt: string } | { action: 'expire' } {
  if (grant.status !== 'active' || toMs(now) < toMs(grant.endsAt)) return { action: 'none' };
  if (!canAutoExtend(grant)) return { action: 'expire' };
  // A sweep that ran late extends as many times as were missed, so the end is always in the future.
  let endsAt = toMs(grant.endsAt);
  while (endsAt <= toMs(now)) endsAt += AUTO_EXTEND_DAYS * DAY_MS;
  return { action: 'extend', endsAt: iso(new Date(endsAt)) };
}
