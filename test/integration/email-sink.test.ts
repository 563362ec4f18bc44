// The local ACS Email stand-in driven by the real EmailClient: if the SDK is happy, the app is.
import { randomBytes, randomUUID } from 'node:crypto';
import { EmailClient, type EmailClientOptions, type EmailMessage } from '@azure/communication-email';
import { signRequest } from '../../infra/local/email/hmac';
import { startEmailSinkServer, type EmailSinkServer } from '../../infra/local/email/server';

const accessKey = randomBytes(32).toString('base64');
let server: EmailSinkServer;

beforeAll(async () => {
  server = await startEmailSinkServer({ port: 0, accessKey });
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.sink.clearFaults();
  await fetch(new URL('dev/inbox/messages', server.url), { method: 'DELETE' });
});

function client(key = accessKey, options: EmailClientOptions = {}): EmailClient {
  return new EmailClient(`endpoint=${server.url};accesskey=${key}`, { allowInsecureConnection: true, ...options });
}

function message(to: string, overrides: Partial<EmailMessage['content']> = {}): EmailMessage {
  return {
    senderAddress: 'DoNotReply@reseller-connect.local',
    content: { subject: 'You are invited', plainText: 'Hello', ...overrides },
    recipients: { to: [{ address: to, displayName: 'Customer Admin' }] },
  };
}

async function send(email: EmailMessage, operationId = randomUUID(), emailClient = client()) {
  const poller = await emailClient.beginSend(email, { operationId, updateIntervalInMs: 10 });
  return poller.pollUntilDone();
}

async function inbox(to?: string): Promise<Array<Record<string, unknown>>> {
  const url = new URL('dev/inbox/messages', server.url);
  if (to) url.searchParams.set('to', to);
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as Array<Record<string, unknown>>;
}

function sendUrl(): string {
  return new URL('./emails:send?api-version=2025-09-01', server.url).toString();
}

describe('email sink with the real EmailClient', () => {
  it('accepts a send, completes the operation and shows the message with its links', async () => {
    const operationId = randomUUID();
    const result = await send(
      message('admin@customer.test', {
        plainText: 'Accept here: https://app.test/invite#token=abc. Questions? https://app.test/help?a=1&b=2',
        html: '<p><a href="https://app.test/invite#token=abc">Accept</a> <a href="https://app.test/help?a=1&amp;b=2">Help</a> <a href="mailto:x@y.test">Mail</a> <a href="https://app.test/privacy">Privacy</a></p>',
      }),
      operationId,
    );

    expect(result).toEqual({ id: operationId, status: 'Succeeded', error: null });
    const [stored, ...rest] = await inbox('ADMIN@Customer.test');
    expect(rest).toHaveLength(0);
    expect(stored).toMatchObject({
      operationId,
      to: ['admin@customer.test'],
      subject: 'You are invited',
      text: expect.stringContaining('https://app.test/invite#token=abc'),
      html: expect.stringContaining('<a href='),
      // Text URLs first, then hrefs; duplicates and non-http links dropped; entities decoded.
      links: ['https://app.test/invite#token=abc', 'https://app.test/help?a=1&b=2', 'https://app.test/privacy'],
    });
    expect(new Date(stored?.receivedAt as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await inbox('someone-else@customer.test')).toEqual([]);
  });

  it('answers 202 with an absolute Operation-Location on the host the request reached', async () => {
    const operationId = randomUUID();
    const emailClient = client();
    const poller = await emailClient.beginSend(message('loc@customer.test'), { operationId });
    const state = poller.getOperationState() as unknown as { config: { operationLocation: string } };
    expect(state.config.operationLocation).toBe(`${server.url}emails/operations/${operationId}?api-version=2025-09-01`);
    await poller.pollUntilDone();
  });

  it('stores one message when the same operation id is sent twice', async () => {
    const operationId = randomUUID();
    const before = server.sink.sendCount();
    const first = await send(message('dup@customer.test', { subject: 'first' }), operationId);
    const second = await send(message('dup@customer.test', { subject: 'second' }), operationId);

    expect(second.id).toBe(first.id);
    expect(server.sink.sendCount() - before).toBe(1);
    const stored = await inbox('dup@customer.test');
    expect(stored.map((m) => m.subject)).toEqual(['first']);

    await send(message('dup@customer.test', { subject: 'third' }), randomUUID());
    expect(server.sink.sendCount() - before).toBe(2);
  });

  it('rejects a client signing with the wrong key with 401 and stores nothing', async () => {
    const before = server.sink.sendCount();
    const wrong = client(randomBytes(32).toString('base64'));
    await expect(send(message('wrongkey@customer.test'), randomUUID(), wrong)).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 401,
    });
    expect(server.sink.sendCount()).toBe(before);
    expect(await inbox('wrongkey@customer.test')).toEqual([]);
  });

  it('throttles with 429 + Retry-After: 1 and the SDK waits, retries and succeeds', async () => {
    const inject = await fetch(new URL('dev/email/faults', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 429, count: 1, retryAfterSeconds: 1 }),
    });
    expect(inject.status).toBe(200);
    expect(server.sink.pendingFaults()).toBe(1);

    const started = Date.now();
    const result = await send(message('throttled@customer.test'));
    const waited = Date.now() - started;

    expect(result.status).toBe('Succeeded');
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(server.sink.pendingFaults()).toBe(0);
    expect(await inbox('throttled@customer.test')).toHaveLength(1);
  });

  it('fails with 503 once and the SDK retries with back-off', async () => {
    server.sink.injectFaults({ status: 503, count: 1 });
    const started = Date.now();
    const result = await send(message('unavailable@customer.test'));

    expect(result.status).toBe('Succeeded');
    // The fault was consumed and a message stored: a second attempt happened. core-rest-pipeline's
    // first exponential back-off is 500–1000 ms (1 s base, half of it jittered).
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(server.sink.pendingFaults()).toBe(0);
    expect(await inbox('unavailable@customer.test')).toHaveLength(1);
  });

  it('surfaces a 500 that outlasts the retries, stores nothing, then recovers', async () => {
    const impatient = client(accessKey, { retryOptions: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 10 } });
    server.sink.injectFaults({ status: 500, count: 3 });
    await expect(send(message('flaky@customer.test'), randomUUID(), impatient)).rejects.toMatchObject({
      statusCode: 500,
    });
    expect(server.sink.pendingFaults()).toBe(0);
    expect(await inbox('flaky@customer.test')).toEqual([]);

    await send(message('flaky@customer.test'), randomUUID(), impatient);
    expect(await inbox('flaky@customer.test')).toHaveLength(1);
  });

  it('rejects a message without recipients with an ACS-shaped 400', async () => {
    const email = { ...message('x@customer.test'), recipients: { to: [] } };
    const error = await send(email).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect(server.sink.messages()).toEqual([]);
  });
});

describe('email sink raw protocol', () => {
  const body = JSON.stringify(message('raw@customer.test'));

  it('accepts a correctly signed raw request (control for the 401 cases)', async () => {
    const res = await fetch(sendUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest({ accessKey, method: 'POST', url: sendUrl(), body }),
      },
      body,
    });
    expect(res.status).toBe(202);
    const json = (await res.json()) as { id: string; status: string };
    expect(json.status).toBe('Running');
    expect(res.headers.get('operation-id')).toBe(json.id);
    expect(res.headers.get('retry-after')).toBe('0');
  });

  it('rejects a body that does not match x-ms-content-sha256 with 401', async () => {
    const tampered = body.replace('raw@customer.test', 'attacker@evil.test');
    const res = await fetch(sendUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest({ accessKey, method: 'POST', url: sendUrl(), body }),
      },
      body: tampered,
    });
    expect(res.status).toBe(401);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.message).toContain('x-ms-content-sha256');
    expect(server.sink.messages()).toEqual([]);
  });

  it('rejects a recomputed body hash that the signature does not cover with 401', async () => {
    const tampered = body.replace('raw@customer.test', 'attacker@evil.test');
    const signedOriginal = signRequest({ accessKey, method: 'POST', url: sendUrl(), body });
    const signedTampered = signRequest({ accessKey, method: 'POST', url: sendUrl(), body: tampered });
    const res = await fetch(sendUrl(), {
      method: 'POST',
      headers: { ...signedOriginal, 'x-ms-content-sha256': signedTampered['x-ms-content-sha256'] ?? '' },
      body: tampered,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('Signature mismatch');
  });

  it('rejects a stale x-ms-date and an unsigned request with 401', async () => {
    const stale = signRequest({
      accessKey,
      method: 'POST',
      url: sendUrl(),
      body,
      date: new Date(Date.now() - 20 * 60_000),
    });
    const staleRes = await fetch(sendUrl(), { method: 'POST', headers: stale, body });
    expect(staleRes.status).toBe(401);
    expect(((await staleRes.json()) as { error: { message: string } }).error.message).toContain('clock skew');

    const unsigned = await fetch(sendUrl(), { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(server.sink.messages()).toEqual([]);
  });

  it('answers 400 for an invalid body, naming the field without echoing content', async () => {
    const bad = JSON.stringify({
      senderAddress: 'DoNotReply@reseller-connect.local',
      recipients: { to: [{ address: 'a@b.test' }] },
      content: { subject: 'secret-subject' },
    });
    const res = await fetch(sendUrl(), {
      method: 'POST',
      headers: signRequest({ accessKey, method: 'POST', url: sendUrl(), body: bad }),
      body: bad,
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('BadRequest');
    expect(json.error.message).toContain('plainText or html');
    expect(json.error.message).not.toContain('secret-subject');

    const notJson = 'not json';
    const res2 = await fetch(sendUrl(), {
      method: 'POST',
      headers: signRequest({ accessKey, method: 'POST', url: sendUrl(), body: notJson }),
      body: notJson,
    });
    expect(res2.status).toBe(400);
  });

  it('signs the status route too: 404 for an unknown id, 401 unsigned', async () => {
    const statusUrl = new URL(`emails/operations/${randomUUID()}?api-version=2025-09-01`, server.url).toString();
    const unknown = await fetch(statusUrl, { headers: signRequest({ accessKey, method: 'GET', url: statusUrl }) });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NotFound');

    const unsigned = await fetch(statusUrl);
    expect(unsigned.status).toBe(401);
  });
});
