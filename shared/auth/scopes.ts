import { AppError } from '../http/errors';

/**
 * The delegated permissions (OAuth 2.0 scopes) this API's app registration exposes. Entra lists the
 * ones a user granted to the calling app in the access token's `scp` claim, space-separated and
 * without the `api://…/` prefix. Two scopes, so the landing page's token (it asks for the first one
 * only) cannot manage relationships: a user who signs in there to answer an invitation hands the
 * page a token that answers invitations and nothing else.
 */
export const apiScopes = {
  /** The landing page: accept or decline an invitation addressed to the signed-in user's organisation. */
  answerInvitations: 'Invitations.Answer',
  /** Partner and customer portals: profiles, invitations, customers, grants, audit, partnerships. */
  manageRelationships: 'Relationships.Manage',
} as const;

export type ApiScope = (typeof apiScopes)[keyof typeof apiScopes];

/** Every scope the API exposes, in the order the app registration lists them. */
export const allApiScopes: readonly ApiScope[] = [apiScopes.answerInvitations, apiScopes.manageRelationships];

/** What every endpoint but the two answers needs. */
export const manageScopes: readonly ApiScope[] = [apiScopes.manageRelationships];

/** Accept and decline: the landing page's scope, or a portal's (a customer portal may answer too). */
export const answerScopes: readonly ApiScope[] = [apiScopes.answerInvitations, apiScopes.manageRelationships];

/** The scopes of an `scp` claim; a token without one (an app-only token) has none. */
export function scopesOf(scp: unknown): string[] {
  return typeof scp === 'string' ? scp.split(' ').filter((s) => s.length > 0) : [];
}

/**
 * Throws AppError('insufficient_scope') unless the token grants one of the accepted scopes
 * (RFC 6750 §3.1). App-only tokens carry `roles` but no `scp`: this API acts for a signed-in person
 * only, so they are refused here whatever roles they carry.
 */
export function requireScope(granted: readonly string[], accepted: readonly ApiScope[]): void {
  if (!accepted.some((s) => granted.includes(s))) {
    throw new AppError(
      'insufficient_scope',
      `The access token must grant the scope ${accepted.join(' or ')} of this API.`,
      { scope: accepted.join(' ') },
    );
  }
}
