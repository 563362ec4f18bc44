import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { adatumCorp, contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import { ENTRY, buildPackage, type PackageResult } from '../../infra/package/build.cjs';
import { call, repoRoot } from '../support/hostProcess';
import { ProductStack, startProductStack } from '../support/productStack';

/**
 * The deployment package (`npm run package`: an ES-module bundle whose functions load as chunks on
 * first call) is the app Azure runs, so it is run here too: the local host loads its `index.mjs` as
 * the Node worker loads package.json "main", with every stand-in, and an invitation goes through its
 * whole life. The tsc build runs every other e2e suite.
 */
let scratch: string;
let pkg: PackageResult;
let stack: ProductStack;
const find = (tenantId: string, pick: (u: DemoUser) => boolean) => demoUsers.find((u) => u.tenantId === tenantId && pick(u)) as DemoUser;
const api = (p: string) => `${stack.url}/api/${p}`;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'package-test-'));
  pkg = await buildPackage(repoRoot, { dir: path.join(scratch, 'package'), zip: path.join(scratch, 'package.zip') });
  stack = await startProductStack({}, { appDir: pkg.dir });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Every function and binding the app registers, as the local host's core records them. */
function registrations(entry: string): string {
  const core = path.join(repoRoot, 'dist/infra/local/host/coreApi.js');
  const script = `
    const { CoreApi, installCoreApi } = require(${JSON.stringify(core)});
    const core = new CoreApi(() => {});
    installCoreApi(core);
    const f = ${JSON.stringify(entry)};
    (f.endsWith('.mjs') ? import(require('node:url').pathToFileURL(f).href) : Promise.resolve(require(f))).then(() => {
      const fns = [...core.functions.values()].map((fn) => [fn.metadata.name, Object.values(fn.metadata.bindings).map((b) => JSON.stringify(b)).sort()]);
      process.stdout.write(JSON.stringify(fns.sort()));
    });`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout;
}

test('the package registers exactly what the tsc build registers', () => {
  const bundled = registrations(pkg.entry);
  expect(JSON.parse(bundled).length).toBeGreaterThan(30);
  expect(bundled).toBe(registrations(path.join(repoRoot, 'dist/functions/index.js')));
});

test('the entry and what it imports statically hold the registration code only', () => {
  const outputs: Metafile['outputs'] = pkg.metafile.outputs;
  const [entryKey] = Object.entries(outputs).find(([, o]) => o.entryPoint === ENTRY) ?? [];
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of outputs[key]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entryKey as string);
  const inputs = [...seen].flatMap((k) => Object.keys(outputs[k]?.inputs ?? {}));
  const packages = new Set(inputs.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
  expect([...packages].sort()).toEqual(['@azure/functions', '@azure/functions-extensions-base', 'cookie']);
  const app = inputs.filter((f) => !f.includes('node_modules/') && !/^functions\/(index|register|names|[^/]+\/[^/]+\.index)\.ts$/.test(f));
  expect(app.sort()).toEqual(['shared/http/apiVersion.ts', 'shared/http/errors.ts', 'shared/http/handler.ts', 'shared/http/problem.ts', 'shared/sweepSchedule.ts']);
});

test('zod is tree-shaken: no locale but English', () => {
  const inputs = Object.values(pkg.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
  expect(inputs.some((f) => f.includes('zod/v4/classic/'))).toBe(true);
  expect(inputs.filter((f) => /zod\/v4\/locales\/(?!en\.js)/.test(f))).toEqual([]);
});

test('through the package: health, the OpenAPI document, and an invitation from creation to recorded grant', async () => {
  expect((await call(api('health'))).status).toBe(200);
  const doc = await call(api('openapi.json'));
  expect(doc.status).toBe(200);
  expect(Object.keys(doc.body.paths).length).toBeGreaterThan(20);

  const inviter = find(contosoDirect.tenantId, (u) => (u.roles as readonly string[] | undefined)?.includes('GlobalAdmin') ?? false);
  const partner = await stack.bearer(inviter);
  const customerAdmin = await stack.bearer(find(adatumCorp.tenantId, (u) => (u.wids?.length ?? 0) > 0));
  expect((await call(api('partner'), { method: 'PUT', json: { name: 'Contoso Direct', kind: 'direct', mpnId: '1000001', country: 'US', cloud: 'public' }, headers: partner })).status).toBe(200);

  const created = await call(api('invitations'), { json: { recipientEmail: 'admin@adatum.example', delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P60D', autoExtend: true } }, headers: partner });
  expect(created.status).toBe(202);
  const id = created.body.id as string;
  const mail = await stack.until('the invitation email', async () => (await stack.inbox('admin@adatum.example')).find((m) => m.links.some((l) => l.includes(`/invite/${id}`))));
  const link = new URL(mail.links.find((l) => l.includes(`/invite/${id}`)) as string);
  const page = await fetch(link.origin + link.pathname);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Contoso Direct');

  const token = link.hash.replace(/^#t=/, '');
  const accepted = await call(api(`invitations/${id}/accept`), { json: { token, acceptCustomerAgreement: true, companyName: 'Adatum Corp' }, headers: customerAdmin });
  expect(accepted.status).toBe(200);
  const customer = await stack.until('the customer with its grant', async () => {
    const c = await call(api(`customers/${adatumCorp.tenantId}`), { headers: partner });
    return c.status === 200 && JSON.stringify(c.body).includes(HELPDESK_ADMINISTRATOR) ? c.body : undefined;
  });
  expect(JSON.stringify(customer)).toContain(id);
  const detail = await call(api(`invitations/${id}`), { headers: partner });
  expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'emailed', 'accepted', 'recorded']);
  await stack.until('the confirmation to the inviter', async () => ((await stack.inbox(inviter.email)).some((m) => /accept/i.test(m.subject)) ? true : undefined));
  const done = await stack.until('the orchestration to finish', async () => {
    const s = await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`);
    return s.body.runtimeStatus === 'Completed' ? s.body : undefined;
  });
  expect(done.output).toBe('recorded');
});
