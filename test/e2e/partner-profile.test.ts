// The partner profile through HTTP on the embedded host: tokens from the dev issuer, the role
// matrix, validation, tenant isolation, problem+json errors and the OpenAPI document.
import { readFileSync } from 'node:fs';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { contosoDirect, demoOperator, demoUsers, fabrikamDistribution } from '../../infra/local/identity/demoDirectory';
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
  return identity.devIssuer.issue({
    tenantId: u.tenantId,
    userId: u.userId,
    email: u.email,
    roles: [...(u.roles ?? [])],
    wids: [...(u.wids ?? [])],
  });
}
const api = (p: string): string => `${host.url}/api${p}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const profile = { name: 'Contoso Direct', kind: 'direct', mpnId: '1000001', country: 'us', cloud: 'public' };

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    code: expect.any(String),
  });
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
      PROGRAM_OPERATOR_TENANT_ID: demoOperator.tenantId,
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

const operator = async () =>
  bearer(
    await identity.devIssuer.issue({
      tenantId: demoOperator.tenantId,
      userId: demoOperator.userId,
      email: demoOperator.email,
      roles: ['ProgramAdmin'],
    }),
  );
const enrol = async (tenantId: string, body: unknown) =>
  call(api(`/program/partners/${tenantId}`), { method: 'PUT', headers: await operator(), json: body });

describe('the partner profile', () => {
  it('is 403 partner_not_enrolled before the program enrols the tenant, whatever roles the token carries', async () => {
    const res = await call(api('/partner'), { headers: bearer(await tokenOf(contosoDirect.tenantId, 'GlobalAdmin')) });
    expectProblem(res, 403, 'partner_not_enrolled');
  });

  it('cannot be set by the partner itself: PUT answers 405 (Allow: GET, PATCH) and stores nothing', async () => {
    const token = await tokenOf(contosoDirect.tenantId, 'GlobalAdmin');
    const put = await call(api('/partner'), { method: 'PUT', headers: bearer(token), json: profile });
    expectProblem(put, 405, 'method_not_allowed');
    expect(put.headers.get('allow')).toBe('GET, PATCH');
    expect(put.body.detail).toContain('/api/enrolment-requests');
    expectProblem(await call(api('/partner'), { headers: bearer(token) }), 403, 'partner_not_enrolled');
  });

  it('is what the operator enrolled, read back by the partner', async () => {
    const put = await enrol(contosoDirect.tenantId, profile);
    const expected = { ...profile, country: 'US', tenantId: contosoDirect.tenantId, status: 'active' };
    expect(put.status).toBe(201);
    expect(put.body).toEqual(expected);
    const get = await call(api('/partner'), { headers: bearer(await tokenOf(contosoDirect.tenantId, 'GlobalAdmin')) });
    expect(get.status).toBe(200);
    expect(get.body).toEqual(expected);
    expect(get.headers.get('etag')).toBe(put.headers.get('etag'));
    expect(get.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('takes contact details from the partner (Global admin, User management admin), nothing else', async () => {
    const ga = bearer(await tokenOf(contosoDirect.tenantId, 'GlobalAdmin'));
    const patch = await call(api('/partner'), {
      method: 'PATCH',
      headers: ga,
      json: { notificationContacts: ['alerts@contoso-direct.example'], supportPhone: '+1 425 555 0100' },
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({
      name: 'Contoso Direct',
      notificationContacts: ['alerts@contoso-direct.example'],
      supportPhone: '+1 425 555 0100',
    });
    const uma = bearer(await tokenOf(contosoDirect.tenantId, 'UserManagementAdmin'));
    expect(
      (
        await call(api('/partner'), {
          method: 'PATCH',
          headers: uma,
          json: { supportEmail: 'help@contoso-direct.example' },
        })
      ).status,
    ).toBe(200);
    const sales = bearer(await tokenOf(contosoDirect.tenantId, 'SalesAgent'));
    expectProblem(
      await call(api('/partner'), { method: 'PATCH', headers: sales, json: { supportEmail: 'x@evil.example' } }),
      403,
      'forbidden',
    );
    for (const body of [{ name: 'Hijacked' }, { mpnId: '1000002' }, { kind: 'indirectProvider' }, {}]) {
      expectProblem(await call(api('/partner'), { method: 'PATCH', headers: ga, json: body }), 400, 'bad_request');
    }
    expectProblem(
      await call(api('/partner'), {
        method: 'PATCH',
        headers: { ...ga, 'if-match': '"stale"' },
        json: { supportEmail: 'a@b.example' },
      }),
      412,
      'precondition_failed',
    );
    const get = await call(api('/partner'), { headers: ga });
    expect(get.body).toMatchObject({
      name: 'Contoso Direct',
      kind: 'direct',
      mpnId: '1000001',
      supportEmail: 'help@contoso-direct.example',
    });
  });

  it.each([
    ['an unknown kind', { ...profile, kind: 'distributor' }],
    ['a missing field', { name: 'X', kind: 'direct', country: 'US', cloud: 'public' }],
    ['an extra field (tenantId is never taken from the body)', { ...profile, tenantId: fabrikamDistribution.tenantId }],
    ['a name with a right-to-left override', { ...profile, mpnId: '1000002', name: 'Contoso\u202Etcerid' }],
    ['a name with a control character', { ...profile, mpnId: '1000002', name: 'Contoso\u0007' }],
    ['a name with a lone surrogate', { ...profile, mpnId: '1000002', name: 'Contoso\uD800' }],
    ['a non-object', [1, 2, 3]],
  ])('the operator is refused %s with 400 problem+json, and nothing is stored', async (_what, body) => {
    expectProblem(await enrol(fabrikamDistribution.tenantId, body), 400, 'bad_request');
    expectProblem(
      await call(api('/partner'), { headers: bearer(await tokenOf(fabrikamDistribution.tenantId, 'GlobalAdmin')) }),
      403,
      'partner_not_enrolled',
    );
  });

  it('rejects malformed JSON and a non-JSON body with problem+json', async () => {
    const headers = { ...(await operator()), 'content-type': 'application/json' };
    expectProblem(
      await call(api(`/program/partners/${fabrikamDistribution.tenantId}`), {
        method: 'PUT',
        headers,
        body: '{"name":',
      }),
      400,
      'bad_request',
    );
    const text = await call(api(`/program/partners/${fabrikamDistribution.tenantId}`), {
      method: 'PUT',
      headers: { ...(await operator()), 'content-type': 'text/plain' },
      body: 'hi',
    });
    expectProblem(text, 415, 'unsupported_media_type');
  });

  it("shows another tenant's user only their own profile, never the first tenant's", async () => {
    const other = await tokenOf(fabrikamDistribution.tenantId, 'GlobalAdmin');
    const res = await call(api('/partner'), { headers: bearer(other) });
    expectProblem(res, 403, 'partner_not_enrolled');
    expect(JSON.stringify(res.body)).not.toContain('Contoso');
    const own = { ...profile, name: 'Fabrikam Distribution', kind: 'indirectProvider', mpnId: '1000002' };
    expect((await enrol(fabrikamDistribution.tenantId, own)).status).toBe(201);
    const mine = await call(api('/partner'), { headers: bearer(other) });
    expect(mine.body).toMatchObject({ tenantId: fabrikamDistribution.tenantId, name: 'Fabrikam Distribution' });
    const first = await call(api('/partner'), {
      headers: bearer(await tokenOf(contosoDirect.tenantId, 'GlobalAdmin')),
    });
    expect(first.body).toMatchObject({ tenantId: contosoDirect.tenantId, name: 'Contoso Direct' });
  });
});

describe('the local host', () => {
  // /dev/* mints tokens and shows every invitation link without authentication: loopback only.
  it('listens on loopback only (HOST unset), as the kernel table of listening sockets shows', async () => {
    const port = Number(new URL(host.url).port);
    const listening = ['/proc/net/tcp', '/proc/net/tcp6']
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1))
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && Number.parseInt(cols[1]?.split(':')[1] ?? '', 16) === port)
      .map((cols) => cols[1]?.split(':')[0]);
    // 0100007F is 127.0.0.1 in the kernel's little-endian hex; 00000000 would be every interface.
    expect(listening).toEqual(['0100007F']);
    expect((await call(api('/health'))).status).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  it('is served anonymously and lists /partner', async () => {
    const res = await call(api('/openapi.json'));
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths['/api/partner'] ?? {}).sort()).toEqual(['get', 'patch', 'put']);
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
    for (const q of [
      '?api-version=2020-01-01',
      '?api-version=',
      `?api-version=${API_VERSION}&api-version=${API_VERSION}`,
    ]) {
      const res = await call(api(`/partner${q}`));
      expectProblem(res, 400, 'unsupported_api_version');
      expect(res.body.detail).toContain(API_VERSION);
    }
  });
});
