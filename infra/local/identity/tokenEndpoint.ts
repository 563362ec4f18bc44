import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CodeStore } from './authorizationCodes';
import { resourceScopesOf } from './authorizeRequest';
import { mediaType, readBody, sendJson } from './httpIo';
import { findClient, redirectOrigins, type SigninClient } from './signinClients';
import { type DelegatedClaims, defaultLifetimeSeconds, type TokenRequest } from './tokenRequest';

export interface TokenEndpointOptions {
  readonly audience: string;
  readonly clients: readonly SigninClient[];
  readonly codes: CodeStore;
  /** Signs an access token for the user with the delegated claims. */
  readonly issue: (user: TokenRequest, delegated: DelegatedClaims) => Promise<string>;
}

/**
 * `/oauth2/v2.0/token` for single-page apps, as Entra redeems their codes: a form POST from the
 * browser (an Origin header is required, as for Entra's "spa" redirect URIs), CORS for the
 * registered redirect URIs' origins, OAuth errors as `{error, error_description}` with 400.
 * Refresh tokens are not issued: nothing here needs one.
 */
export function makeTokenEndpoint(o: TokenEndpointOptions) {
  const origins = redirectOrigins(o.clients);
  const cors = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    return origin && origins.has(origin)
      ? { 'access-control-allow-origin': origin, vary: 'Origin' }
      : { vary: 'Origin' };
  };

  /** The preflight a browser sends if the app adds headers of its own (the landing page does not). */
  function options(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(204, {
      ...cors(req),
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    });
    res.end();
  }

  async function post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = { ...cors(req), pragma: 'no-cache' };
    const fail = (error: string, description: string) =>
      sendJson(res, 400, { error, error_description: description }, headers);
    if (mediaType(req) !== 'application/x-www-form-urlencoded')
      return fail('invalid_request', 'Send the parameters as application/x-www-form-urlencoded.');
    const text = await readBody(req);
    if (text === undefined) return fail('invalid_request', 'The request body is too large.');
    const form = new URLSearchParams(text);
    if (form.get('grant_type') !== 'authorization_code')
      return fail('unsupported_grant_type', 'grant_type must be authorization_code.');
    const clientId = form.get('client_id') ?? '';
    if (!findClient(o.clients, clientId))
      return fail('unauthorized_client', `No application with client_id "${clientId}" is registered.`);
    // Entra answers AADSTS9002327 here: a "spa" code is redeemed only by a browser, which sends Origin.
    if (!req.headers.origin)
      return fail(
        'invalid_request',
        'Codes for single-page applications may only be redeemed by cross-origin requests (no Origin header).',
      );
    const code = form.get('code');
    const redirectUri = form.get('redirect_uri');
    const codeVerifier = form.get('code_verifier');
    if (!code || !redirectUri || !codeVerifier)
      return fail('invalid_request', 'code, redirect_uri and code_verifier are required.');
    const redeemed = o.codes.redeem(code, { clientId, redirectUri, codeVerifier });
    if (!redeemed.ok) return fail('invalid_grant', redeemed.description);
    const { grant } = redeemed;
    // Entra lets the redemption name the scopes again (its extension); they must be ones granted.
    const asked = resourceScopesOf(form.get('scope') ?? '');
    if (!asked.every((s) => grant.scopes.includes(s)))
      return fail('invalid_scope', 'scope asks for more than the user granted.');
    const scp = grant.scopes.map((s) => s.slice(o.audience.length + 1)).join(' ');
    const accessToken = await o.issue(grant.user, { scp, azp: clientId });
    sendJson(
      res,
      200,
      {
        token_type: 'Bearer',
        scope: grant.scopes.join(' '),
        expires_in: defaultLifetimeSeconds,
        access_token: accessToken,
      },
      headers,
    );
  }

  return { options, post };
}
