import type { HttpRequest } from '@azure/functions';
import { config } from '../config';
import { PROGRAM_ADMIN } from './roles';
import { type ApiScope, manageScopes, requireScope } from './scopes';
import { type AccessTokenVerifier, type Caller, makeAccessTokenVerifier } from './verifyAccessToken';

let verifier: AccessTokenVerifier | undefined;

/** The process-wide verifier, built once from config so its JWKS cache is shared by every request. */
export function accessTokenVerifier(): AccessTokenVerifier {
  const c = config();
  verifier ??= makeAccessTokenVerifier({ issuer: c.AUTH_ISSUER, audience: c.AUTH_AUDIENCE, jwksUri: c.AUTH_JWKS_URI });
  return verifier;
}

/**
 * The caller of a request; throws AppError('unauthenticated') without a valid bearer token and
 * AppError('insufficient_scope') when the token grants none of the scopes the endpoint accepts
 * (Relationships.Manage unless it says otherwise).
 */
export async function authenticate(
  request: HttpRequest,
  accepted: readonly ApiScope[] = manageScopes,
): Promise<Caller> {
  const caller = await accessTokenVerifier().verify(request.headers.get('authorization'));
  // An app-only token has no scp by design: its application permissions (roles) are what it was
  // granted, checked against the matrix by the action. One without any is refused as before.
  if (!caller.app || caller.roles.length === 0) requireScope(caller.scopes, accepted);
  return withProgramRoles(caller, config().PROGRAM_OPERATOR_TENANT_ID);
}

/**
 * The caller with ProgramAdmin kept only when its tenant is the program operator's: every tenant's
 * admin can assign our app roles to its own users, so the role means nothing from anywhere else.
 */
export function withProgramRoles(caller: Caller, operatorTenantId: string | undefined): Caller {
  if (!caller.roles.includes(PROGRAM_ADMIN) || (operatorTenantId !== undefined && caller.tenantId === operatorTenantId))
    return caller;
  return { ...caller, roles: caller.roles.filter((r) => r !== PROGRAM_ADMIN) };
}
