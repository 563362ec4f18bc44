// Bench of the invitation life through HTTP on the product stack (embedded host, Cosmos over TLS,
// ACS sink, dev issuer), the app's Cosmos traffic counted by a proxy (cosmosCounter.ts). Figures:
// (a) invitations created per second, N requests with concurrency C, median of 3 runs after a
//     discarded warm-up run;
// (b) accept → grant recorded latency p50/p99 (POST accept sent → the grant document readable),
//     one at a time, each by a new customer tenant (customer, relationship and grant all new);
// (c) Cosmos operations per invitation life, by phase, app containers and durable backend apart.
//   npx tsc -p . && node dist/test/bench/invitations.js [--quick]
// Timings and counts come from two stacks: the counting proxy's extra TLS hop is not timed.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contosoDirect, demoUsers } from '../../infra/local/identity/demoDirectory';
import { type LocalCosmos, startLocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { grantId } from '../../shared/domain/ids';
import { deriveInvitationToken } from '../../shared/domain/token';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { call, repoRoot } from '../support/hostProcess';
import { startProductStack } from '../support/productStack';
import { type CosmosCounter, type CosmosCounts, type CosmosOp, diffCounts, startCosmosCounter } from './cosmosCounter';
import { enrolPartner, operatorAuth } from '../support/enrolment';

const TARGETS = { invitationsPerSecond: 200, acceptToGrantP99Ms: 100, writesToCreate: 3, crossPartitionQueries: 0 };
const WRITES: readonly CosmosOp[] = ['create', 'upsert', 'replace', 'delete', 'patch', 'batch'];
const DURABLE = containers.durableInstances.id;
// The sends-per-inviter counters: flushed by a timer about once a second, off the request path,
// so a flush lands in whichever phase is running then. Left out of the per-phase app figures and
// reported on their own (the hour's first send of a partner also reads its counter, once).
const LIMITER = containers.inviterSends.id;

const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] as number;
};
const median = (xs: readonly number[]): number => percentile(xs, 50);

/**
 * Sums counts per operation over app containers (but the limiter's), the durable one or the
 * limiter's, divided by `per`.
 */
function summarise(c: CosmosCounts, which: boolean | 'limiter', per: number): Record<string, number> {
  const sum: Partial<Record<CosmosOp, number>> = {};
  const of = (container: string): boolean | 'limiter' => (container === LIMITER ? 'limiter' : container === DURABLE);
  for (const [container, ops] of Object.entries(c)) {
    if (of(container) !== which || container === '(account)') continue;
    for (const [op, n] of Object.entries(ops) as Array<[CosmosOp, number]>) sum[op] = (sum[op] ?? 0) + n;
  }
  const g = (op: CosmosOp) => sum[op] ?? 0;
  return {
    pointReads: round(g('pointRead') / per, 2),
    writes: round(WRITES.reduce((a, op) => a + g(op), 0) / per, 2),
    queries: round(g('query') / per, 2),
    crossPartitionQueries: round(g('crossPartitionQuery') / per, 2),
    queryPlans: round(g('queryPlan') / per, 2),
    readFeeds: round(g('readFeed') / per, 2),
  };
}

/** Per-container detail of app traffic, divided by `per`. */
function detail(c: CosmosCounts, per: number): Record<string, string> {
  return Object.fromEntries(
    Object.entries(c)
      .filter(([k]) => k !== DURABLE && k !== '(account)')
      .map(([k, ops]) => [
        k,
        Object.entries(ops)
          .map(([op, n]) => `${op} ${round((n as number) / per, 2)}`)
          .join(', '),
      ]),
  );
}

/**
 * The product stack on a Cosmos server of the bench's own, through the counting proxy or not, and
 * the calls the figures need.
 */
async function session(cosmos: LocalCosmos, counter: CosmosCounter | undefined) {
  // The stack starts a Cosmos server of its own; the app is pointed at this one (or the proxy) instead.
  // One partner creates ~2000 in a minute: a limit this high keeps the sends-per-inviter mechanism
  // running (its counter read and flushes are measured and counted) without refusing any.
  const stack = await startProductStack({
    COSMOS_ENDPOINT: counter?.endpoint ?? cosmos.endpoint,
    COSMOS_KEY: cosmos.key,
    COSMOS_CA_CERT_FILE: cosmos.caCertFile,
    INVITER_SENDS_PER_HOUR: '1000000',
  });
  const direct = createCosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, caCertFile: cosmos.caCertFile });
  const grants = direct.database(stack.env.COSMOS_DATABASE as string).container(containers.customers.id);
  const admin = demoUsers.find((u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin'));
  if (!admin) throw new Error('no demo Global admin');
  const headers = {
    authorization: `Bearer ${await stack.token({ tenantId: admin.tenantId, userId: admin.userId, email: admin.email, roles: ['GlobalAdmin'], wids: [GLOBAL_ADMINISTRATOR_WID], tenantCountry: 'US' })}`,
  };
  const api = (p: string, init: RequestInit & { json?: unknown } = {}) =>
    call(`${stack.url}${p}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
    });
  await enrolPartner(stack.url, await operatorAuth(stack), contosoDirect);
  const secret = stack.env.INVITATION_TOKEN_SECRET as string;
  const s = {
    settle: async () => void (await call(`${stack.url}/dev/time/settle`, { method: 'POST' })),
    /** A new customer tenant and its Global admin's headers. */
    async customer() {
      const tenantId = randomUUID();
      const token = await stack.token({
        tenantId,
        userId: randomUUID(),
        email: `admin@${tenantId.slice(0, 8)}.example`,
        wids: [GLOBAL_ADMINISTRATOR_WID],
        tenantCountry: 'US',
      });
      return { tenantId, headers: { authorization: `Bearer ${token}`, origin: stack.env.PUBLIC_BASE_URL as string } };
    },
    async create(body: Record<string, unknown>) {
      const r = await api('/api/invitations', { json: body });
      if (r.status !== 202)
        throw new Error(
          `create: ${r.status} ${JSON.stringify(r.body)}\n${stack.host
            .output()
            .split('\n')
            .filter((l) => /error|failed/i.test(l))
            .slice(-5)
            .join('\n')}`,
        );
      return r.body.id as string;
    },
    withAdmin: (customerTenantId: string) => ({
      recipientEmail: `admin@${customerTenantId.slice(0, 8)}.example`,
      customerTenantId,
      delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false },
    }),
    async accept(id: string, c: { headers: Record<string, string> }) {
      const r = await call(`${stack.url}/api/invitations/${id}/accept`, {
        headers: c.headers,
        json: { token: deriveInvitationToken(secret, id), acceptCustomerAgreement: true },
      });
      if (r.status !== 200) throw new Error(`accept: ${r.status} ${JSON.stringify(r.body)}`);
    },
    /** Point reads of the grant document straight from Cosmos (not through the proxy) until it exists. */
    async grantRecorded(id: string, customerTenantId: string) {
      for (let i = 0; i < 20_000; i++) if ((await grants.item(grantId(id), customerTenantId).read()).resource) return;
      throw new Error(`grant of ${id} not recorded`);
    },
    /** n creations by `concurrency` workers; invitations per second. */
    async createMany(n: number, concurrency: number, tag: string) {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n)
            await s.create({ recipientEmail: `bench-${tag}-${next++}@adatum.example`, includeDelegatedAdmin: false });
        }),
      );
      return n / ((performance.now() - t0) / 1000);
    },
    async close() {
      direct.dispose();
      await stack.stop();
    },
  };
  return s;
}

const addCounts = (xs: CosmosCounts[]): CosmosCounts =>
  xs.reduce((acc, x) => {
    for (const [k, ops] of Object.entries(x))
      for (const [op, n] of Object.entries(ops) as Array<[CosmosOp, number]>)
        (acc[k] ??= {})[op] = (acc[k]?.[op] ?? 0) + n;
    return acc;
  }, {} as CosmosCounts);

/**
 * Runs every figure; `quick` shrinks the workloads (a smoke run). Timings come from a stack talking
 * to Cosmos directly (the proxy's extra TLS hop per operation would be measured too); the counts
 * from a second stack behind the counting proxy.
 */
export async function benchInvitations(quick = process.argv.includes('--quick')): Promise<Record<string, unknown>> {
  const o = quick
    ? { n: 100, c: 16, runs: 3, accepts: 30, lives: 5 }
    : { n: 600, c: 32, runs: 3, accepts: 200, lives: 20 };
  const certDir = path.join(repoRoot, '.data', 'certs');
  const cosmos = await startLocalCosmos({ certDir });
  const cert = readFileSync(path.join(certDir, 'cosmos-cert.pem'), 'utf8');
  const counter = await startCosmosCounter({
    upstream: cosmos.endpoint,
    key: readFileSync(path.join(certDir, 'cosmos-key.pem'), 'utf8'),
    cert,
    ca: cert,
  });
  try {
    // (a) creation throughput and (b) accept → grant recorded, app straight on Cosmos.
    const timed = await session(cosmos, undefined);
    const rates: number[] = [];
    const latencies: number[] = [];
    const acceptHttp: number[] = [];
    let warmUp = 0;
    try {
      // One run first, discarded as the durable bench does: the host loads each function's module
      // on its first call and V8 has not optimised anything yet, so the first run measures start-up.
      await timed.settle();
      warmUp = await timed.createMany(o.n, o.c, 'warm-up');
      for (let run = 0; run < o.runs; run++) {
        await timed.settle();
        rates.push(await timed.createMany(o.n, o.c, `t${run}`));
      }
      const ready: Array<{ id: string; c: Awaited<ReturnType<typeof timed.customer>> }> = [];
      for (let i = 0; i < o.accepts; i++) {
        const c = await timed.customer();
        ready.push({ id: await timed.create(timed.withAdmin(c.tenantId)), c });
      }
      await timed.settle();
      // One at a time, each invitation already waiting for its answer.
      for (const { id, c } of ready) {
        const t0 = performance.now();
        await timed.accept(id, c);
        acceptHttp.push(performance.now() - t0);
        await timed.grantRecorded(id, c.tenantId);
        latencies.push(performance.now() - t0);
      }
    } finally {
      await timed.close();
    }

    // (c) Cosmos operations per invitation life, one invitation at a time so phases do not mix.
    const counted = await session(cosmos, counter);
    const phases: Record<string, CosmosCounts[]> = {
      'create (POST /api/invitations)': [],
      'orchestration until waiting (email)': [],
      'accept (POST …/accept)': [],
      'after accept: record + notify': [],
    };
    const names = Object.keys(phases);
    let loadCounts: CosmosCounts = {};
    try {
      for (let i = 0; i < o.lives; i++) {
        const c = await counted.customer();
        const s0 = counter.counts();
        const id = await counted.create(counted.withAdmin(c.tenantId));
        const s1 = counter.counts();
        await counted.settle();
        const s2 = counter.counts();
        await counted.accept(id, c);
        const s3 = counter.counts();
        await counted.grantRecorded(id, c.tenantId);
        await counted.settle();
        const s4 = counter.counts();
        [
          [s0, s1],
          [s1, s2],
          [s2, s3],
          [s3, s4],
        ].forEach(([a, b], k) => phases[names[k] as string]?.push(diffCounts(a as CosmosCounts, b as CosmosCounts)));
      }
      // Under load: one concurrent creation run, everything the app did until it settled, per invitation.
      const before = counter.counts();
      await counted.createMany(o.n, o.c, 'counted');
      await counted.settle();
      loadCounts = diffCounts(before, counter.counts());
    } finally {
      await counted.close();
    }

    const perLife = Object.fromEntries(
      names.flatMap((n) => [
        [`${n} · app`, summarise(addCounts(phases[n] ?? []), false, o.lives)],
        [`${n} · durable`, summarise(addCounts(phases[n] ?? []), true, o.lives)],
        [`${n} · send counter`, summarise(addCounts(phases[n] ?? []), 'limiter', o.lives)],
      ]),
    );
    const all = addCounts(Object.values(phases).flat());
    perLife['whole life · app'] = summarise(all, false, o.lives);
    perLife['whole life · durable'] = summarise(all, true, o.lives);
    const createApp = summarise(addCounts(phases[names[0] as string] ?? []), false, o.lives);
    const crossApp = summarise(all, false, 1).crossPartitionQueries ?? 0;
    const crossDurable = summarise(all, true, 1).crossPartitionQueries ?? 0;

    console.log(
      `\ninvitations created per second (n=${o.n}, concurrency ${o.c}): runs ${rates.map((r) => round(r)).join(', ')}; median ${round(median(rates))} (warm-up run, discarded: ${round(warmUp)})`,
    );
    console.log(
      `accept → grant recorded (n=${o.accepts}, one at a time): p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms (accept HTTP alone p50 ${round(percentile(acceptHttp, 50))} ms, p99 ${round(percentile(acceptHttp, 99))} ms)`,
    );
    console.log(
      `\nCosmos operations per invitation life (mean of ${o.lives}, sequential; writes = create+upsert+replace+delete+patch+batch):`,
    );
    console.table(perLife);
    console.log('app containers, per life (all phases):');
    console.table(detail(all, o.lives));
    console.log(
      `creation under load (${o.n} at concurrency ${o.c}, until settled), per invitation: app ${JSON.stringify(summarise(loadCounts, false, o.n))}; durable ${JSON.stringify(summarise(loadCounts, true, o.n))}`,
    );
    console.log(
      `sends-per-inviter counter (${LIMITER}, off the request path but its hour's first read): per life ${JSON.stringify(summarise(all, 'limiter', o.lives))}; under load per invitation ${JSON.stringify(summarise(loadCounts, 'limiter', o.n))}`,
    );
    const verdicts = {
      invitationsPerSecond: {
        measured: round(median(rates)),
        target: `>= ${TARGETS.invitationsPerSecond}`,
        met: median(rates) >= TARGETS.invitationsPerSecond,
      },
      acceptToGrantP99Ms: {
        measured: round(percentile(latencies, 99)),
        target: `<= ${TARGETS.acceptToGrantP99Ms}`,
        met: percentile(latencies, 99) <= TARGETS.acceptToGrantP99Ms,
      },
      writesToCreate: {
        measured: createApp.writes,
        target: `<= ${TARGETS.writesToCreate} (app containers, create request)`,
        met: (createApp.writes ?? Infinity) <= TARGETS.writesToCreate,
      },
      crossPartitionQueries: {
        measured: crossApp,
        target: `${TARGETS.crossPartitionQueries} (app containers, whole life; durable: ${crossDurable})`,
        met: crossApp === 0,
      },
    };
    console.table(verdicts);
    return {
      quick,
      createdPerSecond: {
        median: round(median(rates)),
        runs: rates.map((r) => round(r)),
        warmUpDiscarded: round(warmUp),
        n: o.n,
        concurrency: o.c,
      },
      acceptToGrantMs: {
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        max: round(Math.max(...latencies)),
        n: o.accepts,
        acceptHttpP50: round(percentile(acceptHttp, 50)),
        acceptHttpP99: round(percentile(acceptHttp, 99)),
      },
      cosmosPerLife: perLife,
      appContainersPerLife: detail(all, o.lives),
      creationUnderLoad: {
        app: summarise(loadCounts, false, o.n),
        durable: summarise(loadCounts, true, o.n),
        inviterSendCounter: summarise(loadCounts, 'limiter', o.n),
      },
      inviterSendCounterPerLife: summarise(all, 'limiter', o.lives),
      targets: verdicts,
    };
  } finally {
    await counter.close();
    await cosmos.close();
  }
}

if (require.main === module) {
  benchInvitations().then(
    () => undefined,
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
