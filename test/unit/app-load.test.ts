import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Importing the app registers its functions and reads no configuration: the worker loads the
 * entry before any setting is needed (and the bundle benchmark loads it with none at all), so a
 * store or config read at import time would crash the whole app on a missing unrelated key.
 */
test('the built app entry loads with an empty environment', () => {
  const entry = path.resolve(__dirname, '../../dist/functions/index.js');
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(entry)})`], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/Invalid configuration|Error:/);
  expect(r.status).toBe(0);
});

/**
 * A cold start runs the registration tables and @azure/functions only: each function's own module
 * (its schemas, stores, SDKs, durable-functions) loads on its first invocation (functions/register.ts).
 * An import added to a table, or to what the tables import, shows up here.
 */
test('loading the entry loads no function code', () => {
  const root = path.resolve(__dirname, '../..');
  const entry = path.join(root, 'dist/functions/index.js');
  const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
  expect(r.status).toBe(0);
  const loaded = (JSON.parse(r.stdout) as string[]).map((p) => path.relative(root, p).split(path.sep).join('/'));
  const packages = new Set(loaded.map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1]).filter(Boolean));
  expect([...packages].sort()).toEqual(['@azure/functions', '@azure/functions-extensions-base', 'cookie']);
  const appModules = loaded.filter((p) => !p.includes('node_modules/') && !/^dist\/functions\/(index|register|names|[^/]+\/[^/]+\.index)\.js$/.test(p));
  expect(appModules.sort()).toEqual(['dist/shared/http/apiVersion.js', 'dist/shared/http/errors.js', 'dist/shared/http/handler.js', 'dist/shared/http/problem.js', 'dist/shared/sweepSchedule.js']);
});
