// `node dist/test/soak/summary.js <batch.jsonl> [label]`: one batch of the soak (the --out file of
// `npm run soak`) as a Markdown section for test/soak/LOG.md.
import { readFileSync } from 'node:fs';
import type { SoakResult } from './soakRun';

const [file, label = file] = process.argv.slice(2);
if (!file) throw new Error('usage: summary.js <batch.jsonl> [label]');
const runs = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as SoakResult & { meanness: number });
const sum = (pick: (r: SoakResult) => number): number => runs.reduce((n, r) => n + pick(r), 0);
const kinds = ['429', '408', '503', 'reset', 'appliedButLost'] as const;
const seeds = runs.map((r) => r.seed);
const failed = runs.filter((r) => !r.ok);
console.log(`### ${label}`);
console.log(
  `- seeds ${Math.min(...seeds)}..${Math.max(...seeds)}, meanness ${[...new Set(runs.map((r) => r.meanness))].join('/')}: **${runs.length} runs, ${failed.length} failed**`,
);
console.log(
  `- Cosmos faults: ${kinds.map((k) => `${k} ${sum((r) => r.cosmosFaults[k] ?? 0)}`).join(', ')}; ACS faults ${sum((r) => r.acsFaults)}; host SIGKILLs ${sum((r) => r.kills)}; invitations ${sum((r) => r.invitations)}; ${Math.round(sum((r) => r.ms) / 60_000)} min of run time (summed)`,
);
const hooked = runs.filter((r) => r.webhooks);
if (hooked.length)
  console.log(
    `- webhooks (${hooked.length} runs): ${sum((r) => r.webhooks?.expected ?? 0)} events due, ${sum((r) => r.webhooks?.delivered ?? 0)} deliveries answered 2xx (${sum((r) => r.webhooks?.redelivered ?? 0)} of them again, same id and body), ${sum((r) => r.webhooks?.refused ?? 0)} refused by the receiver on purpose`,
  );
const raced = runs.filter((r) => r.racedRenewal);
if (raced.length) {
  const n = (o: string) => raced.filter((r) => r.racedRenewal === o).length;
  console.log(
    `- the renewal raced with the sweep (${raced.length} runs): recorded first ${n('recordedFirst')}, the sweep's expiry first ${n('expiredFirst')}, refused as past the end ${n('refusedPastEnd')}`,
  );
}
for (const r of failed)
  console.log(
    `- seed ${r.seed} failed: ${(r.broken[0] ?? '').slice(0, 240)}${r.broken.length > 1 ? ` (+${r.broken.length - 1} more)` : ''}`,
  );
