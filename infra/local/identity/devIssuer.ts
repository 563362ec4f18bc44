import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/http/errors';
import { jose } from '../../../shared/auth/jose';
import { createCodeStore } from './authorizationCodes';
import { makeAuthorizeEndpoint } from './authorizeEndpoint';
import { type DemoDirectory, demoDirectory, findDemoUser } from './demoDirectory';
import { mediaType, readBody, sendHtml, sendJson, sendProblem } from './httpIo';
import type { SigninClient } from './signinClients';
import { renderErrorPage, renderSigninPage, renderTokenPage } from './signinPage';
import {
  accessTokenClaims,
  type DelegatedClaims,
  describeIssues,
  type TokenRequest,
  tokenRequestSchema,
  userTokenRequest,
} from './tokenRequest';
import { makeTokenEndpoint } from './tokenEndpoint';
import { loadOrCreateSigningKey } from './signingKey';

export interface DevIssuerOptions {
  /** The `iss` of every token and the base of the routes, e.g. http://localhost:7071/dev. */
  readonly issuer: string;
  readonly audience: string;
  /** Where the key pair is kept as JWK JSON, so tokens survive restarts; in memory only when absent. */
  readonly keyFile?: string;
  /** Epoch milliseconds; tests move it to mint expired tokens. */
  readonly now?: () => number;
  /** The users the sign-in page offers; the demo directory by default. */
  readonly directory?: DemoDirectory;
  /** The apps users may sign in to with the authorization code flow (none by default). */
  readonly clients?: readonly SigninClient[];
}

export interface DevIssuer {
  /** Serves the issuer's routes; false when the request is for some other path. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Signs an access token; throws AppError('bad_request') when the claims are invalid. */
  issue(claims: TokenRequest, delegated?: DelegatedClaims): Promise<string>;
  /** The public signing keys as a JWKS. */
  jwks(): { keys: Record<string, unknown>[] };
}

/** A local stand-in for Entra ID's token issuance: RS256 tokens shaped like v2 access tokens. */
export async function createDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const issuer = options.issuer.replace(/\/+$/, '');
  const { audience } = options;
  const now = options.now ?? Date.now;
  const directory = options.directory ?? demoDirectory;
  const clients = options.clients ?? [];
  for (const uri of clients.flatMap((c) => c.redirectUris)) {
    if (!URL.canParse(uri) || uri.includes('#'))
      throw new Error(`Redirect URI ${uri} must be an absolute URL without a fragment.`);
  }
  const key = await loadOrCreateSigningKey(options.keyFile);
  const base = new URL(issuer).pathname.replace(/\/+$/, '');
  const paths = {
    discovery: `${base}/.well-known/openid-configuration`,
    keys: `${base}/keys`,
    // Mints a token for any claims, for tests and scripts; not part of any OAuth flow.
    token: `${base}/token`,
    // Shows a token for copying; apps sign users in through the authorize endpoint.
    signin: `${base}/signin`,
    // Entra's v2 endpoint paths under the authority, so the app derives them the same way for both.
    authorize: `${base}/oauth2/v2.0/authorize`,
    oauthToken: `${base}/oauth2/v2.0/token`,
  };

  async function issue(claims: TokenRequest, delegated?: DelegatedClaims): Promise<string> {
    const parsed = tokenRequestSchema.safeParse(claims);
    if (!parsed.success) throw new AppError('bad_request', describeIssues(parsed.error));
    const payload = accessTokenClaims(parsed.data, {
      issuer,
      audience,
      nowSeconds: Math.floor(now() / 1000),
      delegated,
    });
    return new jose.SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  const jwks = () => ({ keys: [{ ...key.publicJwk }] });
  const codes = createCodeStore(now);
  const authorize = makeAuthorizeEndpoint({ path: paths.authorize, audience, clients, directory, codes });
  const oauthToken = makeTokenEndpoint({ audience, clients, codes, issue });

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (mediaType(req) !== 'application/json') return sendProblem(res, 'unsupported_media_type', 'Send a JSON body.');
    const text = await readBody(req);
    if (text === undefined) return sendProblem(res, 'payload_too_large', 'The body is too large.');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendProblem(res, 'bad_request', 'The body is not valid JSON.');
    }
    try {
      sendJson(res, 200, { accessToken: await issue(body as TokenRequest) });
    } catch (e) {
      if (e instanceof AppError) return sendProblem(res, e.code, e.detail);
      throw e;
    }
  }

  /** The token page: a developer picks a user and copies a token for curl or a test client. */
  async function signinPost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (mediaType(req) !== 'application/x-www-form-urlencoded')
      return sendHtml(res, 415, renderErrorPage('Submit the sign-in form.'));
    const text = await readBody(req);
    if (text === undefined) return sendHtml(res, 413, renderErrorPage('The form is too large.'));
    const user = findDemoUser(directory, new URLSearchParams(text).get('userId') ?? '');
    if (!user) return sendHtml(res, 400, renderErrorPage('Pick one of the listed users.'));
    sendHtml(res, 200, renderTokenPage(user, await issue(userTokenRequest(user))));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://request.invalid');
    const method = req.method ?? 'GET';
    const allow = (methods: string) => sendProblem(res, 'method_not_allowed', `Use ${methods}.`, { allow: methods });
    switch (url.pathname) {
      case paths.discovery:
        if (method !== 'GET') allow('GET');
        // Built from the configured issuer, never from the Host header.
        else
          sendJson(res, 200, {
            issuer,
            jwks_uri: `${issuer}/keys`,
            authorization_endpoint: `${issuer}/oauth2/v2.0/authorize`,
            token_endpoint: `${issuer}/oauth2/v2.0/token`,
            response_types_supported: ['code'],
            response_modes_supported: ['query', 'fragment'],
            grant_types_supported: ['authorization_code'],
            code_challenge_methods_supported: ['S256'],
            token_endpoint_auth_methods_supported: ['none'],
          });
        return true;
      case paths.keys:
        if (method !== 'GET') allow('GET');
        else sendJson(res, 200, jwks(), { 'cache-control': 'public, max-age=300' });
        return true;
      case paths.token:
        if (method !== 'POST') allow('POST');
        else await token(req, res);
        return true;
      case paths.authorize:
        if (method === 'GET') authorize.get(url, res);
        else if (method === 'POST') await authorize.post(req, res);
        else allow('GET, POST');
        return true;
      case paths.oauthToken:
        if (method === 'POST') await oauthToken.post(req, res);
        else if (method === 'OPTIONS') oauthToken.options(req, res);
        else allow('POST, OPTIONS');
        return true;
      case paths.signin:
        if (method === 'GET') sendHtml(res, 200, renderSigninPage(directory, paths.signin));
        else if (method === 'POST') await signinPost(req, res);
        else allow('GET, POST');
        return true;
      default:
        return false;
    }
  }

  return { handle, issue, jwks };
}
