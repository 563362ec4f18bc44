// `npm run bench`: runs every bench module in this folder and prints its figures.
//   npm run bench                 all of them
//   npm run bench -- durable      only the named ones (file names without extension)
// A bench module exports an async `bench<Name>()` returning its figures (benches are not tests and
// assert nothing); modules are found by that export, so a new bench needs no change here. Helper
// modules (no such export) are not loaded.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Run first, in this order; any other bench module follows alphabetically. */
const FIRST = ['durable', 'bundle'];

function benchModules(): string[] {
  const names = readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'run.js')
    .filter((f) => /exports\.bench[A-Z]\w*\s*=/.test(readFileSync(join(__dirname, f), 'utf8')))
    .map((f) => basename(f, '.js'));
  const rank = (n: string): number => (FIRST.includes(n) ? FIRST.indexOf(n) : FIRST.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const modules = benchModules().filter((n) => wanted.length === 0 || wanted.includes(n));
  for (const w of wanted) if (!modules.includes(w)) console.error(`[bench] ${w}: no such bench module in ${__dirname}`);
  let failed = false;
  for (const name of modules) {
    const mod = require(join(__dirname, `${name}.js`)) as Record<string, unknown>;
    const entry = Object.entries(mod).find(
      ([k, v]) => /^bench[A-Z]/.test(k) && typeof v === 'function',
    )?.[1] as () => Promise<unknown>;
    console.error(`[bench] ${name}: running`);
    const t0 = performance.now();
    try {
      const figures = await entry();
      console.log(
        `\n=== ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s) ===\n${JSON.stringify(figures, null, 2)}`,
      );
    } catch (err) {
      failed = true;
      console.error(`[bench] ${name} failed: ${(err as Error)?.stack ?? err}`);
    }
  }
  if (failed) process.exitCode = 1;
}

void main();
