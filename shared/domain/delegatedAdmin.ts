import { directoryRoleName, GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR } from './directoryRoles';
import type { DelegatedAdminRequest } from './invitation';
import { ok, refuse, type Result } from './result';

/** GDAP durations: whole days from 1 to 730 (two years). */
export const MIN_GRANT_DAYS = 1;
export const MAX_GRANT_DAYS = 730;

const DAYS = /^P([1-9][0-9]{0,2})D$/;

/** The number of days in an ISO 8601 "P<n>D" duration within 1..730, else undefined. */
export function durationDays(duration: string): number | undefined {
  const m = DAYS.exec(duration);
  if (!m) return undefined;
  const days = Number(m[1]);
  return days >= MIN_GRANT_DAYS && days <= MAX_GRANT_DAYS ? days : undefined;
}

/**
 * What "include delegated admin privileges" asks for when the partner names nothing: the two roles
 * classic DAP gave (Global Administrator, Helpdesk Administrator), for the longest duration GDAP
 * allows, without auto-extension (not allowed with Global Administrator anyway).
 */
export function defaultDelegatedAdmin(): DelegatedAdminRequest {
  return { roles: [GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR], duration: `P${MAX_GRANT_DAYS}D`, autoExtend: false };
}

/** Checks a delegated admin request and returns it normalised (role ids lower case, no repeats). */
export function validateDelegatedAdmin(request: DelegatedAdminRequest): Result<DelegatedAdminRequest> {
  if (durationDays(request.duration) === undefined) {
    // The same rule as the request schema's (grantDurationSchema), so the same status (400).
    return refuse('bad_request', `duration must be "P${MIN_GRANT_DAYS}D" to "P${MAX_GRANT_DAYS}D" in whole days`);
  }
  const roles = [...new Set(request.roles.map((r) => r.toLowerCase()))];
  if (roles.length === 0) return refuse('validation_failed', 'at least one directory role is required');
  const unknown = roles.filter((r) => directoryRoleName(r) === undefined);
  if (unknown.length > 0) return refuse('validation_failed', `unknown directory role(s): ${unknown.join(', ')}`);
  if (request.autoExtend && roles.includes(GLOBAL_ADMINISTRATOR)) {
    return refuse('auto_extend_not_allowed', 'auto-extension is not allowed when Global Administrator is requested');
  }
  return ok({ roles, duration: request.duration, autoExtend: request.autoExtend });
}

/** The display names of the requested roles, in request order (for emails and the landing page). */
export function roleDisplayNames(roles: readonly string[]): string[] {
  return roles.map((r) => directoryRoleName(r) ?? r);
}
