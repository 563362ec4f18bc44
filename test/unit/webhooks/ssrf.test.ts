// The SSRF guard of webhook delivery (shared/webhooks/ssrf.ts): each refusal, through the same
// functions delivery uses; the resolver is injected where a name must resolve to a given address.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  addressRefusal,
  checkWebhookUrl,
  postWebhook,
  WEBHOOK_MAX_RESPONSE_BYTES,
  WEBHOOK_TIMEOUT_MS,
  WebhookRefused,
} from '../../../shared/webhooks/ssrf';

const refusalOf = (url: string, opts = {}): string | undefined => {
  try {
    checkWebhookUrl(url, opts);
    return undefined;
  } catch (e) {
    return (e as WebhookRefused).refusal;
  }
};

/** A resolver answering every name with the given addresses. */
const resolvesTo =
  (...addresses: string[]) =>
  (
    _h: string,
    _o: { all: true },
    cb: (err: NodeJS.ErrnoException | null, a: Array<{ address: string; family: number }>) => void,
  ) =>
    cb(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe('URL checks', () => {
  test.each([
    ['http://hooks.example.com/x', 'not_https'],
    ['ftp://hooks.example.com/x', 'not_https'],
    ['http://127.0.0.1:8080/x', 'not_https'], // http to loopback only with the local-dev setting
    ['https://user:pw@hooks.example.com/', 'credentials_in_url'],
    ['not a url', 'bad_url'],
    ['https://10.1.2.3/x', 'private_address'],
    ['https://172.16.0.1/x', 'private_address'],
    ['https://192.168.1.1/x', 'private_address'],
    ['https://100.64.0.1/x', 'private_address'],
    ['https://[fd12::1]/x', 'private_address'],
    ['https://127.0.0.1/x', 'loopback_address'],
    ['https://[::1]/x', 'loopback_address'],
    ['https://169.254.10.10/x', 'link_local_address'],
    ['https://[fe80::1]/x', 'link_local_address'],
    ['https://169.254.169.254/latest/meta-data', 'metadata_address'],
    ['https://168.63.129.16/machine', 'metadata_address'],
    ['https://[::ffff:10.0.0.1]/x', 'private_address'],
    ['https://0.0.0.0/x', 'reserved_address'],
    ['https://224.0.0.1/x', 'reserved_address'],
  ])('%s is refused: %s', (url, refusal) => {
    expect(refusalOf(url)).toBe(refusal);
  });

  test('public https is allowed; http and loopback only with the local-dev setting', () => {
    expect(refusalOf('https://hooks.example.com/x')).toBeUndefined();
    expect(refusalOf('https://8.8.8.8/x')).toBeUndefined();
    expect(refusalOf('http://127.0.0.1:8080/x', { allowLocalHttp: true })).toBeUndefined();
    expect(refusalOf('http://localhost:8080/x', { allowLocalHttp: true })).toBeUndefined();
    expect(refusalOf('http://hooks.example.com/x', { allowLocalHttp: true })).toBe('not_https');
    // Even locally, metadata and private addresses stay refused.
    expect(refusalOf('https://169.254.169.254/x', { allowLocalHttp: true })).toBe('metadata_address');
    expect(addressRefusal('10.0.0.1', { allowLocalHttp: true })).toBe('private_address');
  });
});

describe('resolved addresses (the request’s own lookup)', () => {
  test.each([
    [['10.0.0.5'], 'private_address'],
    [['93.184.216.34', '192.168.0.10'], 'private_address'], // any forbidden address refuses the host
    [['127.0.0.1'], 'loopback_address'],
    [['169.254.169.254'], 'metadata_address'],
    [['fe80::2'], 'link_local_address'],
  ])('a name resolving to %j is refused before connecting: %s', async (addresses, refusal) => {
    const out = await postWebhook('https://hooks.example.com/x', '{}', {}, { resolve: resolvesTo(...addresses) });
    expect(out).toMatchObject({ kind: 'refused', refusal });
  });

  test('a name that does not resolve is refused', async () => {
    const out = await postWebhook(
      'https://hooks.example.com/x',
      '{}',
      {},
      { resolve: (_h, _o, cb) => cb(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []) },
    );
    expect(out).toMatchObject({ kind: 'refused', refusal: 'unresolvable' });
  });
});

describe('the request itself', () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect') return void res.writeHead(302, { location: '/target' }).end();
      if (req.url === '/slow') return; // never answers
      if (req.url === '/busy') return void res.writeHead(503, { 'retry-after': '30' }).end();
      if (req.url === '/big') {
        res.writeHead(200);
        const chunk = Buffer.alloc(16 * 1024, 'a');
        let sent = 0;
        const push = (): void => {
          while (sent < 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', push);
          }
          res.end();
        };
        return push();
      }
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('defaults: 15 s timeout, 64 KB read', () => {
    expect(WEBHOOK_TIMEOUT_MS).toBe(15_000);
    expect(WEBHOOK_MAX_RESPONSE_BYTES).toBe(65_536);
  });

  test('a redirect is not followed: the 302 is the answer (a failure)', async () => {
    hits.length = 0;
    const out = await postWebhook(`${base}/redirect`, '{}', {}, { allowLocalHttp: true });
    expect(out).toMatchObject({ kind: 'answered', status: 302 });
    expect(hits).toEqual(['/redirect']);
  });

  test("a receiver's Retry-After (seconds) is reported for the backoff to honour", async () => {
    expect(await postWebhook(`${base}/busy`, '{}', {}, { allowLocalHttp: true })).toMatchObject({
      kind: 'answered',
      status: 503,
      retryAfterSeconds: 30,
    });
  });

  test('a receiver that does not answer times out', async () => {
    const out = await postWebhook(`${base}/slow`, '{}', {}, { allowLocalHttp: true, timeoutMs: 300 });
    expect(out.kind).toBe('timeout');
  });

  test('at most 64 KB of a response is read', async () => {
    const out = await postWebhook(`${base}/big`, '{}', {}, { allowLocalHttp: true });
    expect(out).toMatchObject({ kind: 'answered', status: 200 });
    expect((out as { bytesRead: number }).bytesRead).toBeLessThanOrEqual(WEBHOOK_MAX_RESPONSE_BYTES);
    expect((out as { bytesRead: number }).bytesRead).toBeGreaterThan(0);
  });

  test('loopback without the local-dev setting is refused, and nothing is sent', async () => {
    hits.length = 0;
    const out = await postWebhook(`${base}/ok`, '{}', {});
    expect(out).toMatchObject({ kind: 'refused', refusal: 'not_https' });
    const viaName = await postWebhook('https://hooks.example.com/ok', '{}', {}, { resolve: resolvesTo('127.0.0.1') });
    expect(viaName).toMatchObject({ kind: 'refused', refusal: 'loopback_address' });
    expect(hits).toEqual([]);
  });
});
