import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jose } from '../../shared/auth/jose';
import { makeAccessTokenVerifier, SigningKeysUnavailable } from '../../shared/auth/verifyAccessToken';
import { AppError } from '../../shared/http/errors';
import { problemResponse } from '../../shared/http/problem';
import { contosoDirect, demoUsers, type DemoDirectory } from '../../infra/local/identity/demoDirectory';
import { createDevIssuer } from '../../infra/local/identity/devIssuer';
import { type IdentityServer, startIdentityServer } from '../../infra/local/identity/server';

const audience = 'api://reseller-connect';
const adminAgent = demoUsers.find((u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('AdminAgent'))!;
const validRequest = {
  tenantId: adminAgent.tenantId,
  userId: adminAgent.userId,
  email: 'AdminAgent@Contoso-Direct.example',
  name: adminAgent.name,
  roles: ['AdminAgent'],
  tenantCountry: 'us',
};

let dir: string;
let server: IdentityServer;
let clockOffsetMs = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dev-issuer-'));
  server = await startIdentityServer({
    port: 0,
    audience,
    keyFile: join(dir, 'key.json'),
    now: () => Date.now() + clockOffsetMs,
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const verifierFor = (overrides: { issuer?: string; audience?: string; jwksUri?: string } = {}) =>
  makeAccessTokenVerifier({ issuer: server.issuer, audience, jwksUri: server.jwksUri, ...overrides });

function postToken(body: unknown, contentType = 'application/json'): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${server.issuer}/token`, { method: 'POST', headers: { 'content-type': contentType }, body: text });
}

async function tokenFor(body: unknown): Promise<string> {
  const res = await postToken(body);
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (token: string, i: number) =>
  JSON.parse(Buffer.from(token.split('.')[i]!, 'base64url').toString()) as Record<string, unknown>;

async function expectUnauthenticated(header: string | null, token?: string): Promise<AppError> {
  const error = await verifierFor()
    .verify(header)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('unauthenticated');
  // The token must never travel in an error that may be logged or returned.
  if (token)
    expect(JSON.stringify({ m: (error as Error).message, d: (error as AppError).detail })).not.toContain(
      token.split('.')[2] || token,
    );
  return error as AppError;
}

/** Signs arbitrary claims with the issuer's own private key (read from its key file). */
async function forgeWithIssuerKey(claims: Record<string, unknown>): Promise<string> {
  const file = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8')) as {
    kid: string;
    privateJwk: Record<string, string>;
  };
  const key = await jose.importJWK({ ...file.privateJwk, alg: 'RS256' }, 'RS256');
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: file.kid }).sign(key);
}

function validClaims(): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: server.issuer,
    aud: audience,
    tid: adminAgent.tenantId,
    oid: adminAgent.userId,
    email: adminAgent.email,
    iat: now,
    nbf: now,
    exp: now + 600,
  };
}

describe('discovery and keys', () => {
  it('publishes the issuer and a JWKS holding only the public key', async () => {
    const discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    // Derived from the configured issuer, not from the Host the request came to.
    expect(discovery).toMatchObject({ issuer: server.issuer, jwks_uri: `${server.issuer}/keys` });

    const jwks = (await (await fetch(discovery.jwks_uri as string)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(Object.keys(jwks.keys[0]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('answers 405 for a wrong method and leaves other paths to the caller', async () => {
    const res = await fetch(server.jwksUri, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect((await fetch(`${server.issuer}/nope`)).status).toBe(404);
  });
});

describe('POST /dev/token', () => {
  it('issues an Entra-v2-shaped RS256 token that the app verifier accepts', async () => {
    const token = await tokenFor(validRequest);
    const header = decodePart(token, 0);
    const jwks = server.devIssuer.jwks();
    expect(header).toEqual({ alg: 'RS256', kid: jwks.keys[0]!.kid, typ: 'JWT' });
    const claims = decodePart(token, 1);
    expect(claims).toMatchObject({
      iss: server.issuer,
      aud: audience,
      tid: adminAgent.tenantId,
      oid: adminAgent.userId,
      sub: adminAgent.userId,
      email: adminAgent.email,
      preferred_username: adminAgent.email,
      roles: ['AdminAgent'],
      wids: [],
      tenant_ctry: 'US',
      ver: '2.0',
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(claims.nbf).toBe(claims.iat);

    const caller = await verifierFor().verify(`Bearer ${token}`);
    expect(caller).toEqual({
      tenantId: adminAgent.tenantId,
      userId: adminAgent.userId,
      email: adminAgent.email,
      name: adminAgent.name,
      roles: ['AdminAgent'],
      wids: [],
      tenantCountry: 'US',
      scopes: ['Invitations.Answer', 'Relationships.Manage'],
    });
  });

  it.each([
    ['missing tenantId', { ...validRequest, tenantId: undefined }],
    ['non-GUID userId', { ...validRequest, userId: 'bob' }],
    ['bad email', { ...validRequest, email: 'not-an-email' }],
    ['roles not a list', { ...validRequest, roles: 'AdminAgent' }],
    ['bad wid', { ...validRequest, wids: ['global-admin'] }],
    ['bad country', { ...validRequest, tenantCountry: 'USA' }],
    ['negative lifetime', { ...validRequest, expiresInSeconds: -5 }],
    ['unknown field', { ...validRequest, tid: validRequest.tenantId }],
    ['an array', [validRequest]],
    ['not JSON', '{"tenantId":'],
  ])('rejects %s with 400 problem+json', async (_, body) => {
    const res = await postToken(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'bad_request',
      detail: expect.any(String),
    });
  });

  it('rejects a non-JSON media type with 415', async () => {
    expect((await postToken(validRequest, 'text/plain')).status).toBe(415);
  });

  it('lets issue() refuse invalid claims with a bad_request AppError', async () => {
    await expect(server.devIssuer.issue({ ...validRequest, email: 'x' })).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});

describe('makeAccessTokenVerifier rejects', () => {
  it('a token for another audience', async () => {
    const token = await tokenFor(validRequest);
    await expect(verifierFor({ audience: 'api://someone-else' }).verify(`Bearer ${token}`)).rejects.toMatchObject({
      code: 'unauthenticated',
      detail: 'The access token was not issued for this service.',
    });
  });

  it('a token from another issuer', async () => {
    const token = await tokenFor(validRequest);
    await expect(
      verifierFor({ issuer: 'https://login.microsoftonline.com/x/v2.0' }).verify(`Bearer ${token}`),
    ).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('an expired token', async () => {
    clockOffsetMs = -2 * 3600_000;
    const token = await tokenFor(validRequest).finally(() => (clockOffsetMs = 0));
    const error = await expectUnauthenticated(`Bearer ${token}`, token);
    expect(error.detail).toBe('The access token has expired.');
  });

  it('a token whose payload was tampered with', async () => {
    const token = await tokenFor(validRequest);
    const [h, , s] = token.split('.');
    const forged = `${h}.${b64({ ...decodePart(token, 1), tid: 'c1000000-0000-4000-8000-000000000001' })}.${s}`;
    await expectUnauthenticated(`Bearer ${forged}`, forged);
  });

  it('an unsigned alg:none token', async () => {
    const forged = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(validClaims())}.`;
    await expectUnauthenticated(`Bearer ${forged}`, forged);
  });

  it('a token signed by another key that claims the same kid', async () => {
    const { privateKey } = await jose.generateKeyPair('RS256');
    const kid = server.devIssuer.jwks().keys[0]!.kid as string;
    const forged = await new jose.SignJWT(validClaims()).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    await expectUnauthenticated(`Bearer ${forged}`, forged);
  });

  it('a correctly signed token without tid or oid (and accepts the same token with them)', async () => {
    await expect(verifierFor().verify(`Bearer ${await forgeWithIssuerKey(validClaims())}`)).resolves.toMatchObject({
      tenantId: adminAgent.tenantId,
    });
    const { tid: _tid, ...noTid } = validClaims();
    const { oid: _oid, ...noOid } = validClaims();
    await expectUnauthenticated(`Bearer ${await forgeWithIssuerKey(noTid)}`);
    await expectUnauthenticated(`Bearer ${await forgeWithIssuerKey(noOid)}`);
  });

  it('a correctly signed token without exp', async () => {
    const { exp: _exp, ...noExp } = validClaims();
    await expectUnauthenticated(`Bearer ${await forgeWithIssuerKey(noExp)}`);
  });

  it.each([
    null,
    '',
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Bearer a.b',
    'Bearer a.b.c.d',
    `Bearer ${'a'.repeat(20_000)}.b.c`,
  ])('a missing or malformed header: %j', async (header) => {
    await expectUnauthenticated(header);
  });

  it('nothing as unauthenticated when the JWKS cannot be fetched (an outage, not a 401): 503 with Retry-After', async () => {
    const token = await tokenFor(validRequest);
    const unreachable = verifierFor({ jwksUri: 'http://127.0.0.1:9/dev/keys' });
    const error = await unreachable.verify(`Bearer ${token}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SigningKeysUnavailable);
    // Not an AppError, so the handler logs it (shared/http/handler.ts); answered as a dependency's outage.
    expect(error).not.toBeInstanceOf(AppError);
    const r = problemResponse(error);
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body as string).code).toBe('unavailable');
    expect((r.headers as Record<string, string>)['retry-after']).toBe('1');
  });

  // Soak seed 21001: a restarted host's first JWKS fetch timed out on a loaded machine, and
  // `GET /api/customers` answered 500 internal.
  it('a JWKS that does not answer in time: 503 with Retry-After, not 500', async () => {
    const token = await tokenFor(validRequest);
    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const slow = makeAccessTokenVerifier({
        issuer: server.issuer,
        audience,
        jwksUri: `http://127.0.0.1:${port}/keys`,
        jwksTimeoutMs: 200,
      });
      const error = await slow.verify(`Bearer ${token}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SigningKeysUnavailable);
      // The log says why (the handler logs its message), and nothing of the token.
      expect((error as Error).message).toMatch(/JWKSTimeout: request timed out/);
      expect((error as Error).message).not.toContain(token.split('.')[2]);
      expect(problemResponse(error).status).toBe(503);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('the token page (/dev/signin)', () => {
  const signin = (query = '') => fetch(`${server.issuer}/signin${query}`);
  const post = (form: Record<string, string>) =>
    fetch(`${server.issuer}/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });

  it('lists every demo user as a plain POST form, with protective headers', async () => {
    const res = await signin();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    for (const user of demoUsers) {
      expect(html).toContain(`value="${user.userId}"`);
      expect(html).toContain(user.email);
    }
    expect(html.match(/<form method="post" action="\/dev\/signin">/g)).toHaveLength(demoUsers.length);
    expect(html).not.toContain('<script');
  });

  it('escapes directory text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const directory: DemoDirectory = {
      tenants: [{ ...contosoDirect, name: `Evil "${evil}` }],
      users: [{ ...adminAgent, name: `Mallory ${evil}`, email: `m'@x.example` }],
    };
    const own = await startIdentityServer({ port: 0, audience, directory });
    try {
      const res = await fetch(`${own.issuer}/signin`);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).not.toMatch(/<script|<img/);
      expect(html).toContain('Mallory &#60;img src=x onerror=alert(1)&#62;');
      expect(html).toContain('m&#39;@x.example');
    } finally {
      await own.close();
    }
  });

  it('shows the token for copying', async () => {
    const admin = demoUsers.find((u) => u.email === 'admin@adatum.example')!;
    const res = await post({ userId: admin.userId });
    expect(res.status).toBe(200);
    const token = /<textarea[^>]*>([\w.-]+)<\/textarea>/.exec(await res.text())![1]!;
    const caller = await verifierFor().verify(`Bearer ${token}`);
    expect(caller).toMatchObject({ tenantId: admin.tenantId, wids: ['62e90394-69f5-4237-9190-012177145e10'] });
  });

  it('never puts a token in a URL: a returnTo (the old shortcut) is ignored, nothing redirects', async () => {
    const res = await post({ userId: adminAgent.userId, returnTo: '/app' });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('<textarea');
  });

  it('refuses an unknown user', async () => {
    expect((await post({ userId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
  });
});

describe('key persistence', () => {
  const issuer = 'http://localhost:7071/dev';

  it('verifies a token issued before a restart with the same key file, and not with a new key', async () => {
    const keyFile = join(dir, 'restart', 'key.json');
    const first = await startIdentityServer({ port: 0, issuer, audience, keyFile });
    const token = await first.devIssuer.issue(validRequest);
    const kid = first.devIssuer.jwks().keys[0]!.kid;
    await first.close();
    if (process.platform !== 'win32') expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

    const second = await startIdentityServer({ port: 0, issuer, audience, keyFile });
    const fresh = await startIdentityServer({ port: 0, issuer, audience });
    try {
      expect(second.devIssuer.jwks().keys[0]!.kid).toBe(kid);
      await expect(
        makeAccessTokenVerifier({ issuer, audience, jwksUri: second.jwksUri }).verify(`Bearer ${token}`),
      ).resolves.toMatchObject({
        userId: adminAgent.userId,
      });
      await expect(
        makeAccessTokenVerifier({ issuer, audience, jwksUri: fresh.jwksUri }).verify(`Bearer ${token}`),
      ).rejects.toMatchObject({
        code: 'unauthenticated',
      });
    } finally {
      await second.close();
      await fresh.close();
    }
  });

  it('settles on one key when two issuers start on a new key file at once', async () => {
    const keyFile = join(dir, 'race', 'key.json');
    const issuers = await Promise.all([1, 2, 3].map(() => createDevIssuer({ issuer, audience, keyFile })));
    expect(new Set(issuers.map((i) => i.jwks().keys[0]!.kid)).size).toBe(1);
  });

  it('refuses a corrupt key file instead of replacing it', async () => {
    const keyFile = join(dir, 'corrupt.json');
    await writeFile(keyFile, '{"kid":"x"}');
    await expect(createDevIssuer({ issuer, audience, keyFile })).rejects.toThrow(/not a valid RSA key file/);
    expect(await readFile(keyFile, 'utf8')).toBe('{"kid":"x"}');
  });
});
