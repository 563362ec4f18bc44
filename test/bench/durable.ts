// Bench of the durable backend: the embedded host as a child process (the real CLI) running the
// durable fixture app, state in the Cosmos-protocol server over TLS. Prints figures; asserts nothing.
//   npx tsc -p . && node dist/test/bench/durable.js [--quick]
//   BENCH_HOST_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the host processes.
// Figures: (a) work items per second (orchestrator episodes + activity executions, counted from the
// committed histories) for fan-out and chaining workloads, (b) start→completed latency of a
// one-activity orchestration, run one at a time, (c) the host's resident memory with 10,000
// instances idle waiting for an external event. (a) and (b) run twice: Cosmos server inside this
// bench process, and Cosmos server in a child process of its own (as `npm start` runs it).
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { Container } from '@azure/cosmos';
import { startLocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { EventType } from '../../infra/local/durable/history';
import { InstanceDoc } from '../../infra/local/durable/instance';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { containers } from '../../shared/store/containers';

const TARGETS = { workItemsPerSecond: 1500, p99Ms: 50, idleRssMB: 300 };
/** Published anchors, per 2-core worker (the figures). */
const ANCHORS = { durableTaskSchedulerPerSecond: 1400, azureStoragePerSecond: 250 };
const HUB = 'FixtureHub';

interface CosmosEnv {
  COSMOS_ENDPOINT: string;
  COSMOS_KEY: string;
  COSMOS_CA_CERT_FILE: string;
}

/** The repository root, from the source or the build output (dist/test/bench). */
function repoRoot(from = __dirname): string {
  if (existsSync(join(from, 'host.json')) && existsSync(join(from, 'package.json')) && existsSync(join(from, 'infra')))
    return from;
  if (dirname(from) === from) throw new Error('repository root not found');
  return repoRoot(dirname(from));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p% of the samples at or below it.
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] as number;
}
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** A child process that prints a ready line; resolves with the line's match. */
function spawnReady(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', () => {
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}:\n${out}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  return exited;
}

/** Resident set size of a process, from /proc (Linux), in MB. */
function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}

interface Host {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** BENCH_HOST_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) are given to the host's node, for profiling. */
const hostNodeArgs = (): string[] => (process.env.BENCH_HOST_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function startHost(root: string, cosmos: CosmosEnv, database: string): Promise<Host> {
  const { child, match } = await spawnReady(
    [
      ...hostNodeArgs(),
      join(root, 'dist/infra/local/host/cli.js'),
      '--app',
      join(root, 'test/fixtures/durable-app'),
      '--port',
      '0',
    ],
    {
      ...cosmos,
      COSMOS_DATABASE: database,
      FIXTURE_TICK_SCHEDULE: '0 0 0 * * *',
      FIXTURE_ACTIVITY_DELAY_MS: '0',
      FIXTURE_COUNTER_FILE: '',
    },
    /HOST_READY (\S+)/,
  );
  return { url: match[1] as string, pid: child.pid as number, stop: () => stopChild(child) };
}

async function post(url: string, body?: unknown): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Starts instances through the management API (as DurableClient.startNew does), `parallel` at a time. */
async function startMany(host: Host, name: string, ids: string[], input: unknown, parallel: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const status = await post(
        `${host.url}/runtime/webhooks/durabletask/orchestrators/${name}/${encodeURIComponent(id)}`,
        input,
      );
      if (status !== 202) throw new Error(`start ${name}/${id}: HTTP ${status}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, ids.length) }, worker));
}

async function countWhere(c: Container, prefix: string, status: string): Promise<number> {
  const { resources } = await c.items
    .query<number>({
      query: 'SELECT VALUE COUNT(1) FROM c WHERE c.hub = @hub AND STARTSWITH(c.id, @p) AND c.runtimeStatus = @s',
      parameters: [
        { name: '@hub', value: HUB },
        { name: '@p', value: prefix },
        { name: '@s', value: status },
      ],
    })
    .fetchAll();
  return resources[0] ?? 0;
}

async function docsWithPrefix(c: Container, prefix: string): Promise<InstanceDoc[]> {
  const { resources } = await c.items
    .query<InstanceDoc>({
      query: 'SELECT * FROM c WHERE c.hub = @hub AND STARTSWITH(c.id, @p)',
      parameters: [
        { name: '@hub', value: HUB },
        { name: '@p', value: prefix },
      ],
    })
    .fetchAll();
  return resources;
}

/** CPU seconds (user + system) a child process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime (fields 14 and 15 of the whole line), in clock ticks: 100 per second on Linux (getconf CLK_TCK).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU meters for the host and the Cosmos server (a child process, or this process with the driver). */
interface Meters {
  host: () => number;
  cosmos: () => number;
}

/**
 * (a) Starts `n` instances at once and waits until all completed. Work items are counted from the
 * committed histories: one per episode (OrchestratorStarted) and one per activity (TaskScheduled;
 * no crash here, so each ran once). The run's documents are deleted afterwards (outside the
 * timing), so the completion query stays as cheap in the last run as in the first.
 */
async function throughput(
  host: Host,
  c: Container,
  meters: Meters,
  name: string,
  n: number,
  input: unknown,
  prefix: string,
) {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const cpu0 = { host: meters.host(), cosmos: meters.cosmos() };
  const t0 = performance.now();
  await startMany(host, name, ids, input, n);
  for (;;) {
    if ((await countWhere(c, `${prefix}-`, 'Completed')) === n) break;
    const failed = await countWhere(c, `${prefix}-`, 'Failed');
    if (failed > 0) throw new Error(`${failed} ${name} instances failed`);
    await sleep(10);
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = { host: meters.host() - cpu0.host, cosmos: meters.cosmos() - cpu0.cosmos };
  const docs = await docsWithPrefix(c, `${prefix}-`);
  let episodes = 0;
  let activities = 0;
  for (const d of docs) {
    for (const e of d.history) {
      if (e.EventType === EventType.OrchestratorStarted) episodes++;
      else if (e.EventType === EventType.TaskScheduled) activities++;
    }
  }
  for (const d of docs) await c.item(d.id, d.id).delete();
  const items = episodes + activities;
  return {
    seconds: round(seconds, 3),
    episodes,
    activities,
    workItems: items,
    workItemsPerSecond: Math.round(items / seconds),
    hostCpuMsPerItem: round((cpu.host * 1000) / items, 3),
    cosmosCpuMsPerItem: round((cpu.cosmos * 1000) / items, 3),
  };
}

/**
 * (b) One FanOut(1) at a time: start, then poll its status until Completed (status reads are served
 *     from the host's cache).
 */
async function latency(host: Host, runs: number, prefix: string) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const id = `${prefix}-${i}`;
    const statusUrl = `${host.url}/runtime/webhooks/durabletask/instances/${id}`;
    const t0 = performance.now();
    const status = await post(`${host.url}/runtime/webhooks/durabletask/orchestrators/FanOut/${id}`, 1);
    if (status !== 202) throw new Error(`start ${id}: HTTP ${status}`);
    for (;;) {
      const res = await fetch(statusUrl);
      const body = (await res.json()) as { runtimeStatus?: string; output?: unknown };
      if (body.runtimeStatus === 'Completed') {
        if (body.output !== 1) throw new Error(`${id}: output ${JSON.stringify(body.output)}`);
        break;
      }
      if (body.runtimeStatus === 'Failed') throw new Error(`${id} failed`);
    }
    samples.push(performance.now() - t0);
  }
  return {
    runs,
    p50Ms: round(percentile(samples, 50)),
    p90Ms: round(percentile(samples, 90)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(Math.max(...samples)),
  };
}

/** (c) `n` WaitForever instances, each past its first episode and waiting for 'Go'; the host's RSS. */
async function idleMemory(root: string, cosmos: CosmosEnv, c: Container, database: string, n: number) {
  const host = await startHost(root, cosmos, database);
  try {
    await sleep(500);
    const baselineMB = rssMB(host.pid);
    const ids = Array.from({ length: n }, (_, i) => `idle-${i}`);
    const t0 = performance.now();
    await startMany(host, 'WaitForever', ids, undefined, 64);
    // Idle = every instance has run its first episode (Running, waiting for the event).
    while ((await countWhere(c, 'idle-', 'Running')) < n) await sleep(200);
    const startSeconds = (performance.now() - t0) / 1000;
    await sleep(2000);
    const idleMB = rssMB(host.pid);
    // Restart on the same database: recovery reads only instances with work pending, none here.
    await host.stop();
    const t1 = performance.now();
    const again = await startHost(root, cosmos, database);
    const restartSeconds = (performance.now() - t1) / 1000;
    await sleep(2000);
    const afterRestartMB = rssMB(again.pid);
    // The instances still answer: one event completes one of them.
    const status = await post(`${again.url}/runtime/webhooks/durabletask/instances/idle-0/raiseEvent/Go`, 'went');
    if (status !== 202) throw new Error(`raiseEvent after restart: HTTP ${status}`);
    await again.stop();
    return {
      instances: n,
      startedAndIdleInSeconds: round(startSeconds, 1),
      baselineRssMB: baselineMB,
      idleRssMB: idleMB,
      restartToReadySeconds: round(restartSeconds, 2),
      rssAfterRestartMB: afterRestartMB,
    };
  } finally {
    await host.stop();
  }
}

/** A Cosmos-protocol server: in this process, or in a child process of its own. */
async function cosmosServer(
  root: string,
  where: 'in-process' | 'child-process',
): Promise<{ env: CosmosEnv; cpu: () => number; close(): Promise<void> }> {
  const certDir = join(root, '.data', 'certs');
  if (where === 'in-process') {
    const cosmos = await startLocalCosmos({ certDir });
    // In-process, the meter also counts this bench's own driving (HTTP starts, polling).
    const cpu = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    return {
      env: { COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key, COSMOS_CA_CERT_FILE: cosmos.caCertFile },
      cpu,
      close: () => cosmos.close(),
    };
  }
  const { child, match } = await spawnReady(
    [__filename, '--cosmos-child', certDir],
    {},
    /COSMOS_READY (\S+) (\S+) (\S+)/,
  );
  return {
    env: {
      COSMOS_ENDPOINT: match[1] as string,
      COSMOS_KEY: match[2] as string,
      COSMOS_CA_CERT_FILE: match[3] as string,
    },
    cpu: () => cpuSeconds(child.pid as number),
    close: () => stopChild(child),
  };
}

function cosmosContainer(env: CosmosEnv, database: string): Container {
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  return client.database(database).container(containers.durableInstances.id);
}

/** (a) and (b) against one Cosmos placement, `reps` repetitions of each throughput workload. */
async function workloads(
  root: string,
  where: 'in-process' | 'child-process',
  o: { reps: number; fanOut: [number, number]; chains: number; latencyRuns: number },
) {
  const cosmos = await cosmosServer(root, where);
  const database = `bench${process.pid}${where === 'in-process' ? 'a' : 'b'}`;
  const host = await startHost(root, cosmos.env, database);
  const c = cosmosContainer(cosmos.env, database);
  const meters: Meters = { host: () => cpuSeconds(host.pid), cosmos: cosmos.cpu };
  try {
    const [n, m] = o.fanOut;
    // Warm-up, not counted: one run of each workload at full size pays for JIT compilation and
    // for opening the connection pools (host → Cosmos, bench → host).
    await throughput(host, c, meters, 'FanOut', n, m, 'warm-f');
    await throughput(host, c, meters, 'Chaining', o.chains, undefined, 'warm-c');
    await latency(host, Math.min(20, o.latencyRuns), 'warm-l');
    const fanOut = [];
    const chaining = [];
    for (let r = 0; r < o.reps; r++) {
      fanOut.push(await throughput(host, c, meters, 'FanOut', n, m, `fan${r}`));
      chaining.push(await throughput(host, c, meters, 'Chaining', o.chains, undefined, `chain${r}`));
    }
    const lat = await latency(host, o.latencyRuns, 'lat');
    const summary = (runs: Awaited<ReturnType<typeof throughput>>[]) => ({
      medianWorkItemsPerSecond: median(runs.map((x) => x.workItemsPerSecond)),
      workItemsPerRun: runs[0]?.workItems,
      episodesPerRun: runs[0]?.episodes,
      activitiesPerRun: runs[0]?.activities,
      medianHostCpuMsPerItem: median(runs.map((x) => x.hostCpuMsPerItem)),
      medianCosmosCpuMsPerItem: median(runs.map((x) => x.cosmosCpuMsPerItem)),
      runs: runs.map((x) => ({ seconds: x.seconds, workItemsPerSecond: x.workItemsPerSecond })),
    });
    return {
      cosmos: where,
      fanOut: { orchestrations: n, activitiesEach: m, ...summary(fanOut) },
      chaining: { orchestrations: o.chains, activitiesEach: 3, ...summary(chaining) },
      latency: lat,
    };
  } finally {
    await host.stop();
    await cosmos.close();
  }
}

/** Runs every figure; `quick` shrinks the workloads (for a smoke run). */
export async function benchDurable(quick = process.argv.includes('--quick')): Promise<Record<string, unknown>> {
  const root = repoRoot();
  if (!existsSync(join(root, 'dist/infra/local/host/cli.js')))
    throw new Error('dist/ is missing: run npx tsc -p . first');
  const o = quick
    ? { reps: 1, fanOut: [20, 10] as [number, number], chains: 40, latencyRuns: 30, idle: 1000 }
    : { reps: 5, fanOut: [100, 10] as [number, number], chains: 200, latencyRuns: 200, idle: 10_000 };
  const loadAtStart = os.loadavg()[0] as number;
  const inProcess = await workloads(root, 'in-process', o);
  const childProcess = await workloads(root, 'child-process', o);
  const memCosmos = await cosmosServer(root, 'child-process');
  const database = `bench${process.pid}idle`;
  let memory;
  try {
    memory = await idleMemory(root, memCosmos.env, cosmosContainer(memCosmos.env, database), database, o.idle);
  } finally {
    await memCosmos.close();
  }
  type Placement = typeof inProcess;
  const ratios = (w: Placement) => ({
    fanOutVsTarget: round(w.fanOut.medianWorkItemsPerSecond / TARGETS.workItemsPerSecond, 2),
    fanOutVsDurableTaskScheduler: round(w.fanOut.medianWorkItemsPerSecond / ANCHORS.durableTaskSchedulerPerSecond, 2),
    fanOutVsAzureStorage: round(w.fanOut.medianWorkItemsPerSecond / ANCHORS.azureStoragePerSecond, 2),
    chainingVsTarget: round(w.chaining.medianWorkItemsPerSecond / TARGETS.workItemsPerSecond, 2),
    chainingVsDurableTaskScheduler: round(
      w.chaining.medianWorkItemsPerSecond / ANCHORS.durableTaskSchedulerPerSecond,
      2,
    ),
    p99VsTarget: round(w.latency.p99Ms / TARGETS.p99Ms, 2),
  });
  return {
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      totalMemGB: round(os.totalmem() / 2 ** 30),
    },
    // Other work on the machine skews the figures: the 1-minute load average before and after.
    loadAverage: { atStart: round(loadAtStart, 2), atEnd: round(os.loadavg()[0] as number, 2) },
    quick,
    inProcessCosmos: inProcess,
    childProcessCosmos: childProcess,
    idleMemory: { cosmos: 'child-process', ...memory },
    ratios: {
      inProcessCosmos: ratios(inProcess),
      childProcessCosmos: ratios(childProcess),
      idleRssVsTarget: round(memory.idleRssMB / TARGETS.idleRssMB, 2),
    },
    // Met only if met with the Cosmos server in either placement (the lower figure counts).
    targets: {
      ...TARGETS,
      fanOutWorkItemsMet:
        Math.min(inProcess.fanOut.medianWorkItemsPerSecond, childProcess.fanOut.medianWorkItemsPerSecond) >=
        TARGETS.workItemsPerSecond,
      chainingWorkItemsMet:
        Math.min(inProcess.chaining.medianWorkItemsPerSecond, childProcess.chaining.medianWorkItemsPerSecond) >=
        TARGETS.workItemsPerSecond,
      p99Met: Math.max(inProcess.latency.p99Ms, childProcess.latency.p99Ms) <= TARGETS.p99Ms,
      idleRssMet: memory.idleRssMB <= TARGETS.idleRssMB,
    },
    anchors: ANCHORS,
  };
}

/** `--cosmos-child <certDir>`: this file as the Cosmos server's own process. */
async function cosmosChild(certDir: string): Promise<void> {
  const cosmos = await startLocalCosmos({ certDir });
  console.log(`COSMOS_READY ${cosmos.endpoint} ${cosmos.key} ${cosmos.caCertFile}`);
  process.once('SIGTERM', () => void cosmos.close().finally(() => process.exit(0)));
}

if (require.main === module) {
  const at = process.argv.indexOf('--cosmos-child');
  if (at >= 0) {
    void cosmosChild(process.argv[at + 1] as string);
  } else {
    benchDurable().then(
      (r) => console.log(JSON.stringify(r, null, 2)),
      (err) => {
        console.error(err);
        process.exitCode = 1;
      },
    );
  }
}
