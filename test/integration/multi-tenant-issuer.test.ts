// Entra's multi-tenant issuer: with `{tenantid}` in AUTH_ISSUER, a token is accepted when its iss
// is the template filled with its own tid, and refused otherwise (signed with the issuer's key).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jose } from '../../shared/auth/jose';
import { makeAccessTokenVerifier } from '../../shared/auth/verifyAccessToken';
import { adatumCorp, contosoDirect } from '../../infra/local/identity/demoDirectory';
import { type IdentityServer, startIdentityServer } from '../../infra/local/identity/server';

const audience = '11111111-2222-4333-8444-555555555555';
const template = 'https://login.example/{tenantid}/v2.0';
const issuerOf = (tid: string) => `https://login.example/${tid}/v2.0`;
let dir: string;
let server: IdentityServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'multi-tenant-'));
  server = await startIdentityServer({ port: 0, audience, keyFile: join(dir, 'key.json') });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function signed(claims: Record<string, unknown>): Promise<string> {
  const file = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8')) as {
    kid: string;
    privateJwk: Record<string, string>;
  };
  const key = await jose.importJWK({ ...file.privateJwk, alg: 'RS256' }, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const base = {
    aud: audience,
    oid: 'e0000000-0000-4000-8000-000000010001',
    email: 'admin@adatum.example',
    iat: now,
    nbf: now,
    exp: now + 600,
  };
  return new jose.SignJWT({ ...base, ...claims }).setProtectedHeader({ alg: 'RS256', kid: file.kid }).sign(key);
}

const verify = async (token: string) =>
  makeAccessTokenVerifier({ issuer: template, audience, jwksUri: server.jwksUri }).verify(`Bearer ${token}`);

describe('an issuer with {tenantid}', () => {
  it("accepts any tenant's token whose iss names its own tid", async () => {
    for (const tid of [adatumCorp.tenantId, contosoDirect.tenantId]) {
      await expect(verify(await signed({ tid, iss: issuerOf(tid) }))).resolves.toMatchObject({ tenantId: tid });
    }
  });

  it.each([
    ["another tenant's issuer", { tid: adatumCorp.tenantId, iss: issuerOf(contosoDirect.tenantId) }],
    ['the template itself', { tid: adatumCorp.tenantId, iss: template }],
    ['a tid that is not a GUID', { tid: 'x/../evil', iss: issuerOf('x/../evil') }],
    [
      'an upper-case tid (Entra writes them lower-case)',
      { tid: adatumCorp.tenantId.toUpperCase(), iss: issuerOf(adatumCorp.tenantId.toUpperCase()) },
    ],
    ['no tid', { iss: issuerOf(adatumCorp.tenantId) }],
    ['another host', { tid: adatumCorp.tenantId, iss: `https://evil.example/${adatumCorp.tenantId}/v2.0` }],
  ])('refuses %s', async (_what, claims) => {
    await expect(verify(await signed(claims))).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('still checks the audience', async () => {
    const token = await signed({
      tid: adatumCorp.tenantId,
      iss: issuerOf(adatumCorp.tenantId),
      aud: 'api://someone-else',
    });
    await expect(verify(token)).rejects.toMatchObject({
      code: 'unauthenticated',
      detail: 'The access token was not issued for this service.',
    });
  });
});
