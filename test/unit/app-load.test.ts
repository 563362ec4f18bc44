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
