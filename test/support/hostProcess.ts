import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { LocalCosmos, startLocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { checkContract, exemptFromContract } from './openapiContract';

/** The repository root, from the source (test/support) or the build output (dist/test/support, for benches). */
export const repoRoot = ((up = path.resolve(__dirname, '../..')) =>
  path.basename(up) === 'dist' ? path.dirname(up) : up)();

/** A host child process (the real `npm run host` entry) on a random port. */
export interface HostProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** `virtualTimeStart`: where the virtual clock starts (default now), e.g. where a killed host had skipped to. */
/**
 * `apiContract: false`: the app is a test fixture, not the product, so its /api responses are not
 * checked against the product's OpenAPI document.
 */
export async function spawnHost(opts: {
  appDir: string;
  env: NodeJS.ProcessEnv;
  virtualTime?: boolean;
  virtualTimeStart?: Date;
  port?: number;
  apiContract?: boolean;
}): Promise<HostProcess> {
  const args = [
    path.join(repoRoot, 'dist/infra/local/host/cli.js'),
    '--app',
    opts.appDir,
    '--port',
    String(opts.port ?? 0),
  ];
  if (opts.virtualTime !== false) args.push('--virtual-time');
  if (opts.virtualTimeStart) args.push('--virtual-time-start', opts.virtualTimeStart.toISOString());
  // BENCH_HOST_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=.data/prof`) go to the host's node: flags
  // NODE_OPTIONS refuses.
  const nodeArgs = (process.env.BENCH_HOST_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 30000);
    const onData = (): void => {
      const m = /HOST_READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
  });
  if (opts.apiContract === false) exemptFromContract(url);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The Cosmos-protocol server in this (test) process, so it outlives host crashes. */
export async function startCosmos(): Promise<{ cosmos: LocalCosmos; env: NodeJS.ProcessEnv }> {
  const cosmos = await startLocalCosmos({ certDir: path.join(repoRoot, '.data', 'certs') });
  const env = {
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: cosmos.key,
    COSMOS_CA_CERT_FILE: cosmos.caCertFile,
    COSMOS_DATABASE: `test${process.pid}${Math.floor(Math.random() * 1e6)}`,
  };
  return { cosmos, env };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * JSON over HTTP with the status kept. Every response of a product host's `/api/...` is checked
 * against the OpenAPI document that host serves (test/support/openapiContract.ts): a response the
 * document does not describe throws.
 */
export async function call(
  url: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const { json, ...rest } = init;
  const method = rest.method ?? (json !== undefined ? 'POST' : 'GET');
  const res = await fetch(url, {
    ...rest,
    method,
    headers: {
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(rest.headers as Record<string, string> | undefined),
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  await checkContract(method, url, res.status, res.headers, body, text);
  return { status: res.status, headers: res.headers, body };
}

/** A port that was free a moment ago (for hosts whose public URL must be known before they start). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
