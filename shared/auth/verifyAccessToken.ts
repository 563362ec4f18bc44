import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { AppError } from '../http/errors';
import { type Caller, callerFromClaims } from './caller';
import { jose } from './jose';
import { verifiedTokenCache } from './verifiedTokens';

export type { Caller } from './caller';

export interface AccessTokenVerifierOptions {
  /**
   * Expected `iss` (Entra: https://login.microsoftonline.com/<tenant>/v2.0; locally the dev issuer).
   * With `{tenantid}` in it (Entra's multi-tenant form), the token's own `tid` fills the placeholder.
   */
  readonly issuer: string;
  /** Expected `aud`: this API's application id URI or client id. */
  readonly audience: string;
  readonly jwksUri: string;
  /** Allowed clock skew for exp/nbf; 60 s by default. */
  readonly clockToleranceSeconds?: number;
  /** How long one fetch of the signing keys may take; jose's default (5 s) when absent. */
  readonly jwksTimeoutMs?: number;
}

export interface AccessTokenVerifier {
  /** Verifies an `Authorization` header value; throws AppError('unauthenticated') on any defect. */
  verify(authorizationHeaderValue: string | null): Promise<Caller>;
}

// Compact JWS only; the cap keeps absurd headers from reaching the parser. Scheme is case-insensitive (RFC 9110).
const bearerPattern = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;
const maxHeaderLength = 16 * 1024;

/** Entra's discovery document for `organizations` and `common` names the issuer with this placeholder. */
export const TENANT_PLACEHOLDER = '{tenantid}';
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The signing keys could not be had (the identity provider unreachable, slow past the timeout, or
 * answering nonsense): not the caller's fault, so not a 401, and not a bug either, so not a 500:
 * its `code` makes it 503 `unavailable` with Retry-After (shared/http/problem.ts), and, not being an
 * AppError, it is still logged. Found by the soak: a restarted host's first JWKS fetch timed out
 * on a loaded machine and `GET /api/customers` answered 500.
 */
export class SigningKeysUnavailable extends Error {
  readonly code = 'SIGNING_KEYS_UNAVAILABLE';
}

/** Builds a verifier that fetches and caches the issuer's signing keys (refetched on an unknown kid). */
export function makeAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const remoteKeySet = jose.createRemoteJWKSet(
    new URL(options.jwksUri),
    options.jwksTimeoutMs ? { timeoutDuration: options.jwksTimeoutMs } : undefined,
  );
  // Tells "no key has this kid" (the token's defect) from "the JWKS could not be fetched or used" (ours).
  const keySet: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remoteKeySet(header, token);
    } catch (e) {
      if (e instanceof jose.errors.JWKSNoMatchingKey || e instanceof jose.errors.JWKSMultipleMatchingKeys) throw e;
      // jose's message says why (timed out, refused, not a key set); it never holds the token.
      const why = e instanceof Error ? ` (${e.name}: ${e.message})` : '';
      throw new SigningKeysUnavailable(`Access token verification could not use the signing keys${why}.`, { cause: e });
    }
  };
  const issuerTemplate = options.issuer.includes(TENANT_PLACEHOLDER) ? options.issuer : undefined;
  const verifyOptions = {
    // A templated issuer is checked below, once the token's tid is known to be signed.
    issuer: issuerTemplate ? undefined : options.issuer,
    audience: options.audience,
    algorithms: ['RS256'],
    clockTolerance: options.clockToleranceSeconds ?? 60,
    // A token without exp would never expire.
    requiredClaims: ['exp'],
  };

  const verified = verifiedTokenCache();
  return {
    async verify(header) {
      const token = extractBearerToken(header);
      const known = verified.get(token);
      if (known) return known;
      let payload: JWTPayload;
      try {
        ({ payload } = await jose.jwtVerify(token, keySet, verifyOptions));
      } catch (e) {
        throw toAuthError(e);
      }
      if (issuerTemplate) checkTenantIssuer(issuerTemplate, payload);
      const caller = callerFromClaims(payload);
      // requiredClaims makes exp present; a token is reused only until it expires.
      verified.put(token, caller, payload.exp as number);
      return caller;
    },
  };
}

/**
 * Multi-tenant issuer validation as Microsoft.Identity.Web does it: the issuer must be the template
 * with the token's own tenant in it. The tid must be a lower-case GUID, so it cannot smuggle a path.
 */
function checkTenantIssuer(template: string, payload: { iss?: unknown; tid?: unknown }): void {
  const tid = typeof payload.tid === 'string' && guidPattern.test(payload.tid) ? payload.tid : undefined;
  if (!tid || payload.iss !== template.replace(TENANT_PLACEHOLDER, tid)) {
    throw new AppError('unauthenticated', 'The access token was not issued for this service.');
  }
}

function extractBearerToken(header: string | null): string {
  if (!header) throw new AppError('unauthenticated', 'A bearer access token is required.');
  const match = header.length <= maxHeaderLength ? bearerPattern.exec(header) : null;
  if (!match) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <access token>".');
  return match[1]!;
}

/** Maps jose's failures to safe messages; the token itself never goes into an error. */
function toAuthError(e: unknown): Error {
  if (e instanceof SigningKeysUnavailable) return e;
  if (e instanceof jose.errors.JWTExpired) {
    return new AppError('unauthenticated', 'The access token has expired.');
  }
  if (e instanceof jose.errors.JWTClaimValidationFailed && (e.claim === 'iss' || e.claim === 'aud')) {
    return new AppError('unauthenticated', 'The access token was not issued for this service.');
  }
  // Everything else is the token's defect: bad signature, unknown kid, disallowed alg, malformed, nbf.
  return new AppError('unauthenticated', 'The access token is not valid.');
}
