// The stand-ins' env, used as the app will use it: the real EmailClient, jose through the JWKS, the Cosmos SDK.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmailClient } from '@azure/communication-email';
import { makeAccessTokenVerifier } from '../../shared/auth/verifyAccessToken';
import { loadConfig } from '../../shared/config';
import { signinSettings } from '../../shared/pages/signinSettings';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { contosoDirect, demoUsers } from '../../infra/local/identity/demoDirectory';
import { appEnv } from '../../infra/local/launcher/appEnv';
import { type Standins, startStandins } from '../../infra/local/standins/standins';

const publicBaseUrl = 'http://localhost:7071';
const adminAgent = demoUsers.find((u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('AdminAgent'))!;
let dataDir: string;
let standins: Standins;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'standins-'));
  standins = await startStandins({ dataDir, publicBaseUrl });
});
afterAll(async () => {
  await standins?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function mintToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenantId: adminAgent.tenantId,
      userId: adminAgent.userId,
      email: adminAgent.email,
      roles: ['AdminAgent'],
      tenantCountry: 'US',
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const jwksKids = async (uri: string): Promise<string[]> =>
  ((await (await fetch(uri)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

describe('startStandins', () => {
  it("with the launcher's app settings, gives every key the app configuration requires", () => {
    // An empty launcher env: nothing may come from whoever runs the tests.
    const env = appEnv({ standinsEnv: standins.env, baseUrl: publicBaseUrl, dataDir, env: {} });
    const config = loadConfig(env);
    // The invitation token secret is kept, so links already emailed stay valid after a restart.
    expect(
      appEnv({ standinsEnv: standins.env, baseUrl: publicBaseUrl, dataDir, env: {} }).INVITATION_TOKEN_SECRET,
    ).toBe(config.INVITATION_TOKEN_SECRET);
    expect(config.AUTH_ISSUER).toBe(`${publicBaseUrl}/dev`);
    expect(config.AUTH_JWKS_URI).toBe(`${standins.url}/dev/keys`);
    expect(config.EMAIL_QUOTA_PER_MINUTE).toBe(0);
    expect(config.EMAIL_QUOTA_PER_HOUR).toBe(0);
    expect(standins.env.DEV_UPSTREAM).toBe(standins.url);
    expect(standins.env.COSMOS_CA_CERT_FILE).toBe(join(dataDir, 'certs', 'cosmos-cert.pem'));
  });

  it('accepts mail from the real EmailClient through ACS_CONNECTION_STRING and shows it in the inbox', async () => {
    const client = new EmailClient(standins.env.ACS_CONNECTION_STRING!, { allowInsecureConnection: true });
    const to = `${randomUUID()}@customer.example`;
    const poller = await client.beginSend(
      {
        senderAddress: 'DoNotReply@reseller-connect.local',
        content: { subject: 'Hello', plainText: 'Open http://localhost:7071/x' },
        recipients: { to: [{ address: to }] },
      },
      { updateIntervalInMs: 10 },
    );
    expect((await poller.pollUntilDone()).status).toBe('Succeeded');
    const messages = (await (
      await fetch(`${standins.url}/dev/inbox/messages?to=${encodeURIComponent(to)}`)
    ).json()) as { subject: string }[];
    expect(messages.map((m) => m.subject)).toEqual(['Hello']);
    expect(existsSync(join(dataDir, 'inbox.json'))).toBe(true);
  });

  it('issues tokens that verify against AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URI', async () => {
    const { AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URI } = standins.env;
    const verifier = makeAccessTokenVerifier({
      issuer: AUTH_ISSUER!,
      audience: AUTH_AUDIENCE!,
      jwksUri: AUTH_JWKS_URI!,
    });
    const caller = await verifier.verify(`Bearer ${await mintToken(standins.url)}`);
    expect(caller).toMatchObject({ tenantId: adminAgent.tenantId, userId: adminAgent.userId, roles: ['AdminAgent'] });
  });

  it("lets the landing page sign in with the app's default sign-in settings, for a token this API accepts", async () => {
    const config = loadConfig(appEnv({ standinsEnv: standins.env, baseUrl: publicBaseUrl, dataDir, env: {} }));
    expect(config.SIGNIN_SCOPE.startsWith(`${config.AUTH_AUDIENCE}/`)).toBe(true);
    const s = signinSettings(config);
    const params = new URLSearchParams({
      client_id: s.clientId,
      redirect_uri: s.redirectUri,
      response_type: 'code',
      response_mode: 'fragment',
      scope: s.scope,
      state: 'x',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
    });
    // The authority is a path (/dev): the host forwards it to the stand-ins, which are asked directly here.
    const res = await fetch(`${standins.url}${s.authorizeUrl}?${params}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Dev sign-in');
  });

  it('serves Cosmos over TLS, trusted through the client agent with COSMOS_CA_CERT_FILE', async () => {
    const { COSMOS_ENDPOINT, COSMOS_KEY, COSMOS_CA_CERT_FILE } = standins.env;
    expect(COSMOS_ENDPOINT).toMatch(/^https:\/\/localhost:\d+\/$/);
    const client = createCosmosClient({ endpoint: COSMOS_ENDPOINT!, key: COSMOS_KEY, caCertFile: COSMOS_CA_CERT_FILE });
    const { database } = await client.databases.createIfNotExists({ id: 'standinstest' });
    expect(database.id).toBe('standinstest');
    client.dispose();
  });

  it('answers an unknown path with a JSON 404', async () => {
    const res = await fetch(`${standins.url}/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('not_found');
  });

  it('keeps the ACS key, the signing key and the inbox across a restart on the same data folder', async () => {
    const before = {
      key: /accesskey=(.+)$/.exec(standins.env.ACS_CONNECTION_STRING!)![1],
      kids: await jwksKids(standins.env.AUTH_JWKS_URI!),
    };
    await standins.close();
    standins = await startStandins({ dataDir, publicBaseUrl, localCosmos: false });
    expect(/accesskey=(.+)$/.exec(standins.env.ACS_CONNECTION_STRING!)![1]).toBe(before.key);
    expect(await jwksKids(standins.env.AUTH_JWKS_URI!)).toEqual(before.kids);
    expect(((await (await fetch(`${standins.url}/dev/inbox/messages`)).json()) as unknown[]).length).toBe(1);
    // Pointed at another Cosmos, the stand-ins leave COSMOS_* to the caller's environment.
    expect(Object.keys(standins.env).filter((k) => k.startsWith('COSMOS_'))).toEqual([]);
  });
});
