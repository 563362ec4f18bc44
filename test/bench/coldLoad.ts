import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * A folder for NODE_PATH holding a no-op `@azure/functions-core`. The Functions worker provides the
 * real one; without any, @azure/functions falls back to test mode and skips registration, so the
 * stub keeps registration (part of a real cold start) in both measurements.
 */
export function functionsCoreStub(): string {
  const nodePath = join(mkdtempSync(join(tmpdir(), 'bench-core-')), 'node_modules');
  const dir = join(nodePath, '@azure', 'functions-core');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"@azure/functions-core","main":"index.js"}');
  writeFileSync(
    join(dir, 'index.js'),
    "module.exports = new Proxy({}, { get: (_, k) => (k === 'then' || typeof k === 'symbol' ? undefined : () => ({ dispose() {} })) });",
  );
  return nodePath;
}

/** Values that satisfy shared/config.ts, in case a module parses the configuration at import (or at a first call). */
export const BENCH_ENV = {
  COSMOS_ENDPOINT: 'https://bench.documents.azure.com:443/',
  ACS_ENDPOINT: 'https://bench.communication.azure.com/',
  AUTH_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  AUTH_AUDIENCE: 'api://bench',
  AUTH_JWKS_URI: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
  PUBLIC_BASE_URL: 'https://bench.example.com',
  INVITATION_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret',
};

// Runs in the child: time only the load of the entry, so node's own boot is not counted. The entry is
// loaded as the Functions worker loads package.json "main": require() for CommonJS, import() for an
// ES module (.mjs; the time then includes starting Node's ES module loader).
const PROBE =
  'const t=process.hrtime.bigint(),f=process.argv[1];' +
  "(f.endsWith('.mjs')?import(require('node:url').pathToFileURL(f).href):Promise.resolve(require(f)))" +
  '.then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)))';

export interface LoadSample {
  /** Time spent loading the entry (require, or import() of an ES module), in ms. */
  readonly loadMs: number;
  /** Wall time of the whole `node` process (boot + load + exit), in ms. */
  readonly processMs: number;
}

/** Starts a fresh `node` that requires `entry` once; fails loudly if the entry throws. */
export function coldLoad(entry: string, nodePath: string, nodeArgs: readonly string[] = []): LoadSample {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [...nodeArgs, '-e', PROBE, entry], {
    cwd: dirname(entry),
    env: { PATH: process.env.PATH, NODE_PATH: nodePath, ...BENCH_ENV },
    encoding: 'utf8',
  });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`loading ${entry} failed:\n${run.stderr}`);
  return { loadMs: Number(run.stdout), processMs };
}
