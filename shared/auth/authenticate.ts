import type { HttpRequest } from '@azure/functions';
import { config } from '../config';
import { type AccessTokenVerifier, type Caller, makeAccessTokenVerifier } from './verifyAccessToken';

let verifier: AccessTokenVerifier | undefined;

/** The process-wide verifier, built once from config so its JWKS cache is shared by every request. */
export function accessTokenVerifier(): AccessTokenVerifier {
  const c = config();
  verifier ??= makeAccessTokenVerifier({ issuer: c.AUTH_ISSUER, audience: c.AUTH_AUDIENCE, jwksUri: c.AUTH_JWKS_URI });
  return verifier;
}

/** The caller of a request; throws AppError('unauthenticated') without a valid bearer token. */
export function authenticate(request: HttpRequest): Promise<Caller> {
  return accessTokenVerifier().verify(request.headers.get('authorization'));
}
