// Bench of webhook delivery (issue 16) on the product stack (embedded host, Cosmos over TLS):
// (a) state change → delivered: POST /api/invitations answered … the `invitation.created` event
//     verified at a local receiver; p50/p99 over N sequential changes (target p99 ≤ 1 s locally);
// (b) fan-out: E events × 10 subscribed endpoints; the events are audit entries written straight
//     into the trail (the outbox the publisher reads, as every state change appends them), so the
//     figure is the publish → sign → deliver path, not invitation creation; time from the first
//     entry to the last delivery, and the host's RSS (peak sampled every 100 ms, and after).
//   npm run bench -- webhooks            (or node dist/test/bench/webhooks.js [--quick])
// A bench, not a test: it prints figures and asserts nothing.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { contosoDirect, demoUsers } from '../../infra/local/identity/demoDirectory';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { enrolPartner, operatorAuth } from '../support/enrolment';
import { call } from '../support/hostProcess';
import { startProductStack } from '../support/productStack';
import { startReceiver, verifyDelivery } from '../support/webhookReceiver';

const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] as number;
};
const rssMB = (pid: number): number =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchWebhooks(): Promise<Record<string, unknown>> {
  const quick = process.argv.includes('--quick');
  const N = quick ? 20 : 100;
  const EVENTS = quick ? 100 : 1000;
  const SUBSCRIBERS = 10;
  const receiver = await startReceiver();
  const stack = await startProductStack({ WEBHOOK_ALLOW_LOCAL_HTTP: 'true', INVITER_SENDS_PER_HOUR: '1000000' });
  try {
    await enrolPartner(stack.url, await operatorAuth(stack), contosoDirect);
    const admin = demoUsers.find((u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin'));
    if (!admin) throw new Error('no demo Global admin');
    const headers = await stack.bearer(admin);
    const api = (p: string, init: RequestInit & { json?: unknown } = {}) =>
      call(`${stack.url}${p}`, {
        ...init,
        headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
      });

    // (a) one endpoint; N invitations one after another.
    const a = await api('/api/webhooks', { json: { url: receiver.url('/latency'), events: ['invitation.created'] } });
    const secretA = a.body.secret as string;
    const latencies: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const r = await api('/api/invitations', {
        json: { recipientEmail: `bench${i}@adatum.example`, includeDelegatedAdmin: false },
      });
      if (r.status !== 202) throw new Error(`create: ${r.status}`);
      const id = r.body.id as string;
      for (;;) {
        const got = receiver.forPath('/latency').find((x) => x.body.includes(id));
        if (got) {
          verifyDelivery(secretA, got);
          latencies.push(performance.now() - t0);
          break;
        }
        await sleep(5);
      }
    }
    await api(`/api/webhooks/${a.body.id}`, { method: 'DELETE' });

    // (b) 10 endpoints subscribed to the same type; EVENTS audit entries written at once.
    const secrets: string[] = [];
    for (let s = 0; s < SUBSCRIBERS; s++) {
      const r = await api('/api/webhooks', { json: { url: receiver.url(`/fan${s}`), events: ['grant.removed'] } });
      secrets.push(r.body.secret);
    }
    const client = createCosmosClient({
      endpoint: stack.env.COSMOS_ENDPOINT as string,
      key: stack.env.COSMOS_KEY as string,
      caCertFile: stack.env.COSMOS_CA_CERT_FILE as string,
    });
    const audit = client.database(stack.env.COSMOS_DATABASE as string).container(containers.audit.id);
    const pid = stack.host.child.pid as number;
    const rssBefore = rssMB(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMB(pid))), 100);
    const t0 = performance.now();
    const tenantId = contosoDirect.tenantId;
    for (let i = 0; i < EVENTS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, EVENTS - i) }, (_, k) =>
          audit.items.create({
            id: `bench:${randomUUID()}`,
            tenantId,
            at: new Date().toISOString(),
            actor: { type: 'system' },
            action: 'grant.removed',
            subject: { type: 'grant', id: `g${i + k}` },
            correlationId: 'bench',
          }),
        ),
      );
    }
    const written = performance.now() - t0;
    const total = EVENTS * SUBSCRIBERS;
    const fanPaths = Array.from({ length: SUBSCRIBERS }, (_, s) => `/fan${s}`);
    const count = () => fanPaths.reduce((n, p) => n + receiver.forPath(p).length, 0);
    const deadline = Date.now() + 15 * 60_000;
    while (count() < total && Date.now() < deadline) await sleep(50);
    const allDelivered = performance.now() - t0;
    clearInterval(sampler);
    const delivered = count();
    // Spot-check signatures and duplicates.
    let verified = 0;
    const ids = new Set<string>();
    for (const [s, p] of fanPaths.entries()) {
      for (const r of receiver.forPath(p)) {
        ids.add(`${p}:${String(r.headers['webhook-id'])}`);
        if (verified < 200) {
          verifyDelivery(secrets[s] as string, r);
          verified++;
        }
      }
    }
    return {
      stateChangeToDelivered: {
        n: N,
        p50Ms: Math.round(percentile(latencies, 50)),
        p99Ms: Math.round(percentile(latencies, 99)),
        maxMs: Math.round(Math.max(...latencies)),
        targetP99Ms: 1000,
      },
      fanOut: {
        events: EVENTS,
        subscribers: SUBSCRIBERS,
        deliveries: delivered,
        expected: total,
        duplicates: delivered - ids.size,
        entriesWrittenMs: Math.round(written),
        allDeliveredSeconds: Math.round(allDelivered / 100) / 10,
        deliveriesPerSecond: Math.round(delivered / (allDelivered / 1000)),
        hostRssMB: { before: rssBefore, peak: rssPeak, after: rssMB(pid) },
        signaturesVerified: verified,
      },
    };
  } finally {
    await stack.stop();
    await receiver.close();
  }
}

if (require.main === module) {
  benchWebhooks().then(
    (f) => console.log(JSON.stringify(f, null, 2)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
