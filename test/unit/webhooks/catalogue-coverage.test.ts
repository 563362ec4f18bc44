// Issue 16 asks for an end-to-end test of every event type through a real receiver verifying
// signatures. This keeps the catalogue and those tests together: each type must be named in an
// e2e suite that verifies deliveries with the reference library (verifyDelivery), so a new type
// without such a test fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eventTypes } from '../../../shared/webhooks/events';

test('every event type of the catalogue has an e2e test through a real receiver verifying signatures', () => {
  const dir = path.resolve(__dirname, '../../e2e');
  const suites = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .filter((text) => text.includes('verifyDelivery('));
  const untested = eventTypes.filter((t) => !suites.some((text) => text.includes(`'${t}'`)));
  expect(untested).toEqual([]);
});
