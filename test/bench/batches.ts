// Bench of invitation batches (issue 18) on the product stack (embedded host, Cosmos over TLS, ACS
// sink, dev issuer):
// (a) a 5,000-row JSON batch with no email quota and no sends-per-inviter limit: seconds from the
//     POST until every row is created, and until every one is emailed (the batch's final status);
//     the host's peak RSS (VmHWM); timed on a stack talking to Cosmos directly;
// (b) the same batch on a second stack behind the counting proxy: Cosmos operations per row, the
//     app's containers and the durable backend apart (the proxy's TLS hop is not timed);
// (c) a 1,000-row batch under a 100-an-hour email quota, in virtual time: each wait (created and
//     emailed so far, the next slot), time skipped to it, until the batch ends.
//   npm run bench -- batches [--quick]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type LocalCosmos, startLocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { containers } from '../../shared/store/containers';
import { directPartnerAdmin } from '../support/directPartner';
import { call, repoRoot } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { type CosmosCounts, startCosmosCounter } from './cosmosCounter';

const FINAL = ['succeeded', 'partiallySucceeded', 'failed', 'canceled'];
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function peakRssMB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return round(Number(m?.[1] ?? 0) / 1024, 1);
}

const rowsOf = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    recipientEmail: `${prefix}${i + 1}@adatum.example`,
    recipientName: `Recipient ${i + 1}`,
  }));

async function stackOn(
  cosmos: { endpoint: string; key: string; caCertFile: string },
  env: NodeJS.ProcessEnv,
): Promise<{ stack: ProductStack; admin: Record<string, string> }> {
  const stack = await startProductStack({
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: cosmos.key,
    COSMOS_CA_CERT_FILE: cosmos.caCertFile,
    ...env,
  });
  return { stack, admin: await directPartnerAdmin(stack) };
}

/** Posts the batch and polls it (every 200 ms, without settling the host): seconds to all created, to final. */
async function runBatch(
  stack: ProductStack,
  admin: Record<string, string>,
  n: number,
  prefix: string,
): Promise<{
  createdSeconds: number;
  doneSeconds: number;
  status: string;
  counts: Record<string, number>;
  postSeconds: number;
}> {
  const t0 = performance.now();
  const posted = await call(`${stack.url}/api/invitation-batches`, {
    method: 'POST',
    json: { rows: rowsOf(n, prefix) },
    headers: admin,
  });
  if (posted.status !== 202) throw new Error(`POST ${posted.status} ${JSON.stringify(posted.body).slice(0, 300)}`);
  const postSeconds = (performance.now() - t0) / 1000;
  let createdSeconds = 0;
  for (;;) {
    const b = (await call(`${stack.url}/api/invitation-batches/${posted.body.id}`, { headers: admin })).body;
    const t = (performance.now() - t0) / 1000;
    if (!createdSeconds && b.counts.created + b.counts.rejected >= n) createdSeconds = t;
    if (FINAL.includes(b.status))
      return {
        createdSeconds: round(createdSeconds, 2),
        doneSeconds: round(t, 2),
        status: b.status,
        counts: b.counts,
        postSeconds: round(postSeconds, 2),
      };
    if (t > 600) throw new Error(`batch not done after 600 s: ${JSON.stringify(b)}`);
    await sleep(200);
  }
}

function perRow(c: CosmosCounts, n: number): Record<string, unknown> {
  const sum = (pick: (container: string) => boolean) => {
    const out: Record<string, number> = {};
    for (const [container, ops] of Object.entries(c)) {
      if (!pick(container) || container === '(account)') continue;
      for (const [op, k] of Object.entries(ops)) out[op] = (out[op] ?? 0) + (k as number);
    }
    const total = Object.values(out).reduce((a, b) => a + b, 0);
    return {
      total: round(total / n, 2),
      ...Object.fromEntries(Object.entries(out).map(([op, k]) => [op, round(k / n, 2)])),
    };
  };
  const byContainer = Object.fromEntries(
    Object.entries(c)
      .filter(([k]) => k !== '(account)')
      .map(([k, ops]) => [k, round(Object.values(ops).reduce((a, b) => a + (b as number), 0) / n, 2)]),
  );
  return {
    app: sum((k) => k !== containers.durableInstances.id),
    durableBackend: sum((k) => k === containers.durableInstances.id),
    byContainer,
  };
}

/** (c): the batch under a 100-an-hour quota; each wait recorded and skipped in virtual time. */
async function quotaWaits(cosmos: LocalCosmos, n: number): Promise<Record<string, unknown>> {
  const { stack, admin } = await stackOn(cosmos, {
    EMAIL_QUOTA_PER_HOUR: '100',
    EMAIL_QUOTA_PER_MINUTE: '0',
    INVITER_SENDS_PER_HOUR: '0',
  });
  try {
    const now = async () => Date.parse((await call(`${stack.url}/dev/time`)).body.now);
    const start = await now();
    const wall0 = performance.now();
    const posted = await call(`${stack.url}/api/invitation-batches`, {
      method: 'POST',
      json: { rows: rowsOf(n, 'quota') },
      headers: admin,
    });
    const id = posted.body.id as string;
    const waits: Array<Record<string, unknown>> = [];
    for (;;) {
      const b = await stack.until(`batch ${id} to wait or end`, async () => {
        const x = (await call(`${stack.url}/api/invitation-batches/${id}`, { headers: admin })).body;
        return x.status === 'waitingForQuota' || FINAL.includes(x.status) ? x : undefined;
      });
      const at = await now();
      if (FINAL.includes(b.status)) {
        return {
          rows: n,
          quota: '100 an hour (a tenth left to reminders and notices)',
          status: b.status,
          counts: b.counts,
          virtualHours: round((at - start) / 3_600_000, 2),
          wallSeconds: round((performance.now() - wall0) / 1000, 1),
          waits,
        };
      }
      const skip = Date.parse(b.nextSlotAt) - at;
      waits.push({
        atVirtualHour: round((at - start) / 3_600_000, 2),
        created: b.counts.created,
        emailed: b.counts.emailed,
        waitingFor: b.waitingFor,
        nextSlotInMinutes: round(skip / 60_000, 1),
      });
      if (waits.length > 2 * Math.ceil(n / 90) + 5)
        throw new Error(`too many waits: ${JSON.stringify(waits.slice(-3))}`);
      await call(`${stack.url}/dev/time/advance`, { json: { ms: Math.max(1000, skip + 1000) } });
    }
  } finally {
    await stack.stop();
  }
}

export async function benchBatches(quick = process.argv.includes('--quick')): Promise<Record<string, unknown>> {
  const n = quick ? 500 : 5000;
  const nQuota = quick ? 200 : 1000;
  const certDir = path.join(repoRoot, '.data', 'certs');
  const cosmos = await startLocalCosmos({ certDir });
  const cert = readFileSync(path.join(certDir, 'cosmos-cert.pem'), 'utf8');
  const counter = await startCosmosCounter({
    upstream: cosmos.endpoint,
    key: readFileSync(path.join(certDir, 'cosmos-key.pem'), 'utf8'),
    cert,
    ca: cert,
  });
  const unlimited = { EMAIL_QUOTA_PER_HOUR: '0', EMAIL_QUOTA_PER_MINUTE: '0', INVITER_SENDS_PER_HOUR: '0' };
  try {
    const { stack, admin } = await stackOn(cosmos, unlimited);
    let timed;
    try {
      const rssBefore = peakRssMB(stack.host.child.pid as number);
      timed = {
        rows: n,
        ...(await runBatch(stack, admin, n, 'bench')),
        hostPeakRssMB: peakRssMB(stack.host.child.pid as number),
        hostPeakRssBeforeMB: rssBefore,
        loadAverage: (await import('node:os')).loadavg().map((x) => round(x, 2)),
      };
    } finally {
      await stack.stop();
    }
    const counted = await stackOn(
      { endpoint: counter.endpoint, key: cosmos.key, caCertFile: cosmos.caCertFile },
      unlimited,
    );
    let counts;
    try {
      counter.reset();
      const r = await runBatch(counted.stack, counted.admin, n, 'counted');
      counts = {
        rows: n,
        status: r.status,
        cosmosOperationsPerRow: perRow(counter.counts(), n),
        note: 'includes the bench polling GET /api/invitation-batches/{id} every 200 ms (one point read each)',
      };
    } finally {
      await counted.stack.stop();
    }
    // Printed as each part ends: a failure of a later part loses none of them.
    console.log(
      `\n--- batches: 5,000 rows, timed ---\n${JSON.stringify(timed, null, 2)}\n--- batches: Cosmos operations ---\n${JSON.stringify(counts, null, 2)}`,
    );
    const waits = await quotaWaits(cosmos, nQuota);
    return { timed, counts, quotaWaits: waits };
  } finally {
    await counter.close();
    await cosmos.close();
  }
}
