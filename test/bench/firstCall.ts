// A cold start as the Functions worker runs it, in a fresh `node`: load the app entry (package.json
// "main") with the local host's @azure/functions-core, then invoke one function once through the
// programming model. Functions load their code on first call (functions/register.ts), so the load
// alone no longer tells what the first request costs; this does, for calls that need no network.
//   node dist/test/bench/firstCall.js <entry> <case>   prints {"loadMs":…,"firstCallMs":…,"outcome":…}
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CoreApi, installCoreApi } from '../../infra/local/host/coreApi';
import { Invoker, triggerOf } from '../../infra/local/host/invoker';
import { FunctionsDurableRunner } from '../../infra/local/host/durableRunner';
import { FunctionIndex } from '../../infra/local/host/registry';
import { executionStartedEvent, runEpisode } from '../../infra/local/durable/episode';
import type { InstanceDoc } from '../../infra/local/durable/instance';
import { BENCH_ENV } from './coldLoad';

/** What each case invokes; none of them reaches Cosmos, ACS or a key endpoint. */
export const FIRST_CALLS = {
  /** GET /api/health: no dependency at all. */
  health: 'health',
  /** GET /api/openapi.json: zod and every schema, then the OpenAPI document built from them. */
  openapi: 'openapi',
  /** GET /api/partner without a token: the handler's module (auth, stores, configuration) up to the 401. */
  unauthenticated: 'getPartner',
  /** The invitation orchestrator's first episode: the SDK's replay machinery, up to scheduling the email. */
  orchestratorEpisode: 'InvitationOrchestrator',
} as const;
export type FirstCall = keyof typeof FIRST_CALLS;

export interface FirstCallSample {
  loadMs: number;
  firstCallMs: number;
  /** HTTP status, or the orchestration's status after the episode. */
  outcome: string;
}

async function invoke(core: CoreApi, which: FirstCall): Promise<string> {
  const invoker = new Invoker(core, {}, () => undefined);
  const index = new FunctionIndex(core);
  const name = FIRST_CALLS[which];
  if (which === 'orchestratorEpisode') {
    const now = Date.now();
    const id = '00000000-0000-4000-8000-000000000001';
    const input = JSON.stringify({
      invitationId: id,
      kind: 'customerRelationship',
      expiresAt: new Date(now + 30 * 86_400_000).toISOString(),
    });
    const started = executionStartedEvent(now, name, id, 'e1', input, null);
    const doc: InstanceDoc = {
      id,
      hub: 'bench',
      name,
      executionId: 'e1',
      runtimeStatus: 'Pending',
      input,
      output: null,
      customStatus: null,
      createdTime: new Date(now).toISOString(),
      lastUpdatedTime: new Date(now).toISOString(),
      parent: null,
      history: [],
      inbox: [{ id: 'm0', executionId: 'e1', event: started }],
      activities: [],
      timers: [],
      outbox: [],
      seen: [],
    };
    const episode = await runEpisode(doc, doc.inbox, now, new FunctionsDurableRunner(index, invoker));
    return `${episode.doc.runtimeStatus}, ${episode.effects.activities.map((a) => a.name).join(', ')} scheduled`;
  }
  const fn = index.get(name, 'httpTrigger');
  if (!fn) throw new Error(`${name} is not registered`);
  const [triggerName, binding] = triggerOf(fn);
  const url = `https://bench.example.com/api/${binding.route as string}`;
  const r = await invoker.invoke(fn, {
    inputData: [
      {
        name: triggerName,
        data: { http: { method: 'GET', url, headers: {}, params: {}, body: { bytes: new Uint8Array() } } },
      },
    ],
  });
  if (r.error !== undefined) throw r.error;
  return String((r.returnValue?.http as { statusCode?: string } | undefined)?.statusCode ?? 200);
}

/** In the child: load, lock registration as the worker does, invoke once. */
async function probe(entry: string, which: FirstCall): Promise<FirstCallSample> {
  const core = new CoreApi(() => undefined);
  installCoreApi(core);
  const t0 = process.hrtime.bigint();
  if (entry.endsWith('.mjs')) await import(pathToFileURL(entry).href);
  else require(entry);
  const t1 = process.hrtime.bigint();
  core.lock();
  await core.programmingModel?.getCapabilities({});
  const t2 = process.hrtime.bigint();
  const outcome = await invoke(core, which);
  const t3 = process.hrtime.bigint();
  return { loadMs: Number(t1 - t0) / 1e6, firstCallMs: Number(t3 - t2) / 1e6, outcome };
}

/** Starts a fresh `node` that loads `entry` and makes one first call; fails loudly on an error. */
export function firstCall(entry: string, which: FirstCall): FirstCallSample {
  const run = spawnSync(process.execPath, [__filename, entry, which], {
    cwd: dirname(entry),
    env: { PATH: process.env.PATH, ...BENCH_ENV },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`first call of ${which} on ${entry} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as FirstCallSample;
}

if (require.main === module) {
  const [entry, which] = process.argv.slice(2) as [string, FirstCall];
  if (!entry || !(which in FIRST_CALLS))
    throw new Error(
      `usage: node ${join('dist', 'test', 'bench', 'firstCall.js')} <entry> <${Object.keys(FIRST_CALLS).join('|')}>`,
    );
  probe(entry, which).then(
    (s) => process.stdout.write(JSON.stringify(s)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
