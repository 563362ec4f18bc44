// The email sink's delivery reports are retried as Event Grid retries them (for a while, not a few
// tries): a host down for longer than the first few waits still gets its report, and a webhook that
// never answers is given up on at the end of the budget, with a log line.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDeliveryReporter } from '../../infra/local/email/deliveryReports';
import type { StoredMessage } from '../../infra/local/email/store';

let server: Server;
let url: string;
let failures = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(String(req.headers['aeg-delivery-count']));
      res.writeHead(failures-- > 0 ? 503 : 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/runtime/webhooks/eventgrid`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen.length = 0;
});

const message = {
  operationId: 'op-1',
  from: 'no-reply@local',
  to: ['a@customer.test'],
  cc: [],
  bcc: [],
} as unknown as StoredMessage;

/** Reports one message with millisecond waits and the given budget; the reporter and its log lines. */
async function reportOnce(giveUpAfterMs: number) {
  const lines: string[] = [];
  const reporter = createDeliveryReporter(
    () => new Date(),
    (l) => lines.push(l),
    { firstWaitMs: 5, maxWaitMs: 20, giveUpAfterMs },
  );
  reporter.reportTo(url);
  reporter.report(message);
  await reporter.idle();
  return { reporter, lines };
}

it('keeps trying past the first few failures (12 here: more than the 6 tries it used to give up after)', async () => {
  failures = 12;
  const { reporter, lines } = await reportOnce(5_000);
  expect(seen).toHaveLength(13);
  expect(seen.at(-1)).toBe('12');
  expect(reporter.delivered()).toBe(1);
  expect(lines).toEqual([]);
});

it('gives up when the budget is spent, and says so', async () => {
  failures = Number.POSITIVE_INFINITY;
  const { reporter, lines } = await reportOnce(300);
  expect(reporter.delivered()).toBe(0);
  expect(seen.length).toBeGreaterThan(6);
  expect(lines).toEqual([expect.stringMatching(/^\[email-sink\] delivery report .* not delivered after \d+ tries$/)]);
  failures = 0;
});
