// The partner profile through HTTP on the embedded host: tokens from the dev issuer, the role
// matrix, validation, tenant isolation, problem+json errors and the OpenAPI document.
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { contosoDirect, demoUsers, fabrikamDistribution } from '../../infra/local/identity/demoDirectory';
import { type IdentityServer, startIdentityServer } from '../../infra/local/identity/server';
import { API_VERSION } from '../../shared/http/apiVersion';
import { call, type HostProcess, repoRoot, spawnHost, startCosmos } from '../support/hostProcess';

const audience = 'api://reseller-connect-test';
let cosmos: LocalCosmos;
let identity: IdentityServer;
let host: HostProcess;

const user = (tenantId: string, role: string) => {
  const u = demoUsers.find((d) => d.tenantId === tenantId && d.roles?.includes(role as never));
  if (!u) throw new Error(`no demo ${role} in ${tenantId}`);
  return u;
};
async function tokenOf(tenantId: string, role: string): Promise<string> {
  const u = user(tenantId, role);
  return identity.devIssuer.issue({ tenantId: u.tenantId, userId: u.userId, email: u.email, roles: [...(u.roles ?? [])], wids: [...(u.wids ?? [])] });
}
const api = (p: string): string => `${host.url}/api${p}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const profile = { name: 'Contoso Direct', kind: 'direct', mpnId: '1000001', country: 'us', cloud: 'public' };

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), code: expect.any(String) });
  if (code) expect(res.body.code).toBe(code);
}

beforeAll(async () => {
  const started = await startCosmos();
  cosmos = started.cosmos;
  identity = await startIdentityServer({ port: 0, audience });
  host = await spawnHost({
    appDir: repoRoot,
    env: {
      ...started.env,
      AUTH_ISSUER: identity.issuer,
      AUTH_AUDIENCE: audience,
      AUTH_JWKS_URI: identity.jwksUri,
      PUBLIC_BASE_URL: 'http://localhost:7071',
      ACS_CONNECTION_STRING: 'endpoint=http://127.0.0.1:1/;accesskey=AAAA',
      INVITATION_TOKEN_SECRET: 'local-test-secret-local-test-secret-0123',
    },
  });
});

afterAll(async () => {
  await host?.stop();
  await identity?.close();
  await cosmos?.close();
});

describe('authentication', () => {
  it('answers 401 problem+json with a Bearer challenge without a token', async () => {
    const res = await call(api('/partner'));
    expectProblem(res, 401, 'unauthenticated');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 to a malformed or foreign-signed token', async () => {
    expectProblem(await call(api('/partner'), { headers: bearer('not-a-jwt') }), 401, 'unauthenticated');
    const good = await tokenOf(contosoDirect.tenantId, 'GlobalAdmin');
    const [h, p] = good.split('.');
    expectProblem(await call(api('/partner'), { headers: bearer(`${h}.${p}.AAAA`) }), 401, 'unauthenticated');
  });
});

describe('the partner profile', () => {
  it('is 404 before it is set', async () => {
    const res = await call(api('/partner'), { headers: bearer(await tokenOf(contosoDirect.tenantId, 'GlobalAdmin')) });
    expectProblem(res, 404, 'not_found');
  });

  it('is set by a Global admin and read back', async () => {
    const token = await tokenOf(contosoDirect.tenantId, 'GlobalAdmin');
    const put = await call(api('/partner'), { method: 'PUT', headers: bearer(token), json: profile });
    const expected = { ...profile, country: 'US', tenantId: contosoDirect.tenantId };
    expect(put.status).toBe(200);
    expect(put.body).toEqual(expected);
    const get = await call(api('/partner'), { headers: bearer(token) });
    expect(get.status).toBe(200);
    expect(get.body).toEqual(expected);
    expect(get.headers.get('etag')).toBe(put.headers.get('etag'));
  });

  it('refuses a stale If-Match with 412', async () => {
    const token = await tokenOf(contosoDirect.tenantId, 'GlobalAdmin');
    const res = await call(api('/partner'), { method: 'PUT', headers: { ...bearer(token), 'if-match': '"stale"' }, json: profile });
    expectProblem(res, 412, 'precondition_failed');
  });

  it('can be read but not set by a Sales agent', async () => {
    const token = await tokenOf(contosoDirect.tenantId, 'SalesAgent');
    const put = await call(api('/partner'), { method: 'PUT', headers: bearer(token), json: { ...profile, name: 'Hijacked' } });
    expectProblem(put, 403, 'forbidden');
    const get = await call(api('/partner'), { headers: bearer(token) });
    expect(get.body.name).toBe('Contoso Direct');
  });

  it.each([
    ['an unknown kind', { ...profile, kind: 'distributor' }],
    ['a missing field', { name: 'X', kind: 'direct', country: 'US', cloud: 'public' }],
    ['an extra field (tenantId is never taken from the body)', { ...profile, tenantId: fabrikamDistribution.tenantId }],
    ['a non-object', [1, 2, 3]],
  ])('rejects %s with 400/422 problem+json and stores nothing', async (_what, body) => {
    const token = await tokenOf(fabrikamDistribution.tenantId, 'GlobalAdmin');
    const res = await call(api('/partner'), { method: 'PUT', headers: bearer(token), json: body });
    expect([400, 422]).toContain(res.status);
    expectProblem(res, res.status);
    expectProblem(await call(api('/partner'), { headers: bearer(token) }), 404, 'not_found');
  });

  it('rejects malformed JSON and a non-JSON body with problem+json', async () => {
    const token = await tokenOf(fabrikamDistribution.tenantId, 'GlobalAdmin');
    const headers = { ...bearer(token), 'content-type': 'application/json' };
    expectProblem(await call(api('/partner'), { method: 'PUT', headers, body: '{"name":' }), 400, 'bad_request');
    const text = await call(api('/partner'), { method: 'PUT', headers: { ...bearer(token), 'content-type': 'text/plain' }, body: 'hi' });
    expectProblem(text, 415, 'unsupported_media_type');
    expectProblem(await call(api('/partner'), { headers: bearer(token) }), 404, 'not_found');
  });

  it("shows another tenant's user only their own profile, never the first tenant's", async () => {
    const other = await tokenOf(fabrikamDistribution.tenantId, 'GlobalAdmin');
    const res = await call(api('/partner'), { headers: bearer(other) });
    expectProblem(res, 404, 'not_found');
    expect(JSON.stringify(res.body)).not.toContain('Contoso');
    const own = { ...profile, name: 'Fabrikam Distribution', kind: 'indirectProvider', mpnId: '1000002' };
    expect((await call(api('/partner'), { method: 'PUT', headers: bearer(other), json: own })).status).toBe(200);
    const mine = await call(api('/partner'), { headers: bearer(other) });
    expect(mine.body).toMatchObject({ tenantId: fabrikamDistribution.tenantId, name: 'Fabrikam Distribution' });
    const first = await call(api('/partner'), { headers: bearer(await tokenOf(contosoDirect.tenantId, 'GlobalAdmin')) });
    expect(first.body).toMatchObject({ tenantId: contosoDirect.tenantId, name: 'Contoso Direct' });
  });
});

describe('the OpenAPI document', () => {
  it('is served anonymously and lists /partner', async () => {
    const res = await call(api('/openapi.json'));
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths['/api/partner'] ?? {}).sort()).toEqual(['get', 'put']);
  });
});

describe('the api-version query parameter', () => {
  it('is optional; the supported one is accepted; every response names the version that served it', async () => {
    const token = await tokenOf(contosoDirect.tenantId, 'GlobalAdmin');
    for (const q of ['', `?api-version=${API_VERSION}`]) {
      const res = await call(api(`/partner${q}`), { headers: bearer(token) });
      expect(res.status).toBe(200);
      expect(res.headers.get('api-version')).toBe(API_VERSION);
    }
    expectProblem(await call(api('/partner')), 401);
    expect((await call(api('/partner'))).headers.get('api-version')).toBe(API_VERSION);
  });

  it('refuses an unsupported or repeated version with 400 unsupported_api_version, before authentication', async () => {
    for (const q of ['?api-version=2020-01-01', '?api-version=', `?api-version=${API_VERSION}&api-version=${API_VERSION}`]) {
      const res = await call(api(`/partner${q}`));
      expectProblem(res, 400, 'unsupported_api_version');
      expect(res.body.detail).toContain(API_VERSION);
    }
  });
});
