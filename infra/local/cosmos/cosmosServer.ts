import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { generate } from 'selfsigned';
import { type CosmosFaults, createCosmosFaults, injectCosmosFaults } from './faults';
import { scopeQueriesToPartition } from './partitionScope';

/** The Cosmos emulator's well-known key; the local server accepts any key, the SDK needs one. */
export const LOCAL_COSMOS_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

export interface LocalCosmos {
  endpoint: string;
  key: string;
  caCertFile: string;
  port: number;
  /** Fault injection (off until a plan is set); also served at `POST /dev/cosmos/faults` on this port. */
  faults: CosmosFaults;
  close(): Promise<void>;
}

/**
 * Starts the Cosmos-protocol server from @vercel/cosmosdb-server over TLS. Its bundled
 * certificate expired in 2021, so a fresh self-signed one is made for localhost (and kept in the
 * data folder while valid); clients trust it through their own HTTPS agent.
 */
export async function startLocalCosmos(opts: { port?: number; host?: string; certDir: string }): Promise<LocalCosmos> {
  const { key, cert, caCertFile } = await certificate(opts.certDir);
  // keepAlive: without it the package answers every request with `Connection: close`, so each
  // request paid a new TLS handshake (~3 ms of CPU on 2 cores; measured in test/bench/durable.ts).
  const server = createHttpsServer({ key, cert, keepAlive: true });
  // Node closes idle keep-alive sockets after 5 s; a client reusing one at that instant gets
  // "socket hang up" on a write, which the SDK does not retry. The real service keeps them far
  // longer, so the stand-in does too.
  server.keepAliveTimeout = 10 * 60_000;
  server.headersTimeout = server.keepAliveTimeout + 1_000;
  // Queries with a partition key answer from that partition only, as Cosmos does.
  scopeQueriesToPartition(server);
  // In front of everything: throttling, timeouts, failovers and dropped connections on demand.
  const faults = createCosmosFaults();
  injectCosmosFaults(server, faults);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `https://localhost:${port}/`,
    key: LOCAL_COSMOS_KEY,
    caCertFile,
    port,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

async function certificate(dir: string): Promise<{ key: string; cert: string; caCertFile: string }> {
  mkdirSync(dir, { recursive: true });
  const certFile = path.join(dir, 'cosmos-cert.pem');
  const keyFile = path.join(dir, 'cosmos-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    if (Date.parse(new X509Certificate(cert).validTo) > Date.now() + 86_400_000)
      return { key: readFileSync(keyFile, 'utf8'), cert, caCertFile: certFile };
  }
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    days: 365,
    keySize: 2048,
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  } as Parameters<typeof generate>[1]);
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caCertFile: certFile };
}
