// `npm run soak -- --runs N --seed S [--meanness M] [--parallel K] [--out file.jsonl]`: N soak
// runs, seeds S, S+1, …, K at a time (default 1). Each run prints one line; a failing run prints
// its seed and its first broken invariant (`npm run soak -- --runs 1 --seed <seed>` replays it). At
// the end, a summary: runs, failures, Cosmos faults by kind, ACS faults, kills.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CosmosFaultKind } from '../../infra/local/cosmos/faults';
import { startCosmos } from '../support/hostProcess';
import { type SoakResult, soakRun } from './soakRun';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      meanness: { type: 'string', default: '0' },
      parallel: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const first = Number(values.seed);
  const meanness = Number(values.meanness);
  // Runs mostly wait (SDK back-offs, Retry-After, durable timers): two at a time use about half a core.
  const parallel = Number(values.parallel);
  if (![runs, first, meanness, parallel].every(Number.isInteger) || runs < 1 || parallel < 1)
    throw new Error('--runs, --seed, --meanness and --parallel take whole numbers (runs, parallel ≥ 1)');
  const totals = {
    runs: 0,
    failed: [] as number[],
    cosmos: {} as Record<CosmosFaultKind, number>,
    acs: 0,
    kills: 0,
    invitations: 0,
    ms: 0,
  };
  let next = first;
  const worker = async (): Promise<void> => {
    for (let seed = next++; seed < first + runs; seed = next++) await one(seed);
  };
  /**
   * A run whose stack cannot start (a port another process took between its probe and the host's
   * listen, with several soaks on one machine) is started again, up to 3 times; then the seed is
   * skipped, said so and not recorded: it is the machine's failure, not the product's.
   */
  const started = async (seed: number): Promise<SoakResult | undefined> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await soakRun(seed, { meanness });
      } catch (e) {
        const why = (e as Error).message.split('\n').slice(0, 2).join(' ');
        if (attempt >= 3) {
          console.log(`seed ${seed} skipped (not recorded): the stack did not start: ${why}`);
          return undefined;
        }
        console.log(`seed ${seed} not started (${why}); starting it again`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  };
  const one = async (seed: number): Promise<void> => {
    const r = await started(seed);
    if (!r) return;
    totals.runs++;
    for (const [k, n] of Object.entries(r.cosmosFaults) as Array<[CosmosFaultKind, number]>)
      totals.cosmos[k] = (totals.cosmos[k] ?? 0) + n;
    totals.acs += r.acsFaults;
    totals.kills += r.kills;
    totals.invitations += r.invitations;
    totals.ms += r.ms;
    const faults = Object.entries(r.cosmosFaults)
      .filter(([, n]) => n)
      .map(([k, n]) => `${k}:${n}`)
      .join(' ');
    if (r.ok)
      console.log(
        `seed ${seed} ok: ${r.invitations} invitations, cosmos faults {${faults}}, acs faults ${r.acsFaults}, kills ${r.kills}${r.webhooks ? `, events ${r.webhooks.expected} (deliveries ${r.webhooks.delivered}, again ${r.webhooks.redelivered})` : ''}${r.racedRenewal ? `, raced renewal ${r.racedRenewal}` : ''}, ${r.ms} ms`,
      );
    else {
      totals.failed.push(seed);
      console.log(
        `seed ${seed} FAILED (replay: npm run soak -- --runs 1 --seed ${seed}${meanness ? ` --meanness ${meanness}` : ''}): ${r.broken[0]}`,
      );
      for (const b of r.broken.slice(1, 8)) console.log(`    also: ${b}`);
      if (process.env.SOAK_VERBOSE) console.log(r.output);
      // Every broken invariant and the hosts' last output, beside the log (in the gitignored .data/).
      const dir = path.resolve(process.env.SOAK_FAILURE_DIR ?? '.data/soak-failures');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, `seed-${seed}-m${meanness}-${Date.now()}.log`),
        `${r.broken.join('\n')}\n\n${r.output ?? ''}`,
      );
    }
    if (values.out) appendFileSync(values.out, `${JSON.stringify({ ...r, meanness, output: undefined })}\n`);
  };
  // The Cosmos stand-in makes its certificate on first start: once here, not by two runs at once.
  await (await startCosmos()).cosmos.close();
  await Promise.all(Array.from({ length: parallel }, worker));
  console.log(
    `SOAK SUMMARY seeds ${first}..${first + runs - 1} meanness ${meanness}: ${totals.runs} runs, ${totals.failed.length} failed ${JSON.stringify(totals.failed)}, cosmos faults ${JSON.stringify(totals.cosmos)}, acs faults ${totals.acs}, kills ${totals.kills}, invitations ${totals.invitations}, ${Math.round(totals.ms / 1000)} s`,
  );
  process.exitCode = totals.failed.length ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
