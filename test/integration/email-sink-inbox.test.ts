// The dev inbox, the fault routes, persistence and mounting of the local ACS Email stand-in.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmailClient, type EmailMessage } from '@azure/communication-email';
import { createEmailSink, type EmailSink } from '../../infra/local/email/emailSink';
import { startEmailSinkServer, type EmailSinkServer } from '../../infra/local/email/server';

const accessKey = randomBytes(32).toString('base64');

function emailTo(to: string, content: Partial<EmailMessage['content']> = {}): EmailMessage {
  return {
    senderAddress: 'DoNotReply@reseller-connect.local',
    content: { subject: 'Invitation', plainText: 'Hello', ...content },
    recipients: { to: [{ address: to }] },
  };
}

async function send(url: string, email: EmailMessage, operationId = randomUUID()) {
  const client = new EmailClient(`endpoint=${url};accesskey=${accessKey}`, { allowInsecureConnection: true });
  const poller = await client.beginSend(email, { operationId, updateIntervalInMs: 10 });
  return poller.pollUntilDone();
}

describe('dev inbox', () => {
  let server: EmailSinkServer;
  beforeAll(async () => {
    server = await startEmailSinkServer({ port: 0, accessKey });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await fetch(new URL('dev/inbox/messages', server.url), { method: 'DELETE' });
  });

  it('escapes mail content and makes every link clickable', async () => {
    await send(
      server.url,
      emailTo('victim@customer.test', {
        subject: '<script>alert("subject")</script>',
        plainText: 'Click https://app.test/accept?x=1&y=2 now <img src=x onerror=alert(1)>',
        html: '<p>Hi</p><script>alert("html")</script><a href="https://app.test/accept?x=1&amp;y=2">go</a>',
      }),
    );

    const res = await fetch(new URL('dev/inbox', server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();

    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('<a href="https://app.test/accept?x=1&amp;y=2" rel="noreferrer noopener">');
    // The HTML body is rendered only inside a sandboxed iframe, as an escaped attribute.
    expect(page).toMatch(/<iframe sandbox [^>]*srcdoc="&lt;p&gt;Hi&lt;\/p&gt;&lt;script&gt;/);
  });

  it('lists newest first and filters by recipient, case-insensitively', async () => {
    await send(server.url, emailTo('first@customer.test', { subject: 'older' }));
    await send(server.url, emailTo('second@customer.test', { subject: 'newer' }));

    const all = await (await fetch(new URL('dev/inbox', server.url))).text();
    expect(all.indexOf('newer')).toBeGreaterThan(-1);
    expect(all.indexOf('newer')).toBeLessThan(all.indexOf('older'));

    const filtered = await (await fetch(new URL('dev/inbox?to=FIRST%40customer.test', server.url))).text();
    expect(filtered).toContain('older');
    expect(filtered).not.toContain('newer');

    const json = (await (await fetch(new URL('dev/inbox/messages', server.url))).json()) as Array<{ subject: string }>;
    expect(json.map((m) => m.subject)).toEqual(['newer', 'older']);
  });

  it('clears messages without forgetting operation ids or the send count', async () => {
    const operationId = randomUUID();
    await send(server.url, emailTo('clear@customer.test'), operationId);
    const count = server.sink.sendCount();

    const cleared = await fetch(new URL('dev/inbox/messages', server.url), { method: 'DELETE' });
    expect(cleared.status).toBe(204);
    expect(server.sink.messages()).toEqual([]);

    // A retried send after the inbox was cleared is still the same operation, not a new mail.
    await send(server.url, emailTo('clear@customer.test'), operationId);
    expect(server.sink.messages()).toEqual([]);
    expect(server.sink.sendCount()).toBe(count);
  });

  it('manages faults over HTTP and refuses an invalid plan', async () => {
    const url = new URL('dev/email/faults', server.url);
    const bad = await fetch(url, { method: 'POST', body: JSON.stringify({ status: 418, count: 1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BadRequest');
    expect(server.sink.pendingFaults()).toBe(0);

    const ok = await fetch(url, { method: 'POST', body: JSON.stringify({ status: 503, count: 2 }) });
    expect(await ok.json()).toEqual({ pending: 2 });
    const cleared = await fetch(url, { method: 'DELETE' });
    expect(cleared.status).toBe(204);
    expect(server.sink.pendingFaults()).toBe(0);
  });

  it('answers unknown paths with 404 from the standalone server', async () => {
    const res = await fetch(new URL('nothing-here', server.url));
    expect(res.status).toBe(404);
  });
});

describe('persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'email-sink-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps messages and operation ids across a restart', async () => {
    const dataFile = join(dir, 'inbox.json');
    const operationId = randomUUID();
    const first = await startEmailSinkServer({ port: 0, accessKey, dataFile });
    await send(first.url, emailTo('persist@customer.test', { plainText: 'https://app.test/i/1' }), operationId);
    await first.close();

    const second = await startEmailSinkServer({ port: 0, accessKey, dataFile });
    try {
      expect(second.sink.messages({ to: 'persist@customer.test' })).toMatchObject([
        { operationId, links: ['https://app.test/i/1'] },
      ]);
      const again = await send(second.url, emailTo('persist@customer.test'), operationId);
      expect(again.id).toBe(operationId);
      expect(second.sink.sendCount()).toBe(0);
      expect(second.sink.messages()).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

describe('mounted in a bigger server', () => {
  let sink: EmailSink;
  let server: Server;
  let url: string;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    sink = createEmailSink({ accessKey, now: () => new Date(Date.now() + clockOffsetMs) });
    server = createServer((req, res) => {
      void sink.handle(req, res).then((handled) => {
        if (!handled) res.writeHead(418).end('host app');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    sink.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves its own routes and hands every other path back', async () => {
    expect((await fetch(new URL('dev/inbox', url))).status).toBe(200);
    const other = await fetch(new URL('api/health', url));
    expect(other.status).toBe(418);
    expect(await other.text()).toBe('host app');
    await send(url, emailTo('mounted@customer.test'));
    expect(sink.messages({ to: 'mounted@customer.test' })).toHaveLength(1);
  });

  it('rejects the SDK with 401 when the clocks are more than 15 minutes apart', async () => {
    clockOffsetMs = 16 * 60_000;
    try {
      await expect(send(url, emailTo('skew@customer.test'))).rejects.toMatchObject({ statusCode: 401 });
      expect(sink.messages({ to: 'skew@customer.test' })).toEqual([]);
    } finally {
      clockOffsetMs = 0;
    }
  });
});
