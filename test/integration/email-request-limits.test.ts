// The ACS sender within the Azure-managed domain's documented rate limits (shared/email/acsLimits.ts):
// every HTTP request the real EmailClient sends is counted, the local sink enforces the same limits
// (429 + Retry-After past them), and the pacer keeps every kind of request under them.
import { randomBytes, randomUUID } from 'node:crypto';
import { startEmailSinkServer, type EmailSinkServer } from '../../infra/local/email/server';
import { createRequestLimiter } from '../../infra/local/email/rateLimits';
import { acsEmailLimits, requestsPerSend, sendQuota, type AcsEmailLimits } from '../../shared/email/acsLimits';
import { createPacer, quotaWindows, type PacerClock } from '../../shared/email/pacer';
import type { OutgoingEmail } from '../../shared/email/sender';
import { acsEmailSender } from '../../shared/email/senderAcs';
import { createEmailClient } from '../../shared/email/senderClient';

const limits: AcsEmailLimits = acsEmailLimits.azureManaged;
const accessKey = randomBytes(32).toString('base64');
let server: EmailSinkServer;
// The limits' clock (virtual: the pacer's sleeps move it); the signature check keeps the real one.
let now = 0;
const clock: PacerClock = { now: () => now, sleep: async (ms) => void (now += ms) };

beforeAll(async () => {
  // Operations answer Running on their first three status reads, as ACS does while it delivers: a
  // sender that polled until done would read the status four times a send.
  server = await startEmailSinkServer({ port: 0, accessKey, limits, limitsNow: () => now, runningReads: 3 });
});
afterAll(async () => {
  await server.close();
});

/** A client whose every request is recorded with its kind and the virtual time it went out at. */
function countedClient() {
  const requests: { kind: string; at: number }[] = [];
  const client = createEmailClient({
    connectionString: `endpoint=${server.url};accesskey=${accessKey}`,
    onRequest: (kind) => requests.push({ kind, at: now }),
  });
  return { client, requests };
}

function email(): OutgoingEmail {
  return {
    operationId: randomUUID(),
    to: 'limits@customer.test',
    subject: 'You are invited',
    text: 'Accept: https://app.example/invite/x',
    html: '<p>Accept</p>',
  };
}

/** The most requests of a kind in any window of `ms` ending at a request. */
function busiest(requests: { kind: string; at: number }[], kind: string, ms: number): number {
  const times = requests.filter((r) => r.kind === kind).map((r) => r.at);
  return Math.max(0, ...times.map((t) => times.filter((u) => u > t - ms && u <= t).length));
}

describe('ACS requests within the Azure-managed domain limits', () => {
  it('derives the sends a minute and an hour from every kind of request one send makes', () => {
    expect(requestsPerSend).toEqual({ send: 1, status: 1 });
    expect(sendQuota(acsEmailLimits.azureManaged)).toEqual({ perMinute: 5, perHour: 10 });
    expect(sendQuota(acsEmailLimits.customDomain)).toEqual({ perMinute: 30, perHour: 100 });
    // Were a send to read its status three times (a poll every second), the status limit would bind first.
    expect(Math.floor(limits.status.perHour / 3)).toBeLessThan(limits.send.perHour);
  });

  it('the sink enforces the limits when told to: the sixth send within a minute gets 429 with Retry-After', () => {
    let t = 0;
    const limiter = createRequestLimiter(limits, () => t);
    for (let i = 0; i < 5; i++) expect(limiter.admit('send')).toBeUndefined();
    expect(limiter.admit('send')).toBe(60);
    t = 60_000;
    for (let i = 0; i < 4; i++) expect(limiter.admit('send')).toBeUndefined();
    // Ten in the hour (the refused one counts too): the hour window binds now.
    expect(limiter.admit('send')).toBe(3540);
    expect(limiter.refused()).toEqual({ send: 2, status: 0 });
  });

  it('paced at sendQuota, 11 sends make one POST and one status read each, never over a limit, never throttled', async () => {
    const { client, requests } = countedClient();
    const before = server.sink.limiter()?.counts();
    const paced = acsEmailSender(client, {
      senderAddress: 'DoNotReply@reseller-connect.local',
      pacer: createPacer(quotaWindows(sendQuota(limits)), clock),
      maxPaceWaitMs: Infinity,
    });
    const start = now;
    for (let i = 0; i < 11; i++) expect(await paced.send(email())).toEqual({ outcome: 'sent' });
    expect(requests.filter((r) => r.kind === 'send')).toHaveLength(11);
    expect(requests.filter((r) => r.kind === 'status')).toHaveLength(11);
    expect(requests.filter((r) => r.kind === 'other')).toEqual([]);
    for (const kind of ['send', 'status'] as const) {
      expect(busiest(requests, kind, 60_000)).toBeLessThanOrEqual(limits[kind].perMinute);
      expect(busiest(requests, kind, 3_600_000)).toBeLessThanOrEqual(limits[kind].perHour);
    }
    // The eleventh waited for the hour window to free a slot.
    expect(requests[requests.length - 1]?.at).toBe(start + 3_600_000);
    expect(server.sink.limiter()?.refused()).toEqual({ send: 0, status: 0 });
    const after = server.sink.limiter()?.counts();
    expect({
      send: (after?.send ?? 0) - (before?.send ?? 0),
      status: (after?.status ?? 0) - (before?.status ?? 0),
    }).toEqual({ send: 11, status: 11 });
  });

  it('unpaced, the sixth send within a minute is throttled by the sink (the SDK then waits out a 60 s Retry-After)', async () => {
    now += 2 * 3_600_000; // a fresh hour for the sink's windows
    const { client, requests } = countedClient();
    const refusedBefore = server.sink.limiter()?.refused().send ?? 0;
    const unpaced = acsEmailSender(client, { senderAddress: 'DoNotReply@reseller-connect.local', timeoutMs: 1500 });
    for (let i = 0; i < 5; i++) expect(await unpaced.send(email())).toEqual({ outcome: 'sent' });
    await expect(unpaced.send(email())).rejects.toThrow(/ACS send .* failed/);
    expect((server.sink.limiter()?.refused().send ?? 0) - refusedBefore).toBe(1);
    expect(requests.filter((r) => r.kind === 'send')).toHaveLength(6);
    expect(requests.filter((r) => r.kind === 'status')).toHaveLength(5);
  });
});
