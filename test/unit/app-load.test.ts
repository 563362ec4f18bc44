import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '../..');
/**
 * The app's sources compiled file by file (as tsc would, CommonJS, no bundling) into a folder
 * under .data/, so the test needs no `npm run build` and packages resolve as from dist/.
 */
const out = path.join(root, '.data/app-load');
const sources = ['functions', 'shared'].flatMap((dir) =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(root, dir, f)),
);

beforeAll(() => {
  buildSync({
    entryPoints: sources,
    outdir: out,
    outbase: root,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node22',
    logLevel: 'error',
  });
});

const entry = path.join(out, 'functions/index.js');

/**
 * Importing the app registers its functions and reads no configuration: the worker loads the
 * entry before any setting is needed (and the bundle benchmark loads it with none at all), so a
 * store or config read at import time would crash the whole app on a missing unrelated key.
 */
test('the app entry loads with an empty environment', () => {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(entry)})`], {
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
  });
  expect(r.stderr).not.toMatch(/Invalid configuration|Error:/);
  expect(r.status).toBe(0);
});

/**
 * A cold start runs the registration tables and @azure/functions only: each function's own module
 * (its schemas, stores, SDKs, durable-functions) loads on its first invocation (functions/register.ts).
 * An import added to a table, or to what the tables import, shows up here.
 */
test('loading the entry loads no function code', () => {
  const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
  expect(r.status).toBe(0);
  const loaded = (JSON.parse(r.stdout) as string[]).map((p) => path.relative(root, p).split(path.sep).join('/'));
  const packages = new Set(loaded.map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1]).filter(Boolean));
  expect([...packages].sort()).toEqual(['@azure/functions', '@azure/functions-extensions-base', 'cookie']);
  const app = loaded.filter((p) => p.startsWith('.data/app-load/')).map((p) => p.slice('.data/app-load/'.length));
  expect(app).toContain('functions/index.js');
  const appModules = app.filter((p) => !/^functions\/(index|register|names|[^/]+\/[^/]+\.index)\.js$/.test(p));
  expect(appModules.sort()).toEqual([
    'shared/http/apiVersion.js',
    'shared/http/errors.js',
    'shared/http/handler.js',
    'shared/http/problem.js',
    'shared/orchestrationNames.js',
    'shared/sweep/schedule.js',
  ]);
});
