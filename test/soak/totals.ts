// `node dist/test/soak/totals.js test/soak/batches/*.jsonl`: the totals of every recorded batch
// (the "Totals so far" of test/soak/LOG.md): runs, failed runs, faults by kind, kills, invitations,
// and for meanness 4 the webhook events due and deliveries.
import { readFileSync } from 'node:fs';
import type { SoakResult } from './soakRun';

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: totals.js <batch.jsonl>…');
const runs = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SoakResult & { meanness: number }),
);
const sum = (pick: (r: SoakResult) => number, of = runs): number => of.reduce((n, r) => n + pick(r), 0);
const kinds = ['429', '408', '503', 'reset', 'appliedButLost'] as const;
const byMeanness = new Map<number, number>();
for (const r of runs) byMeanness.set(r.meanness, (byMeanness.get(r.meanness) ?? 0) + 1);
const hooked = runs.filter((r) => r.webhooks);
const cosmos = kinds.map((k) => `${k} ×${sum((r) => r.cosmosFaults[k] ?? 0)}`);
console.log(
  `${runs.length} runs (${[...byMeanness]
    .sort(([a], [b]) => a - b)
    .map(([m, n]) => `${n} at meanness ${m}`)
    .join(', ')}), ${runs.filter((r) => !r.ok).length} failed`,
);
console.log(
  `Cosmos faults ${sum((r) => kinds.reduce((n, k) => n + (r.cosmosFaults[k] ?? 0), 0))}: ${cosmos.join(', ')}; ACS faults ×${sum((r) => r.acsFaults)}; host SIGKILLs ×${sum((r) => r.kills)}; invitations ${sum((r) => r.invitations)}`,
);
if (hooked.length)
  console.log(
    `webhooks (${hooked.length} runs): ${sum((r) => r.webhooks?.expected ?? 0, hooked)} events due, ${sum((r) => r.webhooks?.delivered ?? 0, hooked)} deliveries answered 2xx (${sum((r) => r.webhooks?.redelivered ?? 0, hooked)} again), ${sum((r) => r.webhooks?.refused ?? 0, hooked)} refused on purpose`,
  );
const raced = runs.filter((r) => r.racedRenewal);
if (raced.length) {
  const n = (o: string) => raced.filter((r) => r.racedRenewal === o).length;
  console.log(
    `the renewal raced with the sweep (${raced.length} runs): recorded first ${n('recordedFirst')}, the sweep's expiry first ${n('expiredFirst')}, refused as past the end ${n('refusedPastEnd')}`,
  );
}
