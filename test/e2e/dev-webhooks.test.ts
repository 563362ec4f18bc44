// The dev webhook receiver on the stand-ins (infra/local/webhooks/devReceiver.ts), as `npm start`
// runs it: a partner subscribes the host's /dev/webhooks/receive (proxied to the stand-ins), gives
// it the secret, sends a test event; the page lists it marked verified; an arrival no known secret
// verifies is marked so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contosoDirect, demoOperator, demoUsers } from '../../infra/local/identity/demoDirectory';
import { type Standins, startStandins } from '../../infra/local/standins/standins';
import { enrolPartner } from '../support/enrolment';
import { call, freePort, type HostProcess, repoRoot, spawnHost } from '../support/hostProcess';

let standins: Standins;
let host: HostProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'rc-devhooks-'));
  const port = await freePort();
  const publicBaseUrl = `http://localhost:${port}`;
  standins = await startStandins({ dataDir, publicBaseUrl });
  host = await spawnHost({
    appDir: repoRoot,
    port,
    env: {
      ...standins.env,
      PUBLIC_BASE_URL: publicBaseUrl,
      INVITATION_TOKEN_SECRET: 'dev-webhooks-test-secret-0123456789abcdef',
    },
  });
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await standins?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function bearer(u: {
  tenantId: string;
  userId: string;
  email: string;
  roles?: readonly string[];
  wids?: readonly string[];
}): Promise<Record<string, string>> {
  const r = await call(`${standins.url}/dev/token`, {
    json: {
      tenantId: u.tenantId,
      userId: u.userId,
      email: u.email,
      roles: [...(u.roles ?? [])],
      wids: [...(u.wids ?? [])],
    },
  });
  if (r.status !== 200) throw new Error(`token ${r.status}`);
  return { authorization: `Bearer ${r.body.accessToken}` };
}

test('a test event arrives at /dev/webhooks marked verified; one no secret verifies is marked not verified', async () => {
  await enrolPartner(host.url, await bearer(demoOperator), contosoDirect);
  const admin = await bearer(
    demoUsers.find((u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin'))!,
  );
  const created = await call(`${host.url}/api/webhooks`, {
    headers: admin,
    json: { url: `${host.url}/dev/webhooks/receive`, events: ['invitation.created'] },
  });
  expect(created.status).toBe(201);
  expect((await call(`${standins.url}/dev/webhooks/secrets`, { json: { secret: created.body.secret } })).status).toBe(
    204,
  );
  const t = await call(`${host.url}/api/webhooks/${created.body.id}/test`, { method: 'POST', headers: admin });
  expect(t.status).toBe(202);
  let items: any[] = [];
  for (let i = 0; i < 100 && items.length === 0; i++) {
    await call(`${host.url}/dev/time/settle`, { method: 'POST' });
    items = (await call(`${standins.url}/dev/webhooks/messages`)).body;
    if (items.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ webhookId: t.body.eventIds[0], type: 'webhook.test', verified: true });
  // A forged arrival: a signature no known secret produced.
  await fetch(`${standins.url}/dev/webhooks/receive`, {
    method: 'POST',
    headers: {
      'webhook-id': 'evt_forged',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': 'v1,AAAA',
    },
    body: '{"type":"forged.event"}',
  });
  const after = (await call(`${standins.url}/dev/webhooks/messages`)).body as any[];
  expect(after.find((m) => m.webhookId === 'evt_forged')).toMatchObject({ verified: false });
  const page = await fetch(`${standins.url}/dev/webhooks`);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  const html = await page.text();
  expect(html).toContain('webhook.test');
  expect(html).toContain('signature verified');
  expect(html).toContain('not verified');
  // Through the host's /dev proxy as well, where a newcomer opens it.
  expect((await fetch(`${host.url}/dev/webhooks`)).status).toBe(200);
});
