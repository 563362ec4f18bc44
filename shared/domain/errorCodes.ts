/**
 * The stable codes a refusal or an error carries, as strings: `instanceof` does not survive an
 * activity boundary. The HTTP status of each is chosen in one place, shared/http/errors.ts.
 */
export const errorCodes = [
  'bad_request',
  'unsupported_api_version',
  'validation_failed',
  'invitation_link_missing',
  'auto_extend_not_allowed',
  'admin_privileges_required',
  'customer_agreement_required',
  'self_relationship',
  'region_mismatch',
  'partner_kind_not_allowed',
  'unauthenticated',
  'forbidden',
  'insufficient_scope',
  'origin_not_allowed',
  'customer_global_admin_required',
  'wrong_tenant',
  'partner_not_enrolled',
  'partner_suspended',
  'not_found',
  'invitation_unavailable',
  'method_not_allowed',
  'conflict',
  'already_answered',
  'partnership_required',
  'reseller_not_enrolled',
  'partnership_ended',
  'already_partners',
  'mpn_id_taken',
  'already_enrolled',
  'already_decided',
  'precondition_failed',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'role_template_not_found',
  'grant_not_active',
  'roles_not_in_grant',
  'internal',
  'unavailable',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof errorCodes)[number];
