// The ACS EmailSender with the real EmailClient against the local ACS sink: delivery, dedupe by
// Operation-Id, 429 Retry-After waited out, failures thrown without the email's content, pacing;
// an accepted send is done (no status polling: test/integration/email-request-limits.test.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { startEmailSinkServer, type EmailSinkServer } from '../../infra/local/email/server';
import { createPacer, type PacerClock } from '../../shared/email/pacer';
import type { OutgoingEmail } from '../../shared/email/sender';
import { acsEmailSender, type AcsSenderOptions } from '../../shared/email/senderAcs';
import { connectionStringEndpoint, createEmailClient, isLoopbackHttp } from '../../shared/email/senderClient';

const accessKey = randomBytes(32).toString('base64');
let server: EmailSinkServer;
let connectionString: string;

beforeAll(async () => {
  server = await startEmailSinkServer({ port: 0, accessKey });
  connectionString = `endpoint=${server.url};accesskey=${accessKey}`;
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.sink.clearFaults();
});

const sender = (o: Partial<AcsSenderOptions> = {}) =>
  acsEmailSender(createEmailClient({ connectionString }), { senderAddress: 'DoNotReply@reseller-connect.local', ...o });

function email(to: string, operationId = randomUUID()): OutgoingEmail {
  const link = `https://app.example/invite/${randomUUID()}#t=${randomBytes(32).toString('base64url')}`;
  return {
    operationId,
    to,
    subject: 'You are invited',
    text: `Accept: ${link}`,
    html: `<p><a href="${link}">${link}</a></p>`,
  };
}

async function injectFaults(spec: {
  status: 429 | 500 | 503;
  count: number;
  retryAfterSeconds?: number;
}): Promise<void> {
  const res = await fetch(new URL('dev/email/faults', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(res.ok).toBe(true);
}

describe('ACS EmailSender on the email sink', () => {
  it('sends: the sink stores the message under the Operation-Id, text and HTML as given', async () => {
    const e = email('send@customer.test');
    expect(await sender().send(e)).toEqual({ outcome: 'sent' });
    const [stored, ...rest] = server.sink.messages({ to: 'send@customer.test' });
    expect(rest).toHaveLength(0);
    expect(stored).toMatchObject({
      operationId: e.operationId,
      to: ['send@customer.test'],
      subject: e.subject,
      text: e.text,
      html: e.html,
    });
  });

  it('the same Operation-Id from two processes is delivered once; the same process does not even resend', async () => {
    const e = email('dedupe@customer.test');
    const first = sender();
    const before = server.sink.sendCount();
    await first.send(e);
    expect(await sender().send(e)).toEqual({ outcome: 'sent' }); // another process: ACS drops the repeat
    expect(await first.send(e)).toEqual({ outcome: 'alreadySent' });
    expect(server.sink.sendCount() - before).toBe(1);
    expect(server.sink.messages({ to: 'dedupe@customer.test' })).toHaveLength(1);
  });

  it("wasAccepted reads the operation's status from ACS (GET /emails/operations/{id}) through the SDK: another process sees a send that went out", async () => {
    const e = email('lookup@customer.test');
    expect(await sender().wasAccepted(e.operationId)).toEqual({ outcome: 'notAccepted' });
    await sender().send(e);
    expect(await sender().wasAccepted(e.operationId)).toEqual({ outcome: 'accepted' });
    expect(server.sink.messages({ to: 'lookup@customer.test' })).toHaveLength(1);
  });

  it('a 429 with Retry-After is waited out by the SDK, then the send succeeds', async () => {
    await injectFaults({ status: 429, count: 2, retryAfterSeconds: 1 });
    const started = Date.now();
    expect(await sender().send(email('throttled@customer.test'))).toEqual({ outcome: 'sent' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(server.sink.pendingFaults()).toBe(0);
    expect(server.sink.messages({ to: 'throttled@customer.test' })).toHaveLength(1);
  });

  it("throttling that outlasts the SDK retries is a deferral with ACS's Retry-After, not a failure; the same Operation-Id goes through later", async () => {
    await injectFaults({ status: 429, count: 10, retryAfterSeconds: 0 });
    const e = email('refused@customer.test');
    expect(await sender().send(e)).toEqual({ outcome: 'deferred', retryAfterSeconds: 1 });
    expect(server.sink.messages({ to: 'refused@customer.test' })).toHaveLength(0);
    server.sink.clearFaults();
    expect(await sender().send(e)).toEqual({ outcome: 'sent' });
    expect(server.sink.messages({ to: 'refused@customer.test' })).toHaveLength(1);
  });

  it("an outage is still thrown (for the orchestrator's retries), naming no address or link", async () => {
    await injectFaults({ status: 503, count: 10, retryAfterSeconds: 0 });
    const e = email('outage@customer.test');
    const failure = await sender()
      .send(e)
      .then(
        () => undefined,
        (err: unknown) => err as Error & { statusCode?: number },
      );
    expect(failure).toBeInstanceOf(Error);
    expect(failure?.statusCode).toBe(503);
    expect(failure?.message).toContain(e.operationId);
    expect(`${failure?.message} ${failure?.stack}`).not.toMatch(/outage@|https:\/\/app\.example|#t=/);
    server.sink.clearFaults();
  });

  it('a quota used up for longer than the pacer may wait is a deferral for that long: nothing sent, no slot claimed', async () => {
    let now = 0;
    const clock: PacerClock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const pacer = createPacer([{ limit: 1, windowMs: 3_600_000 }], clock);
    const paced = sender({ pacer, maxPaceWaitMs: 120_000 });
    expect(await paced.send(email('quota@customer.test'))).toEqual({ outcome: 'sent' });
    now = 600_000;
    expect(await paced.send(email('quota@customer.test'))).toEqual({ outcome: 'deferred', retryAfterSeconds: 3000 });
    expect(server.sink.messages({ to: 'quota@customer.test' })).toHaveLength(1);
    // The deferral claimed no slot: once the hour is over, the next send goes at once.
    now = 3_600_000;
    expect(await paced.send(email('quota@customer.test'))).toEqual({ outcome: 'sent' });
    expect(now).toBe(3_600_000);
  });

  it('a send that outlives its bound is aborted and thrown', async () => {
    await injectFaults({ status: 429, count: 1, retryAfterSeconds: 30 });
    await expect(sender({ timeoutMs: 300 }).send(email('slow@customer.test'))).rejects.toThrow(/ACS send .* failed/);
  });

  it('paced: with 2 per minute, 5 sends go out at 0, 0, 60 s, 60 s and 120 s of (virtual) time', async () => {
    let now = 0;
    const clock: PacerClock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const paced = sender({ pacer: createPacer([{ limit: 2, windowMs: 60_000 }], clock), maxPaceWaitMs: Infinity });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await paced.send(email('paced@customer.test'));
      times.push(now);
    }
    expect(times).toEqual([0, 0, 60_000, 60_000, 120_000]);
    expect(server.sink.messages({ to: 'paced@customer.test' })).toHaveLength(5);
  });

  it('allows plain http to loopback only', () => {
    expect(isLoopbackHttp(connectionStringEndpoint(connectionString))).toBe(true);
    expect(isLoopbackHttp('http://localhost:7071/')).toBe(true);
    expect(isLoopbackHttp('http://acs.example.com/')).toBe(false);
    expect(isLoopbackHttp('http://127.0.0.1.example.com/')).toBe(false);
    expect(isLoopbackHttp('https://x.communication.azure.com/')).toBe(false);
    // In Azure: the endpoint with the user-assigned managed identity (no request made here).
    expect(() =>
      createEmailClient({
        endpoint: 'https://x.europe.communication.azure.com/',
        managedIdentityClientId: randomUUID(),
      }),
    ).not.toThrow();
  });
});
