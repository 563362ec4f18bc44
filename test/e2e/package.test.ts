import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { ENTRY, buildPackage, type PackageResult } from '../../infra/package/build.cjs';
import { repoRoot } from '../support/hostProcess';
import { runInvitationLife } from '../support/invitationLife';
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
  const app = inputs.filter(
    (f) => !f.includes('node_modules/') && !/^functions\/(index|register|names|[^/]+\/[^/]+\.index)\.ts$/.test(f),
  );
  expect(app.sort()).toEqual([
    'shared/http/apiVersion.ts',
    'shared/http/errors.ts',
    'shared/http/handler.ts',
    'shared/http/problem.ts',
    'shared/orchestrationNames.ts',
    'shared/sweep/schedule.ts',
  ]);
});

test('zod is tree-shaken: no locale but English', () => {
  const inputs = Object.values(pkg.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
  expect(inputs.some((f) => f.includes('zod/v4/classic/'))).toBe(true);
  expect(inputs.filter((f) => /zod\/v4\/locales\/(?!en\.js)/.test(f))).toEqual([]);
});

test('through the package: health, the OpenAPI document, and an invitation from creation to recorded grant', async () => {
  await runInvitationLife(stack);
});
