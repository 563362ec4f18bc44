// One soak run: the direct-invitation workload (test/support/invitationWorkload.ts) and the
// indirect one (indirectWorkload.ts) on the real stack, with seeded Cosmos faults, ACS faults and
// SIGKILLs of the host, then every invariant. Everything is drawn from the seed, so the seed
// replays the run (the exact interleaving still varies a little, as in the crash suites).
import { contosoDirect } from '../../infra/local/identity/demoDirectory';
import { type CosmosFaultKind, type CosmosFaultRule, cosmosFaultKinds } from '../../infra/local/cosmos/faults';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { crashHarness } from '../support/crashHarness';
import { call } from '../support/hostProcess';
import { checkInvariants } from '../support/invitationCrashChecks';
import { type Phase, runInvitationWorkload } from '../support/invitationWorkload';
import { between, prng } from '../support/prng';
import { startProductStack } from '../support/productStack';
import { type IndirectRun, planIndirect, runIndirect } from './indirectWorkload';
import { repliesInvariants, storeInvariants } from './invariants';
import { storeReader } from './storeReader';
import { missingEvents, readTrail, type WebhookTally, waveInvariants, webhookInvariants } from './waveInvariants';
import { planWave, type RacedOutcome, registerEndpoints, runWave, type WaveRun } from './waveWorkload';
import { type Receiver, startReceiver } from '../support/webhookReceiver';

export interface SoakOptions {
  /**
   * 0: the plain soak; 1–3: more faults, more kills at random moments, answers overlapping resends;
   * 4: also the second wave's features (webhooks to every partner, bounces, grant expiry and
   * renewal, a renewal accepted as the sweep expires its grant, a batch) with their invariants, at
   * meanness 3's fault rates.
   */
  meanness?: number;
  /** A smaller workload (the short soak inside npm test). */
  short?: boolean;
}

export interface SoakResult {
  seed: number;
  ok: boolean;
  /** Every broken invariant, the first first; or the error that stopped the run. */
  broken: string[];
  cosmosFaults: Record<CosmosFaultKind, number>;
  acsFaults: number;
  kills: number;
  invitations: number;
  ms: number;
  /** The last host output, when the run failed. */
  output?: string;
  /** Meanness 4: the webhook deliveries the receiver saw. */
  webhooks?: WebhookTally;
  /** Meanness 4: how the renewal raced with the sweep's expiry went (waveWorkload.ts). */
  racedRenewal?: RacedOutcome;
}

/** From this meanness on, a run also drives the second wave's features. */
export const WAVE_MEANNESS = 4;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** The product's containers; the durable engine's own (a stand-in, not the product) is left alone. */
const productContainers = Object.values(containers)
  .map((c) => c.id)
  .filter((id) => id !== containers.durableInstances.id);
const WRITES = ['create', 'replace', 'upsert', 'patch', 'delete', 'batch'] as const;

/** The run's Cosmos fault plan: each kind at a seeded rate (some runs without some kinds). */
export function cosmosPlan(rnd: () => number, meanness: number): { seed: number; rules: CosmosFaultRule[] } {
  // Meanness 4 adds features, not faults: more would mostly make runs slower, not meaner.
  const scale = 1 + Math.min(meanness, 3);
  const rules: CosmosFaultRule[] = [];
  for (const fault of cosmosFaultKinds) {
    if (rnd() > 0.75) continue;
    const max = fault === '429' ? 0.06 : 0.012;
    const probability = Math.min(0.5, rnd() * max * scale);
    const operations = fault === 'appliedButLost' ? [...WRITES] : undefined;
    rules.push({
      fault,
      containers: productContainers,
      probability,
      ...(operations ? { operations } : {}),
      ...(fault === '429' ? { retryAfterMs: between(rnd, 1, 30) } : {}),
    });
  }
  return { seed: Math.floor(rnd() * 2 ** 31), rules };
}

export async function soakRun(seed: number, opts: SoakOptions = {}): Promise<SoakResult> {
  const meanness = opts.meanness ?? 0;
  const started = Date.now();
  const faultRnd = prng(seed ^ 0x9e3779b9);
  const killRnd = prng(seed ^ 0x5bd1e995);
  const planRnd = prng(seed ^ 0x7f4a7c15);
  const label = `s${seed}`;
  const withWave = meanness >= WAVE_MEANNESS;
  const waveRnd = prng(seed ^ 0x2545f491);
  const receiver: Receiver | undefined = withWave ? await startReceiver() : undefined;
  const stack = await startProductStack({
    INVITER_SENDS_PER_HOUR: '0',
    ...(withWave ? { WEBHOOK_ALLOW_LOCAL_HTTP: 'true' } : {}),
  }).catch(async (e: unknown) => {
    await receiver?.close(); // the CLI starts the run again (cli.ts)
    throw e;
  });
  // The short soak waits less on a Retry-After and on a standstill (it must fit inside npm test).
  const harness = crashHarness(stack, killRnd, { retryStatuses: [500, 503], maxRetryAfterMs: opts.short ? 200 : 1000 });
  const standstill = opts.short ? 12 : 30;
  const watch = createCosmosClient({
    endpoint: stack.env.COSMOS_ENDPOINT as string,
    key: stack.env.COSMOS_KEY,
    caCertFile: stack.env.COSMOS_CA_CERT_FILE,
  });
  const plan = cosmosPlan(faultRnd, meanness);
  let acsFaults = 0;
  let indirect: IndirectRun | undefined;
  let invitations = 0;
  const wavePlan = planWave(waveRnd, label);
  const wave: WaveRun = { endpoints: [], bounced: [] };
  let webhooks: WebhookTally | undefined;

  /** What moves when the system makes progress: the durable engine's instance documents. */
  const signature = async (): Promise<string> => {
    const q = watch
      .database(stack.env.COSMOS_DATABASE as string)
      .container(containers.durableInstances.id)
      .items.query<string>('SELECT VALUE c._etag FROM c');
    return (await q.fetchAll()).resources.join();
  };
  /**
   * Waits by progress, not by the clock: while the durable state keeps changing it waits on; when
   * it has stood still for a while, durable time moves 5 minutes (retry timers of an outage
   * fire); only 40 such skips without reaching the goal fail the run.
   */
  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    let last = '';
    let still = 0;
    for (let skips = 0; ;) {
      await call(`${stack.url}/dev/time/settle`, { method: 'POST' }).catch(() => undefined);
      let v: T | undefined;
      try {
        v = await probe();
      } catch (e) {
        if ((e as Error).message.startsWith('orchestration ')) throw e;
      }
      if (v !== undefined) return v;
      const sig = await signature().catch(() => last);
      if (sig !== last) {
        last = sig;
        still = 0;
      } else if (++still >= standstill) {
        still = 0;
        if (++skips > 40)
          throw new Error(`no progress toward ${what}: 40 skips of 5 minutes of durable time changed nothing`);
        const r = await call(`${stack.url}/dev/time/advance`, { json: { ms: 5 * 60_000 } }).catch(() => undefined);
        if (r?.body?.now) harness.clockAt(new Date(r.body.now));
      }
      await sleep(50);
    }
  };
  // Meaner runs: besides the workload's kills (one by progress in most phases), kills at a random
  // moment shortly after a phase starts, whatever is in flight.
  const extraKills: Array<Promise<void>> = [];
  const onPhase = async (phase: Phase): Promise<void> => {
    if (phase !== 'observe' && meanness > 0 && faultRnd() < 0.4 * meanness) {
      const after = between(faultRnd, 0, 1500);
      extraKills.push(sleep(after).then(() => harness.crash(`${phase}, at random`)));
    }
    if (phase === 'observe') {
      await Promise.all(extraKills);
      stack.cosmos.faults.clear();
      stack.emailSink.clearFaults();
      // The sweep runs every 15 minutes; the last one of the skip may have met a fault that
      // outlived its retries (the whole run then fails and the next one does its work). One more,
      // with the faults gone, before the grants' and batches' invariants.
      if (receiver) {
        const r = await call(`${stack.url}/dev/time/advance`, { json: { ms: 16 * 60_000 } }).catch(() => undefined);
        if (r?.body?.now) harness.clockAt(new Date(r.body.now));
        await until('the sweep after the faults', async () => true);
      }
      return;
    }
    if (phase === 'create' && receiver) {
      wave.endpoints = await registerEndpoints({ stack, harness, killRnd, receiver, until }, wavePlan);
      // ACS's delivery reports, as the Event Grid subscription of the deployment sends them.
      stack.emailSink.deliveryReports.reportTo(
        `${stack.url}/runtime/webhooks/eventgrid?functionName=EmailDeliveryReport`,
      );
    }
    if (phase === 'create') stack.cosmos.faults.set(plan);
    if (faultRnd() < 0.5 + 0.2 * meanness) {
      const status = ([503, 500, 429] as const)[between(faultRnd, 0, 2)] as 503 | 500 | 429;
      const count = between(faultRnd, 1, 4 + 2 * meanness);
      stack.emailSink.injectFaults({ status, count, ...(status !== 500 ? { retryAfterSeconds: 1 } : {}) });
      acsFaults += count;
    }
    if (phase === 'expire') {
      indirect = await runIndirect(
        { stack, harness, killRnd, withKills: true, until },
        planIndirect(planRnd, label, opts.short),
      );
      if (receiver) await runWave({ stack, harness, killRnd, receiver, until }, wavePlan, wave);
    }
  };

  const result = (broken: string[], output?: string): SoakResult => ({
    seed,
    ok: broken.length === 0,
    broken,
    cosmosFaults: stack.cosmos.faults.counts(),
    acsFaults: acsFaults - stack.emailSink.pendingFaults(),
    kills: harness.kills.length,
    invitations,
    ms: Date.now() - started,
    ...(output ? { output } : {}),
    ...(webhooks ? { webhooks } : {}),
    ...(wave.raced?.outcome ? { racedRenewal: wave.raced.outcome } : {}),
  });
  try {
    const { observed } = await runInvitationWorkload({
      seed,
      label,
      withKills: true,
      stack,
      harness,
      killRnd,
      count: opts.short ? [5, 7] : [10, 16],
      raceShare: 0.4,
      overlapResends: meanness > 0,
      until,
      onPhase,
    });
    // The direct checks look at the direct partner's invitations; the indirect ones have their own.
    observed.invitations = observed.invitations.filter((i) => i.partnerTenantId === contosoDirect.tenantId);
    invitations = observed.invitations.length + (indirect?.multiParty.length ?? 0) + 1;
    const waveBroken: string[] = [];
    if (receiver) {
      invitations += wave.bounced.length + 5 + (wave.batch?.validRows ?? 0);
      // Deliveries retry on durable timers: wait (by progress) until each event arrived, or report what did not.
      const baseUrl = stack.env.PUBLIC_BASE_URL as string;
      await until('every event delivered', async () =>
        missingEvents(await readTrail(stack), wave, receiver, baseUrl).length === 0 ? true : undefined,
      ).catch(() => undefined);
      // The raced renewal's record is not waited for by the workload (it races the sweep).
      const racedId = wave.raced?.accept?.reply.status === 200 ? wave.raced.renewalId : undefined;
      if (racedId)
        await until('the raced renewal recorded', async () => {
          const store = storeReader(stack);
          try {
            const inv = (await store.all('invitations')).find((i) => i.id === racedId);
            return inv?.status === 'recorded' ? true : undefined;
          } finally {
            store.dispose();
          }
        }).catch(() => undefined);
      const checked = await webhookInvariants(stack, wave, receiver);
      webhooks = checked.tally;
      waveBroken.push(...(await waveInvariants(stack, wave)), ...checked.broken);
    }
    const broken = [
      ...repliesInvariants(harness.seen),
      ...checkInvariants(observed, { exact: false, overlap: meanness > 0 }),
      ...(await storeInvariants(stack, indirect)),
      ...waveBroken,
    ];
    return result(broken, broken.length ? harness.output().slice(-400_000) : undefined);
  } catch (e) {
    return result([`run stopped: ${(e as Error).message.split('\n')[0]}`], harness.output().slice(-400_000));
  } finally {
    watch.dispose();
    await stack.stop().catch(() => undefined);
    await receiver?.close();
  }
}
