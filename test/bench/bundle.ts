// Bench of the deployment package: zipped size, and module-load time of the esbuild bundle against
// the unbundled tsc build, each the median of fresh `node` processes; then load plus one first call
// of a few functions (firstCall.ts), since each function's code now loads on its first call.
//   npx tsc -p . && node dist/test/bench/bundle.js
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import type * as Packager from '../../infra/package/build.cjs';
import { coldLoad, functionsCoreStub, median } from './coldLoad';
import { FIRST_CALLS, firstCall, type FirstCall, type FirstCallSample } from './firstCall';

const TARGETS = { zipBytes: 5 * 1024 * 1024, loadMs: 300, speedup: 3 };

/** The repository root, from the source (jest) or the build output (dist/test/bench). */
function repoRoot(from = __dirname): string {
  if (existsSync(join(from, 'host.json')) && existsSync(join(from, 'package.json'))) return from;
  if (dirname(from) === from) throw new Error('repository root not found');
  return repoRoot(dirname(from));
}

/** Median load and process times of `runs` cold starts per entry, taken in turns so drift hits both. */
function compare(
  entries: Record<string, string>,
  runs: number,
  nodePath: string,
  nodeArgs: Record<string, string[]> = {},
) {
  const samples = Object.fromEntries(
    Object.keys(entries).map((k) => [k, [] as { loadMs: number; processMs: number }[]]),
  );
  for (let i = 0; i < runs; i++) {
    for (const [name, entry] of Object.entries(entries)) samples[name].push(coldLoad(entry, nodePath, nodeArgs[name]));
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return Object.fromEntries(
    Object.entries(samples).map(([k, s]) => [
      k,
      {
        medianLoadMs: round(median(s.map((x) => x.loadMs))),
        medianProcessMs: round(median(s.map((x) => x.processMs))),
      },
    ]),
  );
}

/** Bundles `source` into a scratch folder and compares its load with the unbundled `unbundled`. */
async function bundleAndCompare(
  root: string,
  packager: typeof Packager,
  source: string,
  unbundled: string,
  runs: number,
  nodePath: string,
) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  try {
    await build(packager.bundleOptions(root, source, dir));
    const bundled = join(dir, packager.ENTRY_FILE);
    const zipBytes = await packager.zipDirectory(dir, `${dir}.zip`);
    const times = compare({ bundled, unbundled }, runs, nodePath);
    return { zipBytes, ...times, speedup: ratio(times.unbundled.medianLoadMs, times.bundled.medianLoadMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}.zip`, { force: true });
  }
}

/**
 * Load plus one first call, per case and entry (fresh processes, in turns): what a cold start that
 * serves a request costs now that each function's code loads on its first call.
 */
function firstCalls(entries: { bundle: string; unbundled: string }, runs: number) {
  const round = (n: number) => Math.round(n * 10) / 10;
  return Object.fromEntries(
    (Object.keys(FIRST_CALLS) as FirstCall[]).map((which) => {
      const samples = Object.fromEntries(Object.keys(entries).map((k) => [k, [] as FirstCallSample[]]));
      for (let i = 0; i < runs; i++)
        for (const [name, entry] of Object.entries(entries)) samples[name].push(firstCall(entry, which));
      const figures = Object.fromEntries(
        Object.entries(samples).map(([k, s]) => [
          k,
          {
            outcome: [...new Set(s.map((x) => x.outcome))].join(' | '),
            medianLoadMs: round(median(s.map((x) => x.loadMs))),
            medianFirstCallMs: round(median(s.map((x) => x.firstCallMs))),
            medianLoadPlusFirstCallMs: round(median(s.map((x) => x.loadMs + x.firstCallMs))),
          },
        ]),
      );
      const total = (k: keyof typeof entries) => figures[k]?.medianLoadPlusFirstCallMs as number;
      return [which, { function: FIRST_CALLS[which], ...figures, speedup: ratio(total('unbundled'), total('bundle')) }];
    }),
  );
}

/**
 * What bundling does to the SDKs, which the app loads on first use: the SDK surface the design uses
 * (fixtures/sdkSurface.ts), and the upper bound of requiring every runtime dependency of
 * package.json whole, each bundled against unbundled.
 */
async function projections(root: string, packager: typeof Packager, runs: number, nodePath: string) {
  const surface = join('test', 'bench', 'fixtures', 'sdkSurface');
  const deps = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {});
  const dir = mkdtempSync(join(tmpdir(), 'bench-deps-'));
  try {
    const everything = join(dir, 'entry.cjs');
    writeFileSync(
      everything,
      deps.map((d) => `require(${JSON.stringify(require.resolve(d, { paths: [root] }))});`).join('\n'),
    );
    return {
      sdkSurface: await bundleAndCompare(
        root,
        packager,
        `${surface}.ts`,
        join(root, 'dist', `${surface}.js`),
        runs,
        nodePath,
      ),
      everyDependencyWhole: {
        dependencies: deps,
        ...(await bundleAndCompare(root, packager, everything, everything, runs, nodePath)),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The package's files: the entry and the others at the top, the chunks counted. */
function summary(files: Readonly<Record<string, number>>) {
  const chunks = Object.entries(files).filter(([f]) => f.startsWith('chunks/'));
  const code = chunks.filter(([f]) => f.endsWith('.mjs'));
  return {
    ...Object.fromEntries(Object.entries(files).filter(([f]) => !f.includes('/'))),
    chunks: {
      files: chunks.length,
      codeFiles: code.length,
      codeBytes: code.reduce((n, [, b]) => n + b, 0),
      bytes: chunks.reduce((n, [, b]) => n + b, 0),
    },
  };
}

const ratio = (slow: number, fast: number) => Math.round((slow / fast) * 100) / 100;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Builds the package and measures it; `runs` cold starts per entry (at least 15). */
export async function benchBundle(runs = 21): Promise<Record<string, unknown>> {
  const root = repoRoot();
  const packager: typeof Packager = require(join(root, 'infra', 'package', 'build.cjs'));
  const unbundled = join(root, 'dist', 'functions', 'index.js');
  if (!existsSync(unbundled)) throw new Error(`${unbundled} is missing: run npx tsc -p . first`);
  const n = Math.max(15, runs);
  const loadAtStart = loadavg()[0] as number;
  const pkg = await packager.buildPackage(root);
  const bundle = pkg.entry;
  const nodePath = functionsCoreStub();
  try {
    const times = compare({ bundle, unbundled, bundleWithSourceMaps: bundle }, n, nodePath, {
      bundleWithSourceMaps: ['--enable-source-maps'],
    });
    const speedup = ratio(times.unbundled.medianLoadMs, times.bundle.medianLoadMs);
    const firstCall = firstCalls({ bundle, unbundled }, n);
    const projected = await projections(root, packager, n, nodePath);
    return {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      // Other work on the machine skews the figures: the 1-minute load average before and after.
      loadAverage: { atStart: round2(loadAtStart), atEnd: round2(loadavg()[0] as number) },
      runsPerEntry: n,
      zipBytes: pkg.zipBytes,
      zipMiB: Math.round((pkg.zipBytes / 1024 / 1024) * 1000) / 1000,
      files: summary(pkg.files),
      ...times,
      speedup,
      targets: {
        zipAtMost5MB: pkg.zipBytes <= TARGETS.zipBytes,
        loadAtMost300ms: times.bundle.medianLoadMs <= TARGETS.loadMs,
        atLeast3xFaster: speedup >= TARGETS.speedup,
      },
      // Not a target: load + the first call of one function, per case (see firstCall.ts).
      loadPlusFirstCall: firstCall,
      projections: projected,
    };
  } finally {
    rmSync(dirname(nodePath), { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchBundle().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
