import { z } from 'zod';
import { allApiScopes } from '../../../shared/auth/scopes';
import type { DemoUser } from './demoDirectory';

/** What a test or the sign-in page asks the dev issuer to put in a token. */
export const tokenRequestSchema = z.strictObject({
  tenantId: z.guid(),
  userId: z.guid(),
  email: z.email().max(320),
  roles: z.array(z.string().min(1).max(64)).max(20).optional(),
  wids: z.array(z.guid()).max(50).optional(),
  name: z.string().min(1).max(256).optional(),
  tenantCountry: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166 alpha-2 code')
    .optional(),
  /**
   * The API scopes to grant (`scp`). Absent: all of them, like a portal a user consented to; empty:
   * no `scp` at all, like an app-only token.
   */
  scopes: z
    .array(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/))
    .max(10)
    .optional(),
  /**
   * An app-only token (client credentials) of this client app id: no email, name, wids or scp;
   * `idtyp: app`, `azp` the app, `oid`/`sub` its service principal (userId). `roles` are then
   * application permissions (Partner.Read, …) and `tenantId` the consenting tenant.
   */
  appId: z.guid().optional(),
  /** Defaults to one hour, like Entra; capped at a day so forgotten tokens die. */
  expiresInSeconds: z.number().int().min(1).max(86_400).optional(),
});

export type TokenRequest = z.input<typeof tokenRequestSchema>;

export const defaultLifetimeSeconds = 3600;

/** What a signed-in demo user's token says about them. */
export function userTokenRequest(user: DemoUser): TokenRequest {
  return {
    tenantId: user.tenantId,
    userId: user.userId,
    email: user.email,
    name: user.name,
    roles: [...(user.roles ?? [])],
    wids: [...(user.wids ?? [])],
    tenantCountry: user.tenantCountry,
  };
}

/** Claims only a delegated sign-in puts in a token: the granted scopes and the app that asked. */
export interface DelegatedClaims {
  /** Space-separated scope names, without the API's prefix (Entra's `scp`). */
  readonly scp: string;
  /** The client id of the app the user signed in to. */
  readonly azp: string;
}

/** Entra v2 access token claims for a parsed request, at `nowSeconds`. */
export function accessTokenClaims(
  request: z.output<typeof tokenRequestSchema>,
  context: { issuer: string; audience: string; nowSeconds: number; delegated?: DelegatedClaims },
): Record<string, unknown> {
  const { issuer, audience, nowSeconds, delegated } = context;
  if (request.appId) {
    return {
      iss: issuer,
      aud: audience,
      tid: request.tenantId,
      oid: request.userId,
      sub: request.userId,
      azp: request.appId,
      azpacr: '1',
      idtyp: 'app',
      roles: request.roles ?? [],
      iat: nowSeconds,
      nbf: nowSeconds,
      exp: nowSeconds + (request.expiresInSeconds ?? defaultLifetimeSeconds),
      ver: '2.0',
    };
  }
  const email = request.email.toLowerCase();
  const scp = delegated ? delegated.scp : (request.scopes ?? allApiScopes).join(' ');
  return {
    iss: issuer,
    aud: audience,
    tid: request.tenantId,
    oid: request.userId,
    // Entra's sub is pairwise per app; the object id is a stable stand-in for one app.
    sub: request.userId,
    email,
    preferred_username: email,
    ...(request.name ? { name: request.name } : {}),
    roles: request.roles ?? [],
    wids: request.wids ?? [],
    ...(request.tenantCountry ? { tenant_ctry: request.tenantCountry.toUpperCase() } : {}),
    ...(scp ? { scp } : {}),
    ...(delegated ? { azp: delegated.azp, azpacr: '0' } : {}),
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + (request.expiresInSeconds ?? defaultLifetimeSeconds),
    ver: '2.0',
  };
}

/** One line per zod issue, naming the field; values are never echoed. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}
