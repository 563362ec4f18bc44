import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { DemoDirectory } from './demoDirectory';
import { createDevIssuer, type DevIssuer } from './devIssuer';
import { sendProblem } from './httpIo';
import type { SigninClient } from './signinClients';

export interface IdentityServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Defaults to http://localhost:<bound port>/dev, which suits port 0. */
  readonly issuer?: string;
  readonly audience: string;
  readonly keyFile?: string;
  /** Loopback by default: anyone who can reach the issuer can mint tokens. */
  readonly host?: string;
  readonly now?: () => number;
  readonly directory?: DemoDirectory;
  /** Apps that sign users in with the authorization code flow. */
  readonly clients?: readonly SigninClient[];
}

export interface IdentityServer {
  readonly issuer: string;
  readonly port: number;
  /** Where the server actually listens (the issuer may name another address, e.g. after a restart). */
  readonly url: string;
  /** The JWKS at the listening address, for makeAccessTokenVerifier. */
  readonly jwksUri: string;
  readonly devIssuer: DevIssuer;
  close(): Promise<void>;
}

/** Runs the dev issuer on its own node:http server (the local host mounts `handle` instead). */
export async function startIdentityServer(options: IdentityServerOptions): Promise<IdentityServer> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  const issuer = (options.issuer ?? `http://localhost:${port}/dev`).replace(/\/+$/, '');
  let devIssuer: DevIssuer;
  try {
    devIssuer = await createDevIssuer({
      issuer,
      audience: options.audience,
      keyFile: options.keyFile,
      now: options.now,
      directory: options.directory,
      clients: options.clients,
    });
  } catch (e) {
    await close(server);
    throw e;
  }
  server.on('request', (req, res) => {
    devIssuer
      .handle(req, res)
      .then((handled) => handled || sendProblem(res, 'not_found', 'No such dev issuer route.'))
      .catch((e: unknown) => {
        console.error('dev issuer: request failed', e instanceof Error ? e.message : e);
        if (!res.headersSent) sendProblem(res, 'internal', 'The dev issuer failed.');
        else res.destroy();
      });
  });
  const jwksUri = `${url}${new URL(issuer).pathname.replace(/\/+$/, '')}/keys`;
  return { issuer, port, url, jwksUri, devIssuer, close: () => close(server) };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((e) => (e ? reject(e) : resolve()));
    // Keep-alive sockets would otherwise hold close() open.
    server.closeAllConnections();
  });
}

// Run on its own:
//   node dist/infra/local/identity/server.js --port 7072 --audience api://reseller-connect \
//     --key-file .local/dev-issuer-key.json
if (require.main === module) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '7072' },
      audience: { type: 'string' },
      'key-file': { type: 'string' },
      issuer: { type: 'string' },
    },
  });
  if (!values.audience) throw new Error('--audience is required');
  startIdentityServer({
    port: Number(values.port),
    audience: values.audience,
    keyFile: values['key-file'],
    issuer: values.issuer,
  })
    .then((s) => console.log(`dev issuer ${s.issuer} (sign in: ${s.issuer}/signin)`))
    .catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
}
