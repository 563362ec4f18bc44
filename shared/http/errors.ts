/**
 * The one error type of the product. Codes are strings because `instanceof` does not survive an
 * activity boundary; the code→status table is the only place HTTP statuses are chosen.
 */
import type { ErrorCode } from '../domain/errorCodes';
import type { Refusal, Result } from '../domain/result';

export type { ErrorCode };

/** The one code→status table: every code in shared/domain/errorCodes.ts, and no other. */
export const errorStatus = {
  bad_request: 400,
  unsupported_api_version: 400,
  validation_failed: 422,
  invitation_link_missing: 422,
  auto_extend_not_allowed: 422,
  admin_privileges_required: 422,
  customer_agreement_required: 422,
  // Program rules that refuse well-formed input are 422 everywhere: the input was valid, the rule said no.
  self_relationship: 422,
  region_mismatch: 422,
  partner_kind_not_allowed: 422,
  role_template_not_found: 422,
  unauthenticated: 401,
  forbidden: 403,
  insufficient_scope: 403,
  origin_not_allowed: 403,
  customer_global_admin_required: 403,
  wrong_tenant: 403,
  partner_not_enrolled: 403,
  partner_suspended: 403,
  not_found: 404,
  invitation_unavailable: 404,
  method_not_allowed: 405,
  conflict: 409,
  already_answered: 409,
  partnership_required: 409,
  reseller_not_enrolled: 403,
  partnership_ended: 409,
  already_partners: 409,
  mpn_id_taken: 409,
  already_enrolled: 409,
  already_decided: 409,
  // Renewal requests (issue 17): the grant ended or was removed; roles beyond the grant's are bad input.
  grant_not_active: 409,
  roles_not_in_grant: 400,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

/** An expected failure with a stable code; `detail` is safe to show to the caller. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** Narrows unknown throwables to AppError by code, which also works across serialisation. */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns a refusal into the one error type at the edge, where a throw is what the handler wants. */
export function unwrap<T>(result: Result<T> | Refusal): T {
  if (result.ok) return result.value;
  throw new AppError(result.code, result.detail);
}
