// `npm run bench`: runs every bench module present in this folder and prints its figures.
//   npm run bench                 all of them
//   npm run bench -- durable      only the named ones (durable, bundle)
// Each module exports an async `bench<Name>()` returning its figures; benches are not tests and
// assert nothing. A module that is absent (owned by someone else, not written yet) is skipped.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const MODULES = ['durable', 'bundle'] as const;

type BenchModule = Record<string, unknown>;

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const results: Record<string, unknown> = {};
  let failed = false;
  for (const name of MODULES) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const file = join(__dirname, `${name}.js`);
    if (!existsSync(file)) {
      console.error(`[bench] ${name}: not present, skipped`);
      continue;
    }
    const mod = require(file) as BenchModule;
    const entry = Object.entries(mod).find(([k, v]) => /^bench[A-Z]/.test(k) && typeof v === 'function')?.[1] as (() => Promise<unknown>) | undefined;
    if (!entry) {
      console.error(`[bench] ${name}: exports no bench<Name>() function, skipped`);
      continue;
    }
    console.error(`[bench] ${name}: running`);
    const t0 = performance.now();
    try {
      results[name] = await entry();
      console.log(`\n=== ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s) ===\n${JSON.stringify(results[name], null, 2)}`);
    } catch (err) {
      failed = true;
      console.error(`[bench] ${name} failed: ${(err as Error)?.stack ?? err}`);
    }
  }
  if (failed) process.exitCode = 1;
}

void main();
