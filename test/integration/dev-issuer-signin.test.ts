// The dev issuer's authorization code flow with PKCE, as Entra's v2 endpoints speak it to a
// single-page app: /oauth2/v2.0/authorize (pick a user or cancel) and /oauth2/v2.0/token.
import { createHash, randomBytes } from 'node:crypto';
import { makeAccessTokenVerifier } from '../../shared/auth/verifyAccessToken';
import { configSchema } from '../../shared/config';
import { CODE_LIFETIME_MS } from '../../infra/local/identity/authorizationCodes';
import { demoUsers } from '../../infra/local/identity/demoDirectory';
import { LOCAL_SIGNIN_CLIENT_ID } from '../../infra/local/identity/signinClients';
import { type IdentityServer, startIdentityServer } from '../../infra/local/identity/server';

const audience = 'api://reseller-connect';
const origin = 'http://localhost:7071';
const redirectUri = `${origin}/api/signin/return`;
const otherClient = { clientId: 'other-client', redirectUris: ['http://localhost:9999/cb'] };
const scope = `${audience}/Invitations.Answer`;
const admin = demoUsers.find((u) => u.email === 'admin@adatum.example')!;
let server: IdentityServer;
let clockOffsetMs = 0;

beforeAll(async () => {
  server = await startIdentityServer({
    port: 0,
    audience,
    now: () => Date.now() + clockOffsetMs,
    clients: [{ clientId: LOCAL_SIGNIN_CLIENT_ID, redirectUris: [redirectUri] }, otherClient],
  });
});
afterAll(() => server.close());
afterEach(() => (clockOffsetMs = 0));

const authorizeUrl = () => `${server.issuer}/oauth2/v2.0/authorize`;
const tokenUrl = () => `${server.issuer}/oauth2/v2.0/token`;

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function request(challenge: string, overrides: Record<string, string | undefined> = {}): URLSearchParams {
  const all: Record<string, string | undefined> = {
    client_id: LOCAL_SIGNIN_CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri,
    response_mode: 'fragment',
    scope: `openid profile ${scope}`,
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    prompt: 'select_account',
    ...overrides,
  };
  return new URLSearchParams(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
}

const form = (params: URLSearchParams): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: params.toString(),
  redirect: 'manual',
});

/** The response parameters the browser is sent back with (fragment or query). */
function returned(location: string): URLSearchParams {
  const url = new URL(location);
  return new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
}

/** Signs the admin in for `params` and returns the code. */
async function codeFor(params: URLSearchParams, userId = admin.userId): Promise<string> {
  const res = await fetch(authorizeUrl(), form(new URLSearchParams([...params, ['userId', userId]])));
  expect(res.status).toBe(303);
  return returned(res.headers.get('location')!).get('code')!;
}

function redeem(body: Record<string, string>, headers: Record<string, string> = { origin }): Promise<Response> {
  return fetch(tokenUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

async function expectOAuthError(res: Response, error: string): Promise<void> {
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ error, error_description: expect.any(String) });
}

describe('GET /oauth2/v2.0/authorize', () => {
  it('lists the demo users as forms that carry the request back, and a Cancel', async () => {
    const { challenge } = pkce();
    const res = await fetch(`${authorizeUrl()}?${request(challenge)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html.match(/<form method="post" action="\/dev\/oauth2\/v2.0\/authorize">/g)).toHaveLength(
      demoUsers.length + 1,
    );
    expect(html).toContain(`name="code_challenge" value="${challenge}"`);
    expect(html).toContain('<button type="submit">Cancel</button>');
    expect(html).toContain(admin.name);
    expect(html).not.toContain('<script');
  });

  it.each([
    ['an unknown client_id', { client_id: 'nobody' }],
    ['no client_id', { client_id: undefined }],
    ['a redirect_uri that is not registered', { redirect_uri: `${origin}/api/signin/return/` }],
    ["another client's redirect_uri", { redirect_uri: otherClient.redirectUris[0] }],
  ])('shows an error page and redirects nowhere for %s', async (_what, change) => {
    const res = await fetch(`${authorizeUrl()}?${request(pkce().challenge, change)}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Cannot sign in');
  });

  it.each([
    ['no code_challenge_method', { code_challenge_method: undefined }, 'invalid_request'],
    ['the plain method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no code_challenge', { code_challenge: undefined }, 'invalid_request'],
    ['a malformed code_challenge', { code_challenge: 'short' }, 'invalid_request'],
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
    ['response_mode=form_post', { response_mode: 'form_post' }, 'invalid_request'],
    ["another API's scope", { scope: 'openid api://someone-else/Invitations.Answer' }, 'invalid_scope'],
    ['only OpenID scopes', { scope: 'openid profile' }, 'invalid_scope'],
  ])('sends the app back an error for %s, with its state', async (_what, change, error) => {
    const res = await fetch(`${authorizeUrl()}?${request(pkce().challenge, change)}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location.startsWith(redirectUri)).toBe(true);
    expect(Object.fromEntries(returned(location))).toEqual({
      error,
      error_description: expect.any(String),
      state: 'state-1',
    });
  });
});

describe('POST /oauth2/v2.0/authorize (the sign-in page)', () => {
  it('sends the picked user back with code and state in the fragment, or in the query', async () => {
    const { challenge } = pkce();
    const res = await fetch(
      authorizeUrl(),
      form(new URLSearchParams([...request(challenge), ['userId', admin.userId]])),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('location')).toMatch(new RegExp(`^${redirectUri}#code=[\\w-]{43}&state=state-1$`));
    const query = await fetch(
      authorizeUrl(),
      form(new URLSearchParams([...request(challenge, { response_mode: 'query' }), ['userId', admin.userId]])),
    );
    expect(query.headers.get('location')).toMatch(new RegExp(`^${redirectUri}\\?code=[\\w-]{43}&state=state-1$`));
  });

  it('sends error=access_denied when the user cancels', async () => {
    const res = await fetch(authorizeUrl(), form(new URLSearchParams([...request(pkce().challenge), ['cancel', '1']])));
    expect(Object.fromEntries(returned(res.headers.get('location')!))).toEqual({
      error: 'access_denied',
      error_description: 'The user cancelled the sign-in.',
      state: 'state-1',
    });
  });

  it('checks the posted request again, and the user', async () => {
    const tampered = await fetch(
      authorizeUrl(),
      form(
        new URLSearchParams([
          ...request(pkce().challenge, { redirect_uri: 'http://evil.example/' }),
          ['userId', admin.userId],
        ]),
      ),
    );
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get('location')).toBeNull();
    const nobody = await fetch(
      authorizeUrl(),
      form(new URLSearchParams([...request(pkce().challenge), ['userId', '00000000-0000-4000-8000-000000000000']])),
    );
    expect(nobody.status).toBe(400);
  });
});

describe('POST /oauth2/v2.0/token', () => {
  async function issued(): Promise<{ code: string; verifier: string; body: Record<string, string> }> {
    const { verifier, challenge } = pkce();
    const code = await codeFor(request(challenge));
    return {
      code,
      verifier,
      body: {
        client_id: LOCAL_SIGNIN_CLIENT_ID,
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        scope,
      },
    };
  }

  it('redeems the code for a Bearer access token the API verifies, with CORS for the app origin', async () => {
    const { body } = await issued();
    const res = await redeem(body);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toEqual({ token_type: 'Bearer', access_token: expect.any(String), expires_in: 3600, scope });
    const claims = JSON.parse(
      Buffer.from((json.access_token as string).split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      aud: audience,
      scp: 'Invitations.Answer',
      azp: LOCAL_SIGNIN_CLIENT_ID,
      tid: admin.tenantId,
      name: admin.name,
    });
    const caller = await makeAccessTokenVerifier({ issuer: server.issuer, audience, jwksUri: server.jwksUri }).verify(
      `Bearer ${json.access_token as string}`,
    );
    expect(caller).toMatchObject({ userId: admin.userId, tenantId: admin.tenantId, wids: admin.wids });
  });

  it('refuses a code redeemed twice', async () => {
    const { body } = await issued();
    expect((await redeem(body)).status).toBe(200);
    await expectOAuthError(await redeem(body), 'invalid_grant');
  });

  it('refuses a wrong verifier, and the code is used up', async () => {
    const { body } = await issued();
    await expectOAuthError(await redeem({ ...body, code_verifier: pkce().verifier }), 'invalid_grant');
    await expectOAuthError(await redeem(body), 'invalid_grant');
  });

  it('refuses an expired code', async () => {
    const { body } = await issued();
    clockOffsetMs = CODE_LIFETIME_MS;
    await expectOAuthError(await redeem(body), 'invalid_grant');
  });

  it('refuses another redirect_uri', async () => {
    const { body } = await issued();
    await expectOAuthError(await redeem({ ...body, redirect_uri: `${redirectUri}?x=1` }), 'invalid_grant');
  });

  it('refuses an unknown client_id, and a code issued to another client', async () => {
    const { body } = await issued();
    await expectOAuthError(await redeem({ ...body, client_id: 'nobody' }), 'unauthorized_client');
    await expectOAuthError(await redeem({ ...body, client_id: otherClient.clientId }), 'invalid_grant');
  });

  it.each([
    ['no Origin (not from a browser)', {}, {}, 'invalid_request'],
    ['another grant_type', { grant_type: 'client_credentials' }, { origin }, 'unsupported_grant_type'],
    ['no code_verifier', { code_verifier: undefined }, { origin }, 'invalid_request'],
    ['a scope that was not granted', { scope: `${scope} ${audience}/Partners.Manage` }, { origin }, 'invalid_scope'],
  ])('refuses %s', async (_what, change, headers, error) => {
    const { body } = await issued();
    const changed = Object.fromEntries(
      Object.entries({ ...body, ...change }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    await expectOAuthError(await redeem(changed, headers), error);
  });

  it('refuses a JSON body', async () => {
    const { body } = await issued();
    const res = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify(body),
    });
    await expectOAuthError(res, 'invalid_request');
  });

  it('gives no CORS grant to an origin with no registered redirect URI, and answers the preflight', async () => {
    const { body } = await issued();
    const res = await redeem(body, { origin: 'http://evil.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(tokenUrl(), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('discovery', () => {
  it("names the flow's endpoints under the issuer, as Entra's v2 paths", async () => {
    const discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({
      authorization_endpoint: `${server.issuer}/oauth2/v2.0/authorize`,
      token_endpoint: `${server.issuer}/oauth2/v2.0/token`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it("registers the client the app's configuration names by default", () => {
    expect(configSchema.shape.SIGNIN_CLIENT_ID.parse(undefined)).toBe(LOCAL_SIGNIN_CLIENT_ID);
  });
});
